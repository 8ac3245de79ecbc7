/**
 * Shared pieces of the adapter benchmarks: medians, and a DebugClient session on the built
 * adapter that launches a program and runs to its first breakpoint.
 */
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugTarget } from '../debug-adapter/debugTarget';
import { launchProgram } from '../debug-adapter/launch/programLauncher';
import { validateLaunch } from '../debug-adapter/launch/validateLaunch';
import { ProgramDebugger } from '../debug-adapter/programDebugger';

export const repoRoot = path.resolve(__dirname, '..', '..');
const adapter = path.join(repoRoot, 'dist', 'debug-adapter.js');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Starts a client, launches `launchArgs` with one breakpoint and waits for the first stop. */
export async function startAtBreakpoint(launchArgs: { program: string } & Record<string, unknown>, line: number): Promise<DebugClient> {
  const client = new DebugClient('node', adapter, 'tfjs');
  client.defaultTimeout = 30_000;
  await client.start();
  const stopped = client.waitForEvent('stopped');
  await Promise.all([
    client.waitForEvent('initialized').then(async () => {
      await client.setBreakpointsRequest({ source: { path: launchArgs.program }, breakpoints: [{ line }] });
      await client.configurationDoneRequest();
    }),
    client.launch(launchArgs),
  ]);
  await stopped;
  return client;
}

/** Ends the program and the adapter. */
export async function endSession(client: DebugClient): Promise<void> {
  await client.disconnectRequest({}).catch(() => undefined);
  await client.stop();
}

/** stackTrace + scopes + variables of the top frame, as VS Code asks at a stop. */
export async function fillVariables(client: DebugClient): Promise<number> {
  const { body } = await client.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 20 });
  const { body: scopes } = await client.scopesRequest({ frameId: body.stackFrames[0].id });
  const { body: vars } = await client.variablesRequest({ variablesReference: scopes.scopes[0].variablesReference });
  return vars.variables.filter((v) => v.type === 'tf.Tensor').length;
}

/** The adapter's own classes on a launched program paused at `line`, in this process. */
export async function pausedInProcess(program: string, line: number, env: Record<string, string> = {}): Promise<{ debug: ProgramDebugger; target: DebugTarget }> {
  const args = validateLaunch({ program, env });
  const target = await launchProgram(args, path.join(repoRoot, 'dist', 'runtime.js'), { onOutput: () => undefined, onExit: () => undefined });
  let stopped!: () => void;
  const stop = new Promise<void>((resolve) => (stopped = resolve));
  const debug = new ProgramDebugger(target, { programPath: program, skipFiles: [], profile: false, captureTape: false }, {
    onStopped: () => stopped(),
    onBreakpointChanged: () => undefined,
    onLog: () => undefined,
  });
  await debug.start();
  await debug.setBreakpoints(program, [{ line }]);
  await debug.configurationDone(false);
  await stop;
  return { debug, target };
}
