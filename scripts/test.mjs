// `npm test`: builds, type-checks and lints, runs the unit, adapter, webview and browser
// (headless Chromium) suites with mocha, then the real-VS-Code suite (code-server + Chromium, installed
// on first use by scripts/tools.mjs). Ends with one closing line `N passed, N failed` over all suites.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { ensureChromium } from './tools.mjs';

function step(command, args) {
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) {
    console.log(`${command} ${args.join(' ')} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

/** Runs the mocha suites in this process and returns their counts. */
async function runMocha(files) {
  const mocha = new Mocha({ reporter: 'spec', timeout: 60_000 });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures }));
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
// tsc never deletes what it compiled before: a test file renamed or removed would still run
// from a stale out/ and be counted.
rmSync('out', { recursive: true, force: true });
step('npx', ['tsc', '-p', '.']);
step('npm', ['run', 'lint']);

const files = ['out/test/unit', 'out/test/adapter', 'out/test/faults', 'out/test/webview', 'out/test/browser'].flatMap((dir) =>
  readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => join(dir, name)),
);
const mocha = await runMocha(files.sort());
const vscode = await runVsCodeSuite();
const passed = mocha.passed + vscode.passed;
const failed = mocha.failed + vscode.failed;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
