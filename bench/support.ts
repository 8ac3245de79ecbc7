/**
 * Shared pieces of the adapter benchmarks: medians, and a DebugClient session on the built
 * adapter that launches a program and runs to its first breakpoint, or follows a page another
 * debugger runs. The benchmarks reach the adapter only as VS Code does, through DAP and the
 * `tfjs/*` custom requests.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TensorRequestArgs, TensorResponseBody } from '../protocol/customRequests';

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

/** Starts a client attached as the companion of the debugger that runs the page of `companionCdpUrl`. */
export async function followPage(companionCdpUrl: string): Promise<DebugClient> {
  const client = new DebugClient('node', adapter, 'tfjs');
  client.defaultTimeout = 30_000;
  await client.start();
  await Promise.all([
    client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
    client.attachRequest({ companionCdpUrl } as DebugProtocol.AttachRequestArguments),
  ]);
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

/** `tfjs/tensor` through DAP, the view's float32 bytes decoded from base64 as a panel does. */
export async function tensorBytes(client: DebugClient, args: TensorRequestArgs): Promise<Buffer> {
  const { body } = (await client.customRequest('tfjs/tensor', args)) as { body: TensorResponseBody };
  return Buffer.from(body.view.data, 'base64');
}
