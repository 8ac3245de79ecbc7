// Bundles the programs of the extension with esbuild: the extension (runs in VS Code's
// extension host), the debug adapter (its own Node process) and the runtime (preloaded into
// the user's program, so it is a small bundle of its own), in Node and, as a second bundle,
// for web pages; and the webviews' browser scripts
// and stylesheets into dist/webviews/ (the only folder a webview may load from).
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

// Webview scripts and stylesheets: for the browser, into the one folder a webview may load from.
const webview = {
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  sourcemap: true,
  logLevel: 'warning',
  outdir: 'dist/webviews',
};

const builds = [
  { ...common, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // ws loads these optional native speed-ups only when installed.
  { ...common, entryPoints: ['debug-adapter/main.ts'], outfile: 'dist/debug-adapter.js', external: ['bufferutil', 'utf-8-validate'] },
  {
    ...common,
    entryPoints: ['runtime/index.ts'],
    outfile: 'dist/runtime.js',
    // Named so that its frames can be told apart from the program's and hidden.
    footer: { js: '//# sourceURL=tfjs-debugger:///runtime.js' },
  },
  // The runtime injected into a web page: no Node built-in may reach it (esbuild fails on
  // a `node:` import on this platform), nothing is polyfilled.
  {
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    // The map is written beside the bundle but not named in it: the page's debugger (js-debug)
    // would try to fetch it from the bundle's tfjs-debugger:// URL and report that it cannot.
    sourcemap: 'external',
    logLevel: 'warning',
    entryPoints: ['runtime/browserEntry.ts'],
    outfile: 'dist/runtime-browser.js',
    footer: { js: '//# sourceURL=tfjs-debugger:///runtime-browser.js' },
  },
  {
    ...webview,
    entryPoints: [
      { in: 'webviews/heatmap/main.ts', out: 'heatmap' },
      { in: 'webviews/heatmap/heatmap.css', out: 'heatmap' },
      { in: 'webviews/profile/main.ts', out: 'profile' },
      { in: 'webviews/profile/profile.css', out: 'profile' },
    ],
  },
  // The model panel.
  {
    ...webview,
    entryPoints: [
      { in: 'webviews/model/main.ts', out: 'model' },
      { in: 'webviews/model/model.css', out: 'model' },
    ],
  },
  // The gradient tape panel, and its layout worker (dagre) as a script of its own.
  {
    ...webview,
    entryPoints: [
      { in: 'webviews/tape/main.ts', out: 'tape' },
      { in: 'webviews/tape/tape.css', out: 'tape' },
      { in: 'webviews/tape/layoutWorker.ts', out: 'tapeLayout' },
    ],
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
