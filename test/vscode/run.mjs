// Runs the real-VS-Code scenarios (test/vscode/scenarios/, one file each) without downloading
// VS Code: code-server driven by headless chromium (support/workbench.mjs). The extension
// host runs the scenarios' host halves as mocha tests (out/test/vscode/suite/index.js), as with
// @vscode/test-electron (see electron.mjs for that runner); this runner runs their page halves,
// each when its host half asks through the handshake files (support/handshake.ts): it looks at
// and drives the page, takes the screenshot test-results/vscode-<scenario>.png, and answers
// with what it saw or why it failed. Ends with the line `N passed, N failed`.
//
// Exit code: the extension tests' (0 on success), or 1 when a page half failed, a host half
// never asked for its page half, or the whole run timed out.
//
// Environment:
//   VSCODE_TEST_TIMEOUT_S      overall limit once the tools are installed (default 300)
//   VSCODE_TEST_VERBOSE=1      relay the workbench's and code-server's logs to stderr
//   VSCODE_TEST_KEEP=1         keep the scratch folder (profiles, logs) for inspection
//   VSCODE_TEST_EXTENSION_PATH / VSCODE_TEST_SUITE_PATH
//                              run another extension / tests module (to try the harness)
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { REPO } from '../../scripts/tools.mjs';
import { deadline, log, openWorkbench, seconds } from './support/workbench.mjs';

const EXTENSION_PATH = resolve(process.env.VSCODE_TEST_EXTENSION_PATH ?? REPO);
const SUITE_PATH = resolve(process.env.VSCODE_TEST_SUITE_PATH ?? join(REPO, 'out', 'test', 'vscode', 'suite', 'index.js'));
const COMPILED = join(REPO, 'out', 'test', 'vscode');
const RESULTS_DIR = join(REPO, 'test-results');
const TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_S ?? 300) * 1000;
const VERBOSE = process.env.VSCODE_TEST_VERBOSE === '1';

/** Fails fast, before minutes of waiting, when the build or the compiled suite is missing. */
function checkInputs() {
  for (const file of [SUITE_PATH, join(COMPILED, 'scenarios', 'index.js')]) {
    if (!existsSync(file)) throw new Error(`${file} not found; compile the tests first (npx tsc -p .).`);
  }
  const pkg = JSON.parse(readFileSync(join(EXTENSION_PATH, 'package.json'), 'utf8'));
  if (pkg.main && !existsSync(join(EXTENSION_PATH, pkg.main)) && !existsSync(join(EXTENSION_PATH, `${pkg.main}.js`))) {
    throw new Error(`Extension entry ${pkg.main} not found in ${EXTENSION_PATH}; build first (npm run build).`);
  }
}

/** A page half's kit; `screenshot()` without a suffix marks the page's own screenshot taken. */
function pageKit(scenario, page, step, onScreenshot = () => {}) {
  const screenshot = async (suffix, element) => {
    const file = join(RESULTS_DIR, `vscode-${scenario.name}${suffix ? `-${suffix}` : ''}.png`);
    try {
      await (element ?? page).screenshot({ path: file });
      log(`screenshot: ${file}`);
    } catch (err) {
      log(`screenshot failed: ${err instanceof Error ? err.message : err}`);
    }
    if (!element) onScreenshot();
  };
  return { page, log, step, screenshot };
}

/**
 * Runs one scenario's page half: waits for its host half's ask, gives it the page, answers
 * with what it saw or with the failing step. Resolves with undefined on success, or the reason.
 */
async function runPageHalf(scenario, page, handshake, handshakeDir, isDone) {
  const request = await handshake.waitForAsk(handshakeDir, scenario.name, isDone);
  if (request === undefined) return `the extension host test never asked for the ${scenario.name} check`;
  const seen = {};
  let step;
  let screenshotTaken = false;
  const kit = pageKit(
    scenario,
    page,
    (what) => (step = what),
    () => (screenshotTaken = true),
  );
  let failure;
  try {
    await scenario.page(kit, JSON.parse(request || '{}'), seen);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    failure = step ? `could not ${step}: ${reason}` : reason;
  }
  if (failure || !screenshotTaken) await kit.screenshot();
  handshake.answerHost(handshakeDir, scenario.name, failure ? { failure: `${failure}; seen so far: ${JSON.stringify(seen)}` } : { seen });
  return failure;
}

/**
 * Loads the window again without the tests, as "Reload Window" does, and runs the scenarios'
 * `afterReload` checks on it. Resolves with how many passed and failed.
 */
async function runReloadChecks(checks, page, reloadUrl) {
  const counts = { passed: 0, failed: 0 };
  if (checks.length === 0) return counts;
  log('loading the window again, as Reload Window does');
  await page.goto(reloadUrl);
  for (const scenario of checks) {
    let step;
    const kit = pageKit({ name: `${scenario.name}-reload` }, page, (what) => (step = what));
    try {
      await scenario.afterReload(kit);
      process.stdout.write(`  ✔ after Reload Window: ${scenario.title}\n`);
      counts.passed++;
    } catch (err) {
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      process.stdout.write(`  ✗ after Reload Window: ${scenario.title}: ${step ? `could not ${step}: ` : ''}${reason}\n`);
      counts.failed++;
    }
    await kit.screenshot();
  }
  return counts;
}

async function main() {
  checkInputs();
  const require = createRequire(import.meta.url);
  const { scenarios } = require(join(COMPILED, 'scenarios', 'index.js'));
  const handshake = require(join(COMPILED, 'support', 'handshake.js'));
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const file of readdirSync(RESULTS_DIR).filter((name) => /^vscode-.*\.png$/.test(name))) rmSync(join(RESULTS_DIR, file));

  const workbench = await openWorkbench({
    extensionPath: EXTENSION_PATH,
    suitePath: SUITE_PATH,
    workspace: join(REPO, 'examples'),
    mochaLog: handshake.MOCHA_LOG,
    timeoutMs: TIMEOUT_MS,
    verbose: VERBOSE,
    keep: process.env.VSCODE_TEST_KEEP === '1',
  });
  try {
    const { page, handshakeDir } = workbench;
    let done = false;
    // TFJS_VSCODE_TEST_GREP picks scenarios by title, as the extension host's mocha does.
    const selected = scenarios.filter((scenario) => new RegExp(process.env.TFJS_VSCODE_TEST_GREP ?? '').test(scenario.title));
    // Each waits for its own ask; the host halves reach them one after the other.
    const pageHalves = Promise.all(
      selected
        .filter((scenario) => scenario.page)
        .map((scenario) =>
          runPageHalf(scenario, page, handshake, handshakeDir, () => done).catch((err) => `${scenario.name} check crashed: ${err?.message ?? err}`),
        ),
    ).then((failures) => failures.filter(Boolean).join('; ') || undefined);

    log(`opening ${workbench.url}`);
    await page.goto(workbench.url);

    const outcome = await workbench.exited;
    done = true;
    // A page half answers before its host half continues, so they have settled by now unless
    // the run ended abnormally; then each notices `done` within a poll.
    const pageFailure = await Promise.race([pageHalves, deadline(2000).then(() => 'the page checks did not finish')]);
    workbench.flushLog();

    let result;
    try {
      result = JSON.parse(readFileSync(join(handshakeDir, handshake.RESULT_FILE), 'utf8'));
    } catch {
      /* the tests module failed before mocha finished (or never loaded) */
    }

    let exitCode = outcome.code ?? 1;
    if (outcome.error) log(`error: ${outcome.error}`);
    if (pageFailure) {
      log(`page check failed: ${pageFailure}`);
      exitCode = exitCode || 1;
    }
    if (!result) {
      log('the extension host test run reported no results; last workbench log lines:');
      for (const line of workbench.workbenchLog.slice(-30)) process.stderr.write(`  ${line}\n`);
      exitCode = exitCode || 1;
    }
    log(`extension host exit code ${outcome.code ?? '-'}, suite time ${seconds(Date.now() - workbench.started)}`);
    // After a run that ended normally: the window loaded again shows what the scenarios left.
    const reload =
      outcome.code === undefined
        ? { passed: 0, failed: 0 }
        : await runReloadChecks(
            selected.filter((s) => s.afterReload),
            page,
            workbench.reloadUrl,
          );
    if (reload.failed > 0) exitCode = exitCode || 1;
    const passed = (result?.passed ?? 0) + reload.passed;
    // A failure outside mocha's count (page check, timeout, crash) counts as one more.
    const failed = (result?.failed ?? 0) + reload.failed + (exitCode && !result?.failed && !reload.failed ? 1 : 0);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return exitCode;
  } finally {
    await workbench.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  log(err instanceof Error ? (VERBOSE && err.stack) || err.message : String(err));
  process.stdout.write('0 passed, 1 failed\n');
  process.exitCode = 1;
}
