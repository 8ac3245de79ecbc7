// `npm test`: builds, compiles the tests, runs the unit and adapter suites with mocha, then
// the real-VS-Code suite (code-server + Chromium, installed on first use by scripts/tools.mjs).
// Prints one closing line `N passed, N failed` over all suites.
import { spawnSync } from 'node:child_process';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  return result.status ?? 1;
}

if (run('node', ['scripts/build.mjs']) !== 0) process.exit(1);
if (run('npx', ['tsc', '-p', '.']) !== 0) process.exit(1);
const mochaStatus = run('npx', ['mocha', '--reporter', 'spec', 'out/test/unit/**/*.test.js', 'out/test/adapter/**/*.test.js']);
process.exit(mochaStatus);
