// ESLint flat config: typescript-eslint's recommended rules over the TypeScript sources,
// Node globals for scripts and examples (the examples are CommonJS, as users write them).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers and what each may import (ARCHITECTURE.md: arrows point down, nothing imports upward
 * or sideways). A relative import reaching another top-level folder must be to one listed here;
 * `browser` layers run in a webview and may not use Node or `common/node`.
 */
const layers = {
  protocol: { imports: ['protocol'], browser: true },
  common: { imports: ['common', 'protocol'], browser: true },
  runtime: { imports: ['runtime', 'common', 'protocol'] },
  // The one file of runtime/ the adapter imports: the code it has V8 run in the program as text.
  'debug-adapter': { imports: ['debug-adapter', 'common', 'protocol'], modules: ['runtime/adapterCode'] },
  // The extension imports it too: js-debug's `customDescriptionGenerator` runs in the program.
  extension: { imports: ['extension', 'common', 'protocol'], modules: ['runtime/adapterCode'], vscode: true },
  webviews: { imports: ['webviews', 'common', 'protocol'], browser: true },
};
const layerNames = Object.keys(layers);

/** Node's globals that browsers lack, switched off again where a file runs in a page (`require`, `process`, …). */
const nodeOnlyGlobalsOff = Object.fromEntries(
  Object.keys(globals.node)
    .filter((name) => !(name in globals.browser))
    .map((name) => [name, 'off']),
);

function layerRule(name, { imports, modules = [], browser = false, vscode = false }) {
  const forbidden = layerNames.filter((other) => !imports.includes(other));
  const allowed = [...imports.map((layer) => `${layer}/`), ...modules.map((module) => `${module}.ts`)];
  const patterns = [];
  if (forbidden.length > 0) {
    patterns.push({
      regex: `^(\\.\\./)+${modules.map((module) => `(?!${module}$)`).join('')}(${forbidden.join('|')})(/|$)`,
      message: `${name}/ may import only ${allowed.join(', ')} (the layer table in eslint.config.mjs): move what both need to common/.`,
    });
  }
  if (browser) {
    // From inside common/, its Node half is a sibling folder (`./node/`, `../node/`).
    patterns.push({
      regex: name === 'common' ? '^(\\.\\.?/)+node(/|$)' : '^(\\.\\./)+common/node(/|$)',
      message: `${name}/ runs in a browser too: common/node/ is for Node only.`,
    });
    patterns.push({ regex: '^node:', message: `${name}/ runs in a browser too: no Node built-ins.` });
  }
  if (!vscode) patterns.push({ regex: '^vscode$', message: `only extension/ may import vscode.` });
  return {
    files: [name === 'common' ? 'common/!(node)/**/*.ts' : `${name}/**/*.ts`, ...(name === 'common' ? ['common/*.ts'] : [])],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

/**
 * Past the session, the adapter never knows how its program started (ARCHITECTURE.md,
 * "Starting a program"): the debugger and its services may import the `DebugTarget` interface,
 * not a target. Their rule is the adapter's layer rule with that one pattern more.
 */
function targetBlindRule() {
  const [, { patterns }] = layerRule('debug-adapter', layers['debug-adapter']).rules['no-restricted-imports'];
  return {
    files: ['debug-adapter/programDebugger.ts', 'debug-adapter/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...patterns,
            {
              regex: '(^|/)targets/(?!debugTarget$)',
              message: 'the debugger and its services see only targets/debugTarget.ts: how the program started stays in targets/.',
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  // The syntax-error fixture must not parse: that is the fault it stands for.
  { ignores: ['dist/**', 'out/**', '.tools/**', 'node_modules/**', '**/node_modules/**', 'test-results/**', 'test/fixtures/faults/syntaxError.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...Object.entries(layers).map(([name, layer]) => layerRule(name, layer)),
  targetBlindRule(),
  // What the adapter and the extension import of runtime/ brings nothing of the runtime's bundle with it.
  {
    files: ['runtime/adapterCode.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.\\./protocol/)', message: 'runtime/adapterCode.ts is imported by the adapter and the extension: it may import only protocol/.' },
          ],
        },
      ],
    },
  },
  // Node's half of common/: shared by the runtime and the adapter, never by a webview.
  {
    files: ['common/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+(runtime|debug-adapter|extension|webviews)(/|$)', message: 'common/node/ may import only common/ and protocol/.' }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['examples/**/*.js', 'test/fixtures/**/*.js', 'bench/fixtures/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Pages' scripts: classic scripts in a browser, with tfjs's UMD bundle loaded before them
  // (the browser example's serve.js is not one: it runs in Node).
  {
    files: ['test/fixtures/browser/**/*.js', 'examples/browser/**/*.js', 'bench/fixtures/page*.js'],
    ignores: ['examples/browser/serve.js'],
    languageOptions: { sourceType: 'script', globals: { ...nodeOnlyGlobalsOff, ...globals.browser } },
  },
  // A bundled app's sources are ES modules, which the test bundles.
  { files: ['test/fixtures/browser/bundled/**/*.js'], languageOptions: { sourceType: 'module' } },
);
