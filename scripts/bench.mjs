// `npm run bench` (after `npm run build`): compiles the benchmarks with the tests and runs them
// (`npm run bench -- NAME…`: those named in bench/index.ts only).
import { spawnSync } from 'node:child_process';

const compile = spawnSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 1);
const bench = spawnSync('node', ['out/bench/index.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(bench.status ?? 1);
