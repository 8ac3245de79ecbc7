/**
 * Stop latency through the real adapter: breakpoint hit → stackTrace + scopes + variables of
 * a frame holding 20 tensors (128×256 float32 each), with tensor statistics on, against the
 * same with statistics off as the baseline; and the step-over round trip (next → stopped →
 * stackTrace). Medians over repeated stops in one session each.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lineOf } from '../test/lineMarkers';
import { endSession, fillVariables, median, repoRoot, startAtBreakpoint } from './support';

const program = path.join(repoRoot, 'bench', 'fixtures', 'twentyTensors.js');
/** The stop with 20 tensors in scope. */
const breakpointLine = lineOf(program, 'COUNTER_LINE');
const stops = 20;

async function session(tensorStatistics: boolean): Promise<{ stopMs: number; stepMs: number; tensors: number }> {
  const client = await startAtBreakpoint({ program, tensorStatistics, env: { ITERATIONS: String(stops + 2) } }, breakpointLine);
  try {
    let tensors = await fillVariables(client);
    const stopTimes: number[] = [];
    for (let i = 0; i < stops; i++) {
      const start = performance.now();
      const stopped = client.waitForEvent('stopped');
      await client.continueRequest({ threadId: 1 });
      await stopped;
      tensors = await fillVariables(client);
      stopTimes.push(performance.now() - start);
    }
    const stepTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const stopped = client.waitForEvent('stopped');
      await client.nextRequest({ threadId: 1 });
      await stopped;
      await client.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 20 });
      stepTimes.push(performance.now() - start);
    }
    return { stopMs: median(stopTimes), stepMs: median(stepTimes), tensors };
  } finally {
    await endSession(client);
  }
}

/** Runs the benchmark and returns its table rows. */
export async function runStopBench(): Promise<string[][]> {
  const baseline = await session(false);
  const measured = await session(true);
  return [
    ['stop → Variables (20 tensors), statistics off (baseline)', `${baseline.stopMs.toFixed(2)} ms`, '', `${baseline.tensors} tensors`],
    [
      'stop → Variables (20 tensors), statistics on',
      `${measured.stopMs.toFixed(2)} ms`,
      `${(measured.stopMs / baseline.stopMs).toFixed(2)}×`,
      'target ≤ 50 ms',
    ],
    ['step over round trip (next → stopped → stackTrace)', `${measured.stepMs.toFixed(2)} ms`, '', 'target ≤ 10 ms'],
  ];
}
