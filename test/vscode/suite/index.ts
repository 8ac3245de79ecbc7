// Entry point that VS Code loads in the extension host (extensionTestsPath): runs every
// `*.test.js` next to this file with mocha and resolves when they pass.
//
// Both runners load it: test/vscode/run.mjs (code-server in headless chromium) and
// test/vscode/electron.mjs (@vscode/test-electron). Under run.mjs the extension host's
// console does not reach a terminal, so when TFJS_VSCODE_TEST_DIR is set (by run.mjs) the
// reporter also appends each line to `mocha.log` there and writes the totals to
// `result.json`; run.mjs relays both.
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { MOCHA_LOG, RESULT_FILE } from '../support/handshake';

const testDir = process.env.TFJS_VSCODE_TEST_DIR;

function emit(line: string): void {
  console.log(line);
  if (testDir) appendFileSync(join(testDir, MOCHA_LOG), line + '\n');
}

/** A spec-like reporter that writes through `emit`, so its lines reach run.mjs. */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
    let depth = 0;
    const failures: Mocha.Test[] = [];
    const indent = () => '  '.repeat(depth);
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.root) return;
      depth++;
      emit(`${indent()}${suite.title}`);
    });
    runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
      if (!suite.root) depth--;
    });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      emit(`${indent()}  ✔ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      emit(`${indent()}  - ${test.title} (pending)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
      failures.push(test);
      emit(`${indent()}  ✘ ${failures.length}) ${test.title}`);
      // Hooks failing (e.g. `before all`) arrive here too, with the hook as `test`.
      (test as Mocha.Test & { err?: Error }).err = err;
    });
    runner.once(EVENT_RUN_END, () => {
      const stats = this.stats;
      emit('');
      emit(`${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending (${stats.duration ?? 0} ms)`);
      failures.forEach((test, i) => {
        const err = (test as Mocha.Test & { err?: Error }).err;
        emit('');
        emit(`${i + 1}) ${test.fullTitle()}`);
        emit(String(err?.stack ?? err?.message ?? err).replace(/^/gm, '   '));
      });
      if (testDir) {
        writeFileSync(join(testDir, RESULT_FILE), JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending }));
      }
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: LineReporter,
    color: false,
    // Individual tests set tighter limits where they wait on the debugger.
    timeout: 120_000,
    // TFJS_VSCODE_TEST_GREP=browser runs the scenarios whose title matches, while working on one.
    grep: process.env.TFJS_VSCODE_TEST_GREP,
  });
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  // Zero files would "pass"; that only happens when the suite was not compiled.
  if (files.length === 0) return Promise.reject(new Error(`No *.test.js files in ${__dirname}`));
  for (const file of files) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
