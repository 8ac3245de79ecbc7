/**
 * Tensor bytes from a paused program to a DAP client: a 1024×1024 float32 tensor through
 * `tfjs/tensor` with `full: true` (raw bytes through the agent's socket, base64 in the DAP
 * answer) against `arraySync()` as JSON text through `evaluate` in the same session, and
 * the default 512×512 view (block-reduced in the program). Through the built adapter as
 * VS Code reaches it, so DAP's JSON and base64 are part of each time.
 */
import * as path from 'node:path';
import { lineOf } from '../test/lineMarkers';
import { endSession, repoRoot, startAtBreakpoint, tensorBytes, timed } from './support';

const program = path.join(repoRoot, 'bench', 'fixtures', 'bigTensor.js');
const holdReturnLine = lineOf(program, 'HOLD_RETURN_LINE');

/** Runs the benchmark and returns its table rows. */
export async function runTransferBench(): Promise<string[][]> {
  const client = await startAtBreakpoint({ program }, holdReturnLine);
  try {
    const { body } = await client.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 1 });
    const frameId = body.stackFrames[0].id;
    const full = await timed(9, async () => {
      const bytes = await tensorBytes(client, { expression: 'x', frameId, full: true });
      const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      if (values.length !== 1024 * 1024) throw new Error(`expected 1048576 values, got ${values.length}`);
    });
    const view = await timed(9, async () => {
      const bytes = await tensorBytes(client, { expression: 'x', frameId });
      if (bytes.byteLength !== 512 * 512 * 4) throw new Error(`expected a 512×512 view, got ${bytes.byteLength} bytes`);
    });
    // The baseline reads the same tensor as a plain evaluation would: numbers as JSON text,
    // shown quoted as a string result.
    const byValue = await timed(3, async () => {
      const answer = await client.evaluateRequest({ expression: 'JSON.stringify(x.arraySync())', frameId, context: 'repl' });
      Float32Array.from((JSON.parse(answer.body.result.slice(1, -1)) as number[][]).flat());
    });
    return [
      [
        '1024×1024 float32 → Float32Array in a DAP client, tfjs/tensor full',
        `${full.toFixed(2)} ms`,
        `${(byValue / full).toFixed(0)}× faster`,
        'target ≤ 15 ms, ≥ 25×',
      ],
      ['1024×1024 float32, arraySync() as JSON through evaluate (baseline)', `${byValue.toFixed(1)} ms`, '', ''],
      ['1024×1024 float32 → default 512×512 view in a DAP client', `${view.toFixed(2)} ms`, '', 'target ≤ 8 ms'],
    ];
  } finally {
    await endSession(client);
  }
}
