// `npm test`: builds, type-checks and lints, runs the unit, adapter, webview and browser
// (headless Chromium) suites with mocha, then the real-VS-Code suite (code-server + Chromium, installed
// on first use by scripts/tools.mjs). Ends with one closing line `N passed, N failed` over all suites.
//
// Work that does not depend on each other overlaps, for the two cores of a CI machine:
// code-server installs (mostly downloading and unpacking) from the start, type-checking and
// linting run side by side, and mocha runs its files in two worker processes; the real-VS-Code
// suite follows. Output of what runs in the background is held and printed whole once it ends,
// so no two streams interleave.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { ensureChromium } from './tools.mjs';

function fail(what) {
  console.log(`${what} failed`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function step(command, args) {
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) fail(`${command} ${args.join(' ')}`);
}

/** Process groups of the commands still running in the background, ended when we exit. */
const running = new Set();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});
// Ctrl+C reaches our process group only; the background commands have their own.
process.once('SIGINT', () => process.exit(130));

/**
 * Starts a command in the background, in its own process group (so that ending it ends what
 * it started), with its stdout and stderr held together: resolves with its exit code and output.
 */
function startHeld(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child.pid);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.on('error', (err) => resolve({ code: 1, output: `${output}${err.message}\n` }));
    child.on('close', (code) => {
      running.delete(child.pid);
      resolve({ code: code ?? 1, output });
    });
  });
}

/**
 * Runs the mocha files in two worker processes, each taking the next file as it finishes one.
 * Mocha's parallel mode reports a file's tests once the file is done, so the output reads as
 * it would from one process.
 */
function runMocha(files) {
  const mocha = new Mocha({ reporter: 'spec', timeout: 60_000, parallel: true, jobs: 2 });
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => resolve({ passed: runner.stats.passes, failed: Math.max(failures, runner.stats.failures) }));
  });
}

/** Runs the real-VS-Code suite and reads its closing `N passed, N failed` line. */
function runVsCodeSuite() {
  return new Promise((resolve) => {
    const child = spawn('node', ['test/vscode/run.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => {
      const counts = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
      const passed = counts ? Number(counts[1]) : 0;
      const failed = counts ? Number(counts[2]) : 1;
      resolve({ passed, failed: code !== 0 && failed === 0 ? 1 : failed });
    });
  });
}

step('node', ['scripts/build.mjs']);
// The webview suites drive Debian's chromium: installed before they run, so that a fresh
// machine runs them instead of skipping them.
await ensureChromium();
const tools = startHeld('node', ['scripts/tools.mjs']);
// tsc never deletes what it compiled before: a test file renamed or removed would still run
// from a stale out/ and be counted.
rmSync('out', { recursive: true, force: true });
const checks = [
  ['npx', ['tsc', '-p', '.']],
  ['npm', ['run', 'lint']],
].map(([command, args]) => ({ name: `${command} ${args.join(' ')}`, result: startHeld(command, args) }));
const failedChecks = [];
for (const check of checks) {
  const { code, output } = await check.result;
  process.stdout.write(output);
  if (code !== 0) failedChecks.push(check.name);
}
if (failedChecks.length > 0) fail(failedChecks.join(' and '));

// Files that start programs or browsers first, so that the many short unit files fill in at the end.
const files = ['out/test/adapter', 'out/test/faults', 'out/test/browser', 'out/test/webview', 'out/test/unit'].flatMap((dir) =>
  readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => join(dir, name)),
);
const mocha = await runMocha(files);
// The install's output, held until now; where it failed, the suite tries once more itself.
process.stderr.write((await tools).output);
// After mocha, not beside it: run beside mocha's two workers on two cores, the suite's pages
// and sessions slowed past its time limit (tried: 2 scenarios failed, the suite cut at 300 s).
const vscode = await runVsCodeSuite();
const passed = mocha.passed + vscode.passed;
const failed = mocha.failed + vscode.failed;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
