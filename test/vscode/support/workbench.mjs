// The workbench the real-VS-Code scenarios run in, for run.mjs: code-server (installed from npm
// by scripts/tools.mjs) with the smoke-test driver, serving the example folder with the
// extension in development mode and the tests module in its extension host, opened in
// headless chromium through playwright-core; a scratch folder holds the profiles, the logs and
// the handshake files (see handshake.ts), and goes when the workbench closes.
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** The flags Chromium runs headless with here, shared with the webview suite. */
const chromiumFlags = JSON.parse(readFileSync(new URL('../../chromiumFlags.json', import.meta.url), 'utf8'));
import { ensureChromium, ensureCodeServer, freePort, startCodeServer, workbenchUrl } from '../../../scripts/tools.mjs';

const HOST = '127.0.0.1';

export const log = (msg) => process.stderr.write(`[vscode-test] ${msg}\n`);
export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
// For races only: an unref'd timer does not hold the process open once the other side won.
export const deadline = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/** Relays the lines the extension host's reporter appends to `file`, as they arrive. */
function createLogRelay(file) {
  let offset = 0;
  let partial = '';
  const pump = (final = false) => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size > offset) {
      const fd = openSync(file, 'r');
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      closeSync(fd);
      offset = size;
      partial += buf.toString('utf8');
    }
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) process.stdout.write(`${line}\n`);
    if (final && partial) {
      process.stdout.write(`${partial}\n`);
      partial = '';
    }
  };
  const timer = setInterval(pump, 250);
  return {
    close() {
      clearInterval(timer);
      pump(true);
    },
  };
}

/**
 * Starts code-server and chromium, ready to open the workbench on `workspace` with the tests
 * module `suitePath` of the extension at `extensionPath` (`page.goto(url)`: the tests start
 * then). Answers `{ page, url, reloadUrl, handshakeDir, exited, workbenchLog, started, flushLog, close }`
 * (`reloadUrl`: the same window without the tests):
 * `exited` resolves with `{ code }` (the tests' exit code) or
 * `{ error }` (crash, code-server gone, `timeoutMs` passed); `flushLog` relays the last lines
 * of `mochaLog`; `close` stops everything and removes the scratch folder (kept with `keep`).
 */
export async function openWorkbench({ extensionPath, suitePath, workspace, mochaLog, timeoutMs, verbose, keep }) {
  const toolsStart = Date.now();
  const executablePath = await ensureChromium();
  await ensureCodeServer();
  log(`tools ready in ${seconds(Date.now() - toolsStart)}`);

  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'tfjs-vscode-test-'));
  const handshakeDir = join(scratch, 'handshake');
  mkdirSync(handshakeDir);
  // A quiet, predictable window: no chat panel or welcome page competing for space in the
  // screenshots (and no chat sign-in chatter in the workbench log).
  mkdirSync(join(scratch, 'user-data', 'User'), { recursive: true });
  writeFileSync(
    join(scratch, 'user-data', 'User', 'settings.json'),
    JSON.stringify(
      {
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
      },
      null,
      2,
    ),
  );
  const workbenchLog = [];
  let server;
  let context;
  let overallTimer;
  const relay = createLogRelay(join(handshakeDir, mochaLog));
  const close = async () => {
    clearTimeout(overallTimer);
    relay.close();
    const t0 = Date.now();
    // Bounded: a wedged browser must not keep us from stopping code-server.
    await Promise.race([context?.close().catch(() => {}), deadline(10_000)]);
    await server?.stop();
    log(`stopped chromium and code-server in ${seconds(Date.now() - t0)}`);
    if (keep) log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      close().finally(() => process.exit(130));
    });
  }

  try {
    const port = await freePort(HOST);
    server = await startCodeServer({
      host: HOST,
      port,
      workspace,
      stateDir: scratch,
      // The smoke-test driver makes the workbench honour the test payload and call
      // codeAutomationExit; without it the payload is ignored silently.
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      // Inherited by the extension host: where the tests write their log and handshake files.
      env: { TFJS_VSCODE_TEST_DIR: handshakeDir },
      onOutput: (text) => verbose && process.stderr.write(`[code-server] ${text}`),
    });
    log(`code-server up at ${server.url} in ${seconds(Date.now() - started)}`);

    context = await chromium.launchPersistentContext(join(scratch, 'chromium-profile'), {
      executablePath,
      headless: true,
      // Our own handlers shut down in order (browser, code-server, scratch folder); playwright's
      // would exit the process after closing the browser alone.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: { width: 1600, height: 1000 },
      args: [...chromiumFlags.common, ...chromiumFlags.ui],
    });
    const page = context.pages()[0] ?? (await context.newPage());

    let reportExit;
    const exited = new Promise((r) => (reportExit = r));
    // The workbench calls these two (smoke-test driver): log lines, and the extension host's
    // exit code once the tests module's run() settled.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = `[${type}] ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
      workbenchLog.push(line);
      if (verbose) process.stderr.write(`[workbench] ${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit({ code: Number(code) }));
    page.on('crash', () => reportExit({ error: 'the page crashed' }));
    server.child.once('exit', (code, signal) => reportExit({ error: `code-server exited (${signal ?? code})` }));
    overallTimer = setTimeout(() => reportExit({ error: `timed out after ${seconds(timeoutMs)}` }), timeoutMs);

    const url = workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: extensionPath, extensionTestsPath: suitePath });
    // The same window without the tests: what "Reload Window" loads once the suite is done.
    const reloadUrl = workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: extensionPath });
    return { page, url, reloadUrl, handshakeDir, exited, workbenchLog, started, flushLog: () => relay.close(), close };
  } catch (err) {
    await close();
    throw err;
  }
}
