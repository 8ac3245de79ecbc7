/**
 * webgpu in Node (issue: GPU in Node), run as a launch runs it: the runtime preloaded with
 * `backend: "webgpu"`, which sets up Dawn (its platform adapter, Vulkan where a driver
 * answers, else OpenGL ES, Mesa's llvmpipe without a GPU). The conv net's steps
 * (bench/fixtures/convNetRecorderBench.js) with the recorder off and on, each step ending in a
 * read of its output so that its time holds the GPU's work; and a 1024×1024 tensor computed on
 * the GPU read at a stop through the built adapter (Variables' statistics, the whole tensor,
 * the default view) against the same tensor on cpu. Runs unchanged on a machine with a GPU
 * (`npm run bench -- gpu`); its first row names the adapter. VK_ICD_FILENAMES and the like
 * pass through to the program.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MemoryInfo } from '../protocol/runtimeApi';
import { lineOf } from '../test/lineMarkers';
import { convNetSteps, stepLabel } from './convNetRecorder.bench';
import { endSession, fillVariables, repoRoot, startAtBreakpoint, tensorBytes, timed } from './support';

/** The launch settings the runtime is preloaded with: the recorder as a launch has it, on webgpu. */
const settings = { profile: true, captureTape: true, maxProfileEvents: 1_000_000, backend: 'webgpu' };

const bigTensor = path.join(repoRoot, 'bench', 'fixtures', 'bigTensor.js');

interface StopReads {
  adapter?: string;
  variablesMs: number;
  fullMs: number;
  viewMs: number;
}

/** A stop holding the 1024×1024 tensor on `backend`: the first Variables, then the whole tensor and the default view. */
async function readsAtStop(backend: string): Promise<StopReads> {
  const client = await startAtBreakpoint({ program: bigTensor, backend }, lineOf(bigTensor, 'HOLD_RETURN_LINE'));
  try {
    const adapter = ((await client.customRequest('tfjs/memory')).body as MemoryInfo).adapter;
    const start = performance.now();
    await fillVariables(client);
    const variablesMs = performance.now() - start;
    const { body } = await client.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 1 });
    const frameId = body.stackFrames[0].id;
    const fullMs = await timed(5, async () => {
      const bytes = await tensorBytes(client, { expression: 'x', frameId, full: true });
      if (bytes.byteLength !== 1024 * 1024 * 4) throw new Error(`expected 1048576 values, got ${bytes.byteLength / 4}`);
    });
    const viewMs = await timed(5, () => tensorBytes(client, { expression: 'x', frameId }));
    return { adapter, variablesMs, fullMs, viewMs };
  } finally {
    await endSession(client);
  }
}

/** Runs the benchmark and returns its table rows. */
export async function runGpuBench(): Promise<string[][]> {
  const cpu = await readsAtStop('cpu');
  const gpu = await readsAtStop('webgpu');
  const { adapter, steps } = convNetSteps('webgpu', {
    nodeArgs: ['-r', path.join(repoRoot, 'dist', 'runtime.js')],
    env: { TFJS_DEBUGGER_SETTINGS: JSON.stringify(settings), CONV_PHASE_MS: process.env.CONV_PHASE_MS ?? '10000' },
  });
  const rows: string[][] = [[`webgpu adapter`, '', '', adapter ?? gpu.adapter ?? 'none named']];
  for (const step of steps) {
    const label = stepLabel('webgpu', step.kind);
    if ('error' in step) {
      rows.push([label, '', '', `cannot run: ${step.error}`]);
      continue;
    }
    rows.push(
      [`${label}, recorder off (baseline)`, `${step.offMs.toFixed(1)} ms`, '', `${step.kernelsPerStep} kernels, output read back`],
      [
        `${label}, recorder on`,
        `${step.onMs.toFixed(1)} ms`,
        `${step.ratio.toFixed(3)}×`,
        `${step.rounds} rounds of ${step.repeats}; added ${step.addedMs.toFixed(2)} ms a step; target ≤ 1.05×`,
      ],
    );
  }
  const pair = (what: string, key: keyof Omit<StopReads, 'adapter'>, note: string): string[][] => [
    [`1024×1024 at a stop on cpu: ${what} (baseline)`, `${cpu[key].toFixed(1)} ms`, '', ''],
    [`1024×1024 at a stop on webgpu: ${what}`, `${gpu[key].toFixed(1)} ms`, `${(gpu[key] / cpu[key]).toFixed(2)}×`, note],
  ];
  rows.push(
    ...pair('first Variables (statistics)', 'variablesMs', 'read off the GPU while paused'),
    ...pair('whole tensor (tfjs/tensor full)', 'fullMs', 'median of 5'),
    ...pair('default 512×512 view', 'viewMs', 'median of 5'),
  );
  return rows;
}
