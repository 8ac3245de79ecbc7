// `npm start`: builds the extension and opens VS Code with it loaded in development mode on the
// examples folder. With a desktop `code` on PATH that is an Extension Development Host window;
// without one (servers, containers) it serves VS Code through code-server and prints the URL
// to open in a browser. Stop with Ctrl+C.
//
// Environment: PORT (default 8080) and HOST (default 127.0.0.1) for code-server.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { REPO, startCodeServer, workbenchUrl } from './tools.mjs';

const WORKSPACE = join(REPO, 'examples');
// Kept between runs (unlike the tests' scratch profile): settings and layout survive restarts.
const STATE_DIR = join(REPO, '.tools', 'start-state');

function runInherit(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not here */
    }
  }
  return undefined;
}

const buildCode = await runInherit('npm', ['run', 'build']);
if (buildCode !== 0) process.exit(buildCode);

const code = findOnPath('code');
if (code) {
  // The desktop app returns once the window is open; its own lifetime is the window's.
  process.exit(await runInherit(code, [`--extensionDevelopmentPath=${REPO}`, WORKSPACE]));
}

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);
console.error(`No desktop "code" on PATH: serving VS Code with code-server on ${host}:${port}.`);
let server;
try {
  server = await startCodeServer({
    host,
    port,
    workspace: WORKSPACE,
    stateDir: STATE_DIR,
    // code-server only honours the extensionDevelopmentPath payload with the smoke-test
    // driver enabled; it has no other effect unless a page defines the automation hooks.
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  });
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  console.error(`(Is port ${port} taken? Choose another with PORT=...)`);
  process.exit(1);
}

const url = workbenchUrl(server.url, { folder: WORKSPACE, extensionDevelopmentPath: REPO });
console.log(`
TF.js Model Debugger is loaded in development mode ("[Extension Development Host]" in the title).
Open this URL in a browser (forward port ${port} first if this is a remote machine):

  ${url}

After a rebuild (npm run build), run "Developer: Reload Window" in the page.
Press Ctrl+C to stop.
`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.error(`\n${signal}: stopping code-server`);
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
server.child.on('exit', (exitCode, signal) => {
  if (stopping) return;
  console.error(`code-server exited (${signal ?? exitCode})`);
  process.exit(exitCode || 1);
});
