/**
 * Launch latency on the example: `launch` request → first stop at a breakpoint inside
 * `model()` (program start, tfjs load, breakpoints bound), then stop → Variables filled
 * (stackTrace + scopes + variables of the top frame). Medians over a few sessions.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lineOf } from '../test/lineMarkers';
import { endSession, fillVariables, median, repoRoot, startAtBreakpoint } from './support';

const program = path.join(repoRoot, 'examples', 'mlp', 'train.js');
const modelReturnLine = lineOf(program, 'MODEL_RETURN_LINE');
const sessions = 5;

async function once(): Promise<{ launchMs: number; variablesMs: number }> {
  const start = performance.now();
  const client = await startAtBreakpoint({ program }, modelReturnLine);
  const launchMs = performance.now() - start;
  try {
    const filled = performance.now();
    await fillVariables(client);
    return { launchMs, variablesMs: performance.now() - filled };
  } finally {
    await endSession(client);
  }
}

/** Runs the benchmark and returns its table rows. */
export async function runLaunchBench(): Promise<string[][]> {
  const runs = [];
  for (let i = 0; i < sessions; i++) runs.push(await once());
  return [
    ['example: launch → first stop in model()', `${median(runs.map((r) => r.launchMs)).toFixed(1)} ms`, '', `median of ${sessions}, adapter start included`],
    ['example: stop → Variables filled', `${median(runs.map((r) => r.variablesMs)).toFixed(2)} ms`, '', `median of ${sessions}`],
  ];
}
