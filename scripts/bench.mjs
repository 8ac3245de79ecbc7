// `npm run bench` (after `npm run build`): compiles the benchmarks with the tests and runs them.
import { spawnSync } from 'node:child_process';

const compile = spawnSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 1);
const bench = spawnSync('node', ['out/bench/index.js'], { stdio: 'inherit' });
process.exit(bench.status ?? 1);
