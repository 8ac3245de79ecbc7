// Runs the extension's tests in a real VS Code without downloading VS Code: code-server (VS
// Code served to a browser, installed from npm by scripts/tools.mjs) driven by headless
// chromium through playwright-core. The tests (out/test/vscode/suite/index.js) run inside
// the extension host as with @vscode/test-electron (see electron.mjs for that runner); this
// runner also checks what the page shows: while the debug session is stopped, the Variables
// view must present the `output` tensor.
//
// Exit code: the extension tests' (0 on success), or 1 when the page check failed, the
// extension host test never reached it, or the whole run timed out.
//
// Environment:
//   VSCODE_TEST_TIMEOUT_S      overall limit once the tools are installed (default 300)
//   VSCODE_TEST_VERBOSE=1      relay the workbench's and code-server's logs to stderr
//   VSCODE_TEST_KEEP=1         keep the scratch folder (profiles, logs) for inspection
//   VSCODE_TEST_EXTENSION_PATH / VSCODE_TEST_SUITE_PATH
//                              run another extension / tests module (to try the harness)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, ensureChromium, ensureCodeServer, freePort, startCodeServer, workbenchUrl } from '../../scripts/tools.mjs';

const HOST = '127.0.0.1';
const EXTENSION_PATH = resolve(process.env.VSCODE_TEST_EXTENSION_PATH ?? REPO);
const SUITE_PATH = resolve(process.env.VSCODE_TEST_SUITE_PATH ?? join(REPO, 'out', 'test', 'vscode', 'suite', 'index.js'));
const WORKSPACE = join(REPO, 'examples');
const RESULTS_DIR = join(REPO, 'test-results');
const SCREENSHOT = join(RESULTS_DIR, 'vscode-variables.png');
const TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_S ?? 300) * 1000;
const VERBOSE = process.env.VSCODE_TEST_VERBOSE === '1';
// What the Variables view must show for the stopped `model()` frame (see extension.test.ts).
const VARIABLE_NAME = 'output';
const VALUE_PREFIX = 'float32[64,1] min=';

const log = (msg) => process.stderr.write(`[vscode-test] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// For races only: an unref'd timer does not hold the process open once the other side won.
const deadline = (ms) => new Promise((r) => setTimeout(r, ms).unref());
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Fails fast, before minutes of waiting, when the build or the compiled suite is missing. */
function checkInputs() {
  if (!existsSync(SUITE_PATH)) {
    throw new Error(`Tests module ${SUITE_PATH} not found; compile the tests first (npx tsc -p .).`);
  }
  const pkg = JSON.parse(readFileSync(join(EXTENSION_PATH, 'package.json'), 'utf8'));
  if (pkg.main && !existsSync(join(EXTENSION_PATH, pkg.main)) && !existsSync(join(EXTENSION_PATH, `${pkg.main}.js`))) {
    throw new Error(`Extension entry ${pkg.main} not found in ${EXTENSION_PATH}; build first (npm run build).`);
  }
}

/** Relays the lines the extension host's reporter appends to mocha.log, as they arrive. */
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

function writeAtomically(file, contents) {
  writeFileSync(`${file}.tmp`, contents);
  renameSync(`${file}.tmp`, file);
}

/** Makes the Variables view visible: VS Code normally opens Run and Debug on a break. */
async function revealVariablesView(page) {
  const variables = page.locator('.debug-variables').first();
  try {
    await variables.waitFor({ state: 'visible', timeout: 5000 });
    return;
  } catch {
    /* not shown (another view container was chosen, or the pane is collapsed) */
  }
  log('Variables view not visible; running "Debug: Focus on Variables View"');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>Debug: Focus on Variables View');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Focus on Variables View' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await variables.waitFor({ state: 'visible', timeout: 10_000 });
}

/**
 * VS Code expands the first inexpensive scope on its own, but not always (seen with a plain
 * inline adapter: the scope stayed collapsed); a user would click it open, and so do we, one
 * collapsed scope at a time, until `target` shows.
 */
async function expandScopesUntil(page, target) {
  try {
    await target.waitFor({ state: 'visible', timeout: 5000 });
    return;
  } catch {
    /* not shown yet: look at the scopes */
  }
  const collapsed = page.locator('.debug-variables .monaco-list-row[aria-level="1"][aria-expanded="false"]');
  for (let i = 0; i < 10 && (await collapsed.count()) > 0; i++) {
    const scope = collapsed.first();
    log(`expanding scope "${(await scope.innerText()).trim()}" in the Variables view`);
    await scope.locator('.monaco-tl-twistie').click();
    try {
      await target.waitFor({ state: 'visible', timeout: 3000 });
      return;
    } catch {
      /* not in this scope */
    }
  }
}

/** Best effort, for the screenshot only: drags the side bar's edge so values are not cut. */
async function widenSideBar(page) {
  try {
    const box = await page.locator('.part.sidebar').boundingBox();
    if (!box) return;
    const x = box.x + box.width;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 400, y, { steps: 10 });
    await page.mouse.up();
    // Off the sash, whose hover highlight would otherwise show in the screenshot.
    await page.mouse.move(x + 800, y);
    await sleep(300);
  } catch {
    /* a narrow screenshot is still a screenshot */
  }
}

/**
 * The page side of the handshake: waits for the extension host test's `stopped`, looks for
 * the tensor in the Variables view, saves the screenshot and answers `ui-ok` or `ui-fail`.
 * Resolves with undefined on success or a failure reason.
 */
async function checkVariablesView(page, handshakeDir, isDone) {
  const stoppedFile = join(handshakeDir, 'stopped');
  while (!existsSync(stoppedFile)) {
    if (isDone()) return 'the extension host test never reported a stopped debug session';
    await sleep(200);
  }
  log('debug session stopped; checking the Variables view in the page');
  let failure;
  try {
    await revealVariablesView(page);
    // A row reads `output = float32[64,1] min=...` (name, separator, value in separate spans).
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const row = page
      .locator('.debug-variables .monaco-list-row')
      .filter({ hasText: new RegExp(`^\\s*${escape(VARIABLE_NAME)}\\s*[=:]\\s*${escape(VALUE_PREFIX)}`) });
    await expandScopesUntil(page, row.first());
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await row.first().innerText()).replace(/\s+/g, ' ').trim();
    log(`Variables view shows: ${text}`);
    await widenSideBar(page);
  } catch (err) {
    const shown = await page
      .locator('.debug-variables .monaco-list-row')
      .allInnerTexts()
      .catch(() => []);
    failure =
      `no "${VARIABLE_NAME}" row with "${VALUE_PREFIX}" in the Variables view ` +
      `(${err instanceof Error ? err.message.split('\n')[0] : err}); rows shown: ${JSON.stringify(shown.map((t) => t.replace(/\s+/g, ' ')))}`;
  }
  try {
    await page.screenshot({ path: SCREENSHOT });
    log(`screenshot: ${SCREENSHOT}`);
  } catch (err) {
    log(`screenshot failed: ${err instanceof Error ? err.message : err}`);
  }
  if (failure) writeAtomically(join(handshakeDir, 'ui-fail'), failure);
  else writeAtomically(join(handshakeDir, 'ui-ok'), '');
  return failure;
}

async function main() {
  checkInputs();
  const toolsStart = Date.now();
  const executablePath = await ensureChromium();
  await ensureCodeServer();
  log(`tools ready in ${seconds(Date.now() - toolsStart)}`);

  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'tfjs-vscode-test-'));
  const handshakeDir = join(scratch, 'handshake');
  mkdirSync(handshakeDir);
  // A quiet, predictable window: no chat panel or welcome page competing for space in the
  // screenshot (and no chat sign-in chatter in the workbench log).
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
  mkdirSync(RESULTS_DIR, { recursive: true });
  rmSync(SCREENSHOT, { force: true });
  const workbenchLog = [];

  let server;
  let context;
  let relay;
  let overallTimer;
  const cleanup = async () => {
    clearTimeout(overallTimer);
    relay?.close();
    const t0 = Date.now();
    // Bounded: a wedged browser must not keep us from stopping code-server.
    await Promise.race([context?.close().catch(() => {}), deadline(10_000)]);
    await server?.stop();
    log(`stopped chromium and code-server in ${seconds(Date.now() - t0)}`);
    if (process.env.VSCODE_TEST_KEEP === '1') log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      cleanup().finally(() => process.exit(130));
    });
  }

  try {
    const port = await freePort(HOST);
    server = await startCodeServer({
      host: HOST,
      port,
      workspace: WORKSPACE,
      stateDir: scratch,
      // The smoke-test driver makes the workbench honour the test payload and call
      // codeAutomationExit; without it the payload is ignored silently.
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      // Inherited by the extension host: where the tests write their log and handshake files.
      env: { TFJS_VSCODE_TEST_DIR: handshakeDir },
      onOutput: (text) => VERBOSE && process.stderr.write(`[code-server] ${text}`),
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
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());

    let reportExit;
    const exited = new Promise((r) => (reportExit = r));
    // The workbench calls these two (smoke-test driver): log lines, and the extension host's
    // exit code once the tests module's run() settled.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = `[${type}] ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
      workbenchLog.push(line);
      if (VERBOSE) process.stderr.write(`[workbench] ${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit({ code: Number(code) }));
    page.on('crash', () => reportExit({ error: 'the page crashed' }));
    server.child.once('exit', (code, signal) => reportExit({ error: `code-server exited (${signal ?? code})` }));
    overallTimer = setTimeout(() => reportExit({ error: `timed out after ${seconds(TIMEOUT_MS)}` }), TIMEOUT_MS);

    relay = createLogRelay(join(handshakeDir, 'mocha.log'));
    let done = false;
    const uiCheck = checkVariablesView(page, handshakeDir, () => done).catch((err) => `UI check crashed: ${err?.message ?? err}`);

    const url = workbenchUrl(server.url, {
      folder: WORKSPACE,
      extensionDevelopmentPath: EXTENSION_PATH,
      extensionTestsPath: SUITE_PATH,
    });
    log(`opening ${url}`);
    await page.goto(url);

    const outcome = await exited;
    done = true;
    // The UI check answers before the test continues the session, so it has settled by now
    // unless the run ended abnormally; then it notices `done` within a poll.
    const uiFailure = await Promise.race([uiCheck, deadline(2000).then(() => 'the UI check did not finish')]);
    relay.close();

    let result;
    try {
      result = JSON.parse(readFileSync(join(handshakeDir, 'result.json'), 'utf8'));
    } catch {
      /* the tests module failed before mocha finished (or never loaded) */
    }

    let exitCode = outcome.code ?? 1;
    if (outcome.error) log(`error: ${outcome.error}`);
    if (uiFailure) {
      log(`UI check failed: ${uiFailure}`);
      exitCode = exitCode || 1;
    }
    if (!result) {
      log('the extension host test run reported no results; last workbench log lines:');
      for (const line of workbenchLog.slice(-30)) process.stderr.write(`  ${line}\n`);
      exitCode = exitCode || 1;
    }
    log(`extension host exit code ${outcome.code ?? '-'}, suite time ${seconds(Date.now() - started)}`);
    const passed = result?.passed ?? 0;
    // A failure outside mocha's count (UI check, timeout, crash) counts as one more.
    const failed = (result?.failed ?? 0) + (exitCode && !result?.failed ? 1 : 0);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return exitCode;
  } finally {
    await cleanup();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  log(err instanceof Error ? ((VERBOSE && err.stack) || err.message) : String(err));
  process.stdout.write('0 passed, 1 failed\n');
  process.exitCode = 1;
}
