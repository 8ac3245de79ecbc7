/**
 * Shared helpers of the adapter suites: a DebugClient on the built adapter, the example and
 * fixture paths, and small DAP walks (top frame, a scope's variables).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TensorResponseBody } from '../../protocol/customRequests';
import { markersOf } from '../lineMarkers';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const adapterPath = path.join(repoRoot, 'dist', 'debug-adapter.js');
export const exampleProgram = path.join(repoRoot, 'examples', 'mlp', 'train.js');
/** A line of the example by its marker comment (`MODEL_RETURN_LINE`: `return output;` in model()). */
export const exampleLine = markersOf(exampleProgram);
export const fixture = (name: string): string => path.join(repoRoot, 'test', 'fixtures', name);

/** Starts a DebugClient on the built adapter (stdin/stdout). */
export async function startClient(): Promise<DebugClient> {
  const client = new DebugClient('node', adapterPath, 'tfjs');
  client.defaultTimeout = 20_000;
  await client.start();
  return client;
}

/**
 * Launches, sets line breakpoints once the adapter is initialized, and waits for the first
 * stop. (DebugClient.hitBreakpoint wants breakpoints verified at once; ours bind when their
 * script loads, as the contract allows.)
 */
export async function runToBreakpoint(
  client: DebugClient,
  launchArgs: Record<string, unknown>,
  file: string,
  /** Lines, or breakpoints with a condition and the like. */
  lines: (number | DebugProtocol.SourceBreakpoint)[],
): Promise<DebugProtocol.StoppedEvent> {
  const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await Promise.all([
    client.waitForEvent('initialized').then(async () => {
      await client.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => (typeof line === 'number' ? { line } : line)) });
      await client.configurationDoneRequest();
    }),
    client.launch(launchArgs),
  ]);
  return stopped;
}

/** Starts a DebugClient before each test of the suite and stops it after; `use` gets it. */
export function clientPerTest(use: (client: DebugClient) => void): void {
  let current: DebugClient | undefined;
  beforeEach(async () => {
    current = await startClient();
    use(current);
  });
  afterEach(async () => {
    await current?.stop();
  });
}

/** The top stack frame of the stopped thread. */
export async function topFrame(client: DebugClient): Promise<DebugProtocol.StackFrame> {
  const { body } = await client.stackTraceRequest({ threadId: 1 });
  return body.stackFrames[0];
}

/** The variables of the first scope of a frame, by name. */
export async function localVariables(client: DebugClient, frameId: number): Promise<Map<string, DebugProtocol.Variable>> {
  const { body } = await client.scopesRequest({ frameId });
  const local = body.scopes[0];
  const { body: vars } = await client.variablesRequest({ variablesReference: local.variablesReference });
  return new Map(vars.variables.map((v) => [v.name, v]));
}

/** Evaluates in the REPL of a frame and returns the result text. */
export async function repl(client: DebugClient, expression: string, frameId?: number): Promise<string> {
  const { body } = await client.evaluateRequest({ expression, frameId, context: 'repl' });
  return body.result;
}

/** Resolves when the program's output of `category` has contained `text`. */
export function waitForOutput(client: DebugClient, category: 'stdout' | 'stderr', text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    const listener = (event: DebugProtocol.OutputEvent): void => {
      if (event.body.category !== category) return;
      seen += event.body.output;
      if (seen.includes(text)) {
        client.removeListener('output', listener);
        resolve();
      }
    };
    client.on('output', listener);
  });
}

/** Whether a process is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The float32 values of a `tfjs/tensor` view. */
export function floats(body: TensorResponseBody): number[] {
  const bytes = Buffer.from(body.view.data, 'base64');
  return [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)];
}

/** A Node program started under its inspector on a free port. */
export interface InspectedProgram {
  child: ChildProcess;
  /** The inspector's port, and its first target's WebSocket URL. */
  port: number;
  url: string;
  /** What the program printed so far. */
  output: () => string;
}

/** Starts `node <nodeArgs>` whose flags open the inspector on 127.0.0.1:0; resolves once it listens. */
export function startInspected(nodeArgs: string[], env: Record<string, string> = {}): Promise<InspectedProgram> {
  const child = spawn('node', nodeArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      const match = /(ws:\/\/127\.0\.0\.1:(\d+)\/\S+)/.exec(stderr);
      if (match) resolve({ child, port: Number(match[2]), url: match[1], output: () => stdout });
    });
    child.once('exit', () => reject(new Error(`the program exited: ${stderr}`)));
  });
}
