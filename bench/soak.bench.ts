/**
 * Long runs (issue: hardening): 10,000 training steps of the example's model under the
 * debugger (launched by the adapter, recorder on: profile, tapes, source lines), against the
 * same program undebugged: time per step, and the heap after a full collection at step 250
 * and at the end (test/fixtures/faults/soak.js prints both).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { repoRoot } from './support';

const program = path.join(repoRoot, 'test', 'fixtures', 'faults', 'soak.js');
const steps = 10_000;

interface SoakRun {
  msPerStep: number;
  heapMb: number[];
  tensors: number[];
}

function parse(output: string): SoakRun {
  const reports = [...output.matchAll(/^step \d+ loss \S+ tensors (\d+) heapMB (\S+)$/gm)];
  const done = /^soak done (\S+) ms\/step$/m.exec(output);
  if (!done) throw new Error(`the soak program did not finish:\n${output.slice(-2000)}`);
  return { msPerStep: Number(done[1]), heapMb: reports.map((match) => Number(match[2])), tensors: reports.map((match) => Number(match[1])) };
}

async function debugged(): Promise<SoakRun> {
  const client = new DebugClient('node', path.join(repoRoot, 'dist', 'debug-adapter.js'), 'tfjs');
  client.defaultTimeout = 600_000;
  await client.start();
  let output = '';
  client.on('output', (event: DebugProtocol.OutputEvent) => {
    if (event.body.category === 'stdout') output += event.body.output;
  });
  const exited = client.waitForEvent('exited');
  await Promise.all([
    client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
    client.launch({ program, env: { SOAK_STEPS: String(steps) }, runtimeArgs: ['--expose-gc'] }),
  ]);
  await exited;
  await client.stop();
  return parse(output);
}

function undebugged(): SoakRun {
  return parse(
    execFileSync('node', ['--expose-gc', program], {
      env: { ...process.env, SOAK_STEPS: String(steps) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
}

/** Runs the benchmark and returns its table rows. */
export async function runSoakBench(): Promise<string[][]> {
  const base = undebugged();
  const run = await debugged();
  const growth = run.heapMb[run.heapMb.length - 1] - run.heapMb[0];
  const flat = new Set(run.tensors).size === 1;
  return [
    [`${steps} training steps undebugged (baseline)`, `${base.msPerStep.toFixed(3)} ms/step`, '', ''],
    [`${steps} training steps under the debugger, recorder on`, `${run.msPerStep.toFixed(3)} ms/step`, `${(run.msPerStep / base.msPerStep).toFixed(2)}×`, ''],
    [
      `${steps} steps under the debugger: heap at step 250 → ${steps}`,
      `${run.heapMb[0].toFixed(1)} → ${run.heapMb[run.heapMb.length - 1].toFixed(1)} MB`,
      `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB`,
      `tensors ${flat ? `flat at ${run.tensors[0]}` : run.tensors.join(' → ')}`,
    ],
  ];
}
