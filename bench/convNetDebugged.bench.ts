/**
 * Cost of debugging a real model (issue: truthful on real programs): the conv net's training
 * program (bench/fixtures/convNetTrain.js, cpu) run to its end under the debugger without a
 * stop, against the same program undebugged: the median time of a step after warm-up, three
 * runs of each in the order U D D U U D, so that the machine's drift cancels (runs of one
 * program differ by ±5 % on this machine). Then the debugger's parts, in one more debugged
 * run through the adapter's own classes in this process, each switched off and on between
 * steps (A B B A) so that only neighbouring steps are compared: the recording, a breakpoint
 * set on a line that never runs, and async stack traces (the adapter asks V8 for 16 frames of
 * them at every await).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { launchProgram } from '../debug-adapter/launch/programLauncher';
import { validateLaunch } from '../debug-adapter/launch/validateLaunch';
import { ProgramDebugger } from '../debug-adapter/programDebugger';
import type { CdpConnection } from '../debug-adapter/cdp/connection';
import { type RuntimeApi, runtimeGlobal } from '../protocol/runtimeApi';
import { median, repoRoot } from './support';

const program = path.join(repoRoot, 'bench', 'fixtures', 'convNetTrain.js');
const runtimePath = path.join(repoRoot, 'dist', 'runtime.js');
const steps = 3;
const env = { CONV_WARMUP: '1', CONV_STEPS: String(steps) };
/** The program's line that never runs (1-based). */
const neverRunLine = fs.readFileSync(program, 'utf8').split('\n').findIndex((line) => line.includes('// never runs')) + 1;
const stepLine = /^conv step (\d+) (\S+) ms$/gm;

/** The median of the step times the program printed. */
function msPerStep(output: string, expected = steps): number {
  const times = [...output.matchAll(stepLine)].map((match) => Number(match[2]));
  if (times.length !== expected) throw new Error(`the conv-net program did not finish:\n${output.slice(-2000)}`);
  return median(times);
}

function undebugged(preload: string[] = []): number {
  const output = execFileSync('node', [...preload, program], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return msPerStep(output);
}

/** Through the built adapter, as VS Code launches it, with the recorder on. */
async function debugged(): Promise<number> {
  const client = new DebugClient('node', path.join(repoRoot, 'dist', 'debug-adapter.js'), 'tfjs');
  client.defaultTimeout = 300_000;
  await client.start();
  let output = '';
  client.on('output', (event: DebugProtocol.OutputEvent) => {
    if (event.body.category === 'stdout') output += event.body.output;
  });
  const exited = client.waitForEvent('exited');
  await Promise.all([client.waitForEvent('initialized').then(() => client.configurationDoneRequest()), client.launch({ program, env })]);
  await exited;
  await client.stop();
  return msPerStep(output);
}

const setRecording = function (this: RuntimeApi, on: boolean): void {
  this.configureRecording({ profile: on, captureTape: on });
};

/** One part of the debugger, switched off and back on while the program runs. */
interface Part {
  name: string;
  set(on: boolean): Promise<unknown>;
}

function parts(debug: ProgramDebugger, connection: CdpConnection): Part[] {
  let api: string | undefined;
  return [
    {
      name: 'recording (profile + tapes + source lines)',
      set: async (on) => {
        api ??= (await connection.send('Runtime.evaluate', { expression: `globalThis.${runtimeGlobal}` })).result.objectId;
        const { exceptionDetails } = await connection.send('Runtime.callFunctionOn', { objectId: api, functionDeclaration: setRecording.toString(), arguments: [{ value: on }] });
        if (exceptionDetails) throw new Error(`the recording could not be switched: ${exceptionDetails.text}`);
      },
    },
    {
      name: `a breakpoint never hit (line ${neverRunLine}, in the training loop)`,
      set: async (on) => {
        const [breakpoint] = await debug.setBreakpoints(program, on ? [{ line: neverRunLine }] : []);
        if (on && !breakpoint?.verified) throw new Error(`the breakpoint on line ${neverRunLine} did not bind`);
      },
    },
    { name: 'async stack traces (16 frames)', set: (on) => connection.send('Debugger.setAsyncCallStackDepth', { maxDepth: on ? 16 : 0 }) },
  ];
}

/**
 * Each part's cost as the ratio of its steps on to its steps off: `stepsPerPart` steps a part,
 * on and off in the order A B B A, switched when the program prints a step (the switch lands
 * within a millisecond of the next step's start).
 */
async function debuggedParts(stepsPerPart: number): Promise<{ name: string; ratio: number; ratios: number[] }[]> {
  let exited!: () => void;
  const ended = new Promise<void>((resolve) => (exited = resolve));
  const times: number[] = [];
  let pending = '';
  let onLine: (step: number, ms: number) => void = () => undefined;
  const args = validateLaunch({ program, env: { ...env, CONV_STEPS: String(3 * stepsPerPart) } });
  const target = await launchProgram(args, runtimePath, {
    onOutput: (text, category) => {
      if (category !== 'stdout') return;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const match of lines.join('\n').matchAll(stepLine)) onLine(Number(match[1]), Number(match[2]));
    },
    onExit: () => exited(),
  });
  const debug = new ProgramDebugger(target, { programPath: program, skipFiles: args.skipFiles, profile: args.profile, captureTape: args.captureTape }, {
    onStopped: () => undefined,
    onBreakpointChanged: () => undefined,
    onLog: () => undefined,
  });
  const all = parts(debug, target.connection);
  // Step n (from 1) runs with part ⌊(n-1)/stepsPerPart⌋ on at positions 0 and 3 of each four.
  const isOn = (step: number) => [0, 3].includes((step - 1) % stepsPerPart % 4);
  const partOf = (step: number) => all[Math.floor((step - 1) / stepsPerPart)];
  let failed: unknown;
  const fail = (error: unknown) => (failed ??= error);
  onLine = (step, ms) => {
    times[step - 1] = ms;
    const next = step + 1;
    if (!partOf(next)) return;
    if (partOf(next) !== partOf(step)) partOf(step).set(true).catch(fail);
    partOf(next).set(isOn(next)).catch(fail);
  };
  await debug.start();
  await debug.configurationDone(false);
  await ended;
  await target.terminate();
  if (failed) throw failed;
  if (times.length !== all.length * stepsPerPart) throw new Error(`the conv-net program printed ${times.length} of ${all.length * stepsPerPart} steps`);
  return all.map((part, index) => {
    const own = times.slice(index * stepsPerPart, (index + 1) * stepsPerPart);
    const ratios: number[] = [];
    for (let pair = 0; pair + 1 < own.length; pair += 2) {
      const [first, second] = [own[pair], own[pair + 1]];
      ratios.push(isOn(index * stepsPerPart + pair + 1) ? first / second : second / first);
    }
    return { name: part.name, ratio: median(ratios), ratios };
  });
}

/** Runs the benchmark and returns its table rows. */
export async function runConvNetDebuggedBench(): Promise<string[][]> {
  const base: number[] = [];
  const underDebugger: number[] = [];
  // U D D U U D: each kind runs as often first as second.
  for (const debuggedFirst of [false, true, false]) {
    for (const runDebugged of debuggedFirst ? [true, false] : [false, true]) {
      if (runDebugged) underDebugger.push(await debugged());
      else base.push(undebugged());
    }
  }
  const byPart = await debuggedParts(8);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const baseMs = mean(base);
  const label = 'conv net, cpu: trainOnBatch';
  return [
    [`${label} undebugged (baseline)`, `${baseMs.toFixed(0)} ms/step`, '', `runs ${base.map((value) => value.toFixed(0)).join(' / ')} ms`],
    [
      `${label} under the debugger, recorder on, no stop`,
      `${mean(underDebugger).toFixed(0)} ms/step`,
      `${(mean(underDebugger) / baseMs).toFixed(3)}×`,
      `runs ${underDebugger.map((value) => value.toFixed(0)).join(' / ')} ms; target ≤ 1.05×`,
    ],
    ...byPart.map((part) => [
      `${label} under the debugger: ${part.name}`,
      '',
      `${part.ratio.toFixed(3)}×`,
      `on vs off in neighbouring steps: ${part.ratios.map((value) => value.toFixed(3)).join(', ')}`,
    ]),
  ];
}
