/**
 * Recorder overhead on a real model (issue: truthful on real programs): the conv net of
 * bench/fixtures/convNet.js, its training step (trainOnBatch and optimizer.minimize) and its
 * predict, with the recorder off and on (profile + tapes + source lines) in alternating
 * blocks of one process (bench/fixtures/convNetRecorderBench.js), on the cpu and the wasm
 * backend. A step the backend cannot run is a row with the backend's error.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './support';

/** One kind of conv-net step measured with the recorder off and on, or the error it could not run with. */
export type ConvNetStep =
  | { kind: string; error: string }
  | { kind: string; offMs: number; onMs: number; ratio: number; addedMs: number; kernelsPerStep: number; rounds: number; repeats: number };

/**
 * Runs bench/fixtures/convNetRecorderBench.js on `backend` in a process of its own (`nodeArgs`
 * before the script, `env` over this one's); answers its steps and the webgpu adapter it named.
 */
export function convNetSteps(
  backend: string,
  { nodeArgs = [], env = {} }: { nodeArgs?: string[]; env?: Record<string, string> } = {},
): { adapter?: string; steps: ConvNetStep[] } {
  const script = path.join(repoRoot, 'bench', 'fixtures', 'convNetRecorderBench.js');
  const output = execFileSync('node', [...nodeArgs, script, backend], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as { adapter?: string; steps: ConvNetStep[] };
}

/** How a row names a step of convNetRecorderBench.js: `conv net, cpu: training step (minimize)`. */
export function stepLabel(backend: string, kind: string): string {
  if (kind === 'denseTrainOnBatch') return `dense net, ${backend}: training step (trainOnBatch)`;
  return `conv net, ${backend}: ${kind === 'predict' ? 'predict' : `training step (${kind})`}`;
}

/** Runs the benchmark and returns its table rows. */
export function runConvNetRecorderBench(): string[][] {
  const rows: string[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    for (const step of convNetSteps(backend).steps) {
      const label = stepLabel(backend, step.kind);
      if ('error' in step) {
        rows.push([`${label}`, '', '', `cannot run: ${step.error}`]);
        continue;
      }
      const precision = step.offMs < 10 ? 3 : 1;
      rows.push(
        [
          `${label}, recorder off (baseline)`,
          `${step.offMs.toFixed(precision)} ms`,
          '',
          `${step.kernelsPerStep} kernels, ${((step.offMs / step.kernelsPerStep) * 1000).toFixed(0)} µs each on average`,
        ],
        [
          `${label}, recorder on`,
          `${step.onMs.toFixed(precision)} ms`,
          `${step.ratio.toFixed(3)}×`,
          `${step.rounds} rounds of ${step.repeats} step${step.repeats > 1 ? 's' : ''}; added ${step.addedMs.toFixed(2)} ms a step; target ≤ 1.02×`,
        ],
      );
    }
  }
  return rows;
}
