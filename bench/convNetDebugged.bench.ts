/**
 * Cost of debugging a real model (issue: truthful on real programs): the conv net's training
 * program (bench/fixtures/convNetTrain.js, cpu) run to its end under the debugger without a
 * stop, with the recorder on (the default) and off (`"profile": false, "captureTape": false`),
 * against the same program undebugged: the median time of a step after warm-up, three runs of
 * each, each kind as often first, second and third, so that the machine's drift cancels (runs
 * of one program differ by ±5 % on this machine). Then a breakpoint set on a line that never
 * runs, in one more debugged run, set and cleared between steps (A B B A) so that only
 * neighbouring steps are compared. Everything goes through the built adapter as VS Code
 * drives it (DAP launch arguments and requests).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { median, repoRoot } from './support';

const program = path.join(repoRoot, 'bench', 'fixtures', 'convNetTrain.js');
const steps = 3;
const env = { CONV_WARMUP: '1', CONV_STEPS: String(steps) };
/** The program's line that never runs (1-based). */
const neverRunLine =
  fs
    .readFileSync(program, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes('// never runs')) + 1;
const stepLine = /^conv step (\d+) (\S+) ms$/gm;

/** The median of the step times the program printed. */
function msPerStep(output: string, expected = steps): number {
  const times = [...output.matchAll(stepLine)].map((match) => Number(match[2]));
  if (times.length !== expected) throw new Error(`the conv-net program did not finish:\n${output.slice(-2000)}`);
  return median(times);
}

function undebugged(): number {
  const output = execFileSync('node', [program], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return msPerStep(output);
}

/**
 * Launches the program through the built adapter with `launchArgs`, calls `onStep` as each
 * step's line arrives, and answers its whole stdout once it has exited.
 */
async function debuggedRun(
  launchArgs: Record<string, unknown>,
  onStep: (client: DebugClient, step: number, ms: number) => void = () => undefined,
): Promise<string> {
  const client = new DebugClient('node', path.join(repoRoot, 'dist', 'debug-adapter.js'), 'tfjs');
  client.defaultTimeout = 300_000;
  await client.start();
  let output = '';
  let pending = '';
  client.on('output', (event: DebugProtocol.OutputEvent) => {
    if (event.body.category !== 'stdout') return;
    output += event.body.output;
    const lines = (pending + event.body.output).split('\n');
    pending = lines.pop() ?? '';
    for (const match of lines.join('\n').matchAll(stepLine)) onStep(client, Number(match[1]), Number(match[2]));
  });
  const exited = client.waitForEvent('exited');
  await Promise.all([client.waitForEvent('initialized').then(() => client.configurationDoneRequest()), client.launch({ program, ...launchArgs })]);
  await exited;
  await client.stop();
  return output;
}

/** Sets or clears the breakpoint on the line that never runs. */
async function setNeverHitBreakpoint(client: DebugClient, on: boolean): Promise<void> {
  const { body } = await client.setBreakpointsRequest({ source: { path: program }, breakpoints: on ? [{ line: neverRunLine }] : [] });
  if (on && !body.breakpoints[0]?.verified) throw new Error(`the breakpoint on line ${neverRunLine} did not bind`);
}

/**
 * A breakpoint's cost as the median ratio of its steps on to its steps off: after a first step
 * without it, `pairs` pairs of steps, on and off in the order A B B A, switched when the
 * program prints a step (the switch lands within a millisecond of the next step's start).
 */
async function breakpointCost(pairs: number): Promise<{ ratio: number; ratios: number[] }> {
  const stepCount = 1 + 2 * pairs;
  const isOn = (step: number) => [0, 3].includes((step - 2) % 4);
  const times: number[] = [];
  let failed: unknown;
  const output = await debuggedRun({ env: { ...env, CONV_STEPS: String(stepCount) } }, (client, step, ms) => {
    times[step - 1] = ms;
    if (step < stepCount) setNeverHitBreakpoint(client, isOn(step + 1)).catch((error: unknown) => (failed ??= error));
  });
  if (failed) throw failed;
  if (times.length !== stepCount) throw new Error(`the conv-net program printed ${times.length} of ${stepCount} steps:\n${output.slice(-2000)}`);
  const ratios: number[] = [];
  for (let first = 2; first < stepCount; first += 2) {
    const [a, b] = [times[first - 1], times[first]];
    ratios.push(isOn(first) ? a / b : b / a);
  }
  return { ratio: median(ratios), ratios };
}

/** Runs the benchmark and returns its table rows. */
export async function runConvNetDebuggedBench(): Promise<string[][]> {
  const kinds = {
    base: () => Promise.resolve(undebugged()),
    recorderOn: async () => msPerStep(await debuggedRun({ env })),
    recorderOff: async () => msPerStep(await debuggedRun({ env, profile: false, captureTape: false })),
  };
  const runs: Record<keyof typeof kinds, number[]> = { base: [], recorderOn: [], recorderOff: [] };
  const names = Object.keys(kinds) as (keyof typeof kinds)[];
  // Each kind runs once first, once second and once third.
  for (let round = 0; round < names.length; round++) {
    for (const name of [...names.slice(round), ...names.slice(0, round)]) runs[name].push(await kinds[name]());
  }
  const breakpoint = await breakpointCost(4);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const listed = (values: number[]) => `runs ${values.map((value) => value.toFixed(0)).join(' / ')} ms`;
  const baseMs = mean(runs.base);
  const label = 'conv net, cpu: trainOnBatch';
  return [
    [`${label} undebugged (baseline)`, `${baseMs.toFixed(0)} ms/step`, '', listed(runs.base)],
    [
      `${label} under the debugger, recorder on, no stop`,
      `${mean(runs.recorderOn).toFixed(0)} ms/step`,
      `${(mean(runs.recorderOn) / baseMs).toFixed(3)}×`,
      `${listed(runs.recorderOn)}; target ≤ 1.05×`,
    ],
    [
      `${label} under the debugger, recorder off, no stop`,
      `${mean(runs.recorderOff).toFixed(0)} ms/step`,
      `${(mean(runs.recorderOff) / baseMs).toFixed(3)}×`,
      listed(runs.recorderOff),
    ],
    [`${label} under the debugger: the recording (on vs off runs)`, '', `${(mean(runs.recorderOn) / mean(runs.recorderOff)).toFixed(3)}×`, ''],
    [
      `${label} under the debugger: a breakpoint never hit (line ${neverRunLine}, in the training loop)`,
      '',
      `${breakpoint.ratio.toFixed(3)}×`,
      `on vs off in neighbouring steps: ${breakpoint.ratios.map((value) => value.toFixed(3)).join(', ')}`,
    ],
  ];
}
