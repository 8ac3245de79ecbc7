/**
 * Tensor bytes from a paused program into the adapter: a 1024×1024 float32 tensor through
 * `tfjs/tensor` with `full: true` (raw bytes through the agent's socket) against
 * `arraySync()` returned by value over CDP (JSON numbers) in the same session, and the
 * default 512×512 view (block-reduced in the program). Runs the adapter's own classes in
 * this process, so the times are the adapter's, without DAP's JSON around them.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, pausedInProcess, repoRoot } from './support';

const program = path.join(repoRoot, 'bench', 'fixtures', 'bigTensor.js');
/** Median time of `run` over `repeats` runs. */
export async function timed(repeats: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Runs the benchmark and returns its table rows. */
export async function runTransferBench(): Promise<string[][]> {
  const { debug, target } = await pausedInProcess(program, 7);
  try {
    const full = await timed(9, async () => {
      const { bytes } = await debug.viewTensorBytes({ expression: 'x', full: true });
      const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      if (values.length !== 1024 * 1024) throw new Error(`expected 1048576 values, got ${values.length}`);
    });
    const view = await timed(9, async () => {
      const { bytes } = await debug.viewTensorBytes({ expression: 'x' });
      if (bytes.byteLength !== 512 * 512 * 4) throw new Error(`expected a 512×512 view, got ${bytes.byteLength} bytes`);
    });
    // The baseline reads the same tensor through a global, as a plain CDP client would.
    await debug.evaluate('globalThis.__benchTensor = x', undefined, 'repl');
    const byValue = await timed(3, async () => {
      const answer = await target.connection.send('Runtime.evaluate', { expression: 'globalThis.__benchTensor.arraySync()', returnByValue: true });
      Float32Array.from((answer.result.value as number[][]).flat());
    });
    return [
      ['1024×1024 float32 → Float32Array in the adapter, tfjs/tensor full', `${full.toFixed(2)} ms`, `${(byValue / full).toFixed(0)}× faster`, 'target ≤ 15 ms, ≥ 25×'],
      ['1024×1024 float32, arraySync() by value over CDP (baseline)', `${byValue.toFixed(1)} ms`, '', ''],
      ['1024×1024 float32 → default 512×512 view', `${view.toFixed(2)} ms`, '', 'target ≤ 8 ms'],
    ];
  } finally {
    await debug.terminate();
  }
}
