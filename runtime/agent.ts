/**
 * The in-process CDP agent: a worker thread of the debugged program that opens an inspector
 * session on the main thread (`connectToMainThread`) and relays it over the adapter's private
 * Unix socket. Measured here at ~0.2 ms per round trip against ~44 ms through `--inspect`'s
 * WebSocket, and it opens no TCP port. Because it runs on its own thread, it keeps answering
 * while the main thread is paused at a breakpoint or held before the program's first line.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as net from 'node:net';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { BinaryTransfer, ViewJob } from './binaryChannel';
import { releaseShared, sharedHeaderBytes } from './sharedPool';
import { computeView } from './heatmapView';
import { encodeFrame, encodeFrameParts, FrameDecoder } from '../common/node/socketFrames';
import type { AgentRequest, AgentResponse, ScriptWillRun } from '../protocol/agentWire';
import { agentEvents, agentMethods } from '../protocol/agentWire';

/** Slots of the Int32Array the main thread waits on. */
export const signalSlots = {
  /** 1 once the program may start. */
  release: 0,
  /** Incremented each time an announced script may run. */
  scriptGo: 1,
  /** 1 once the program is exiting: the agent then lets go of the main thread. */
  exiting: 2,
  /** 1 once the agent has let go. */
  detached: 3,
} as const;

/** How many slots the signals hold. */
export const signalCount = 4;

/** What the main thread hands the agent worker. */
export interface AgentData {
  tfjsDebuggerAgent: true;
  socketPath: string;
  /** Int32 slots ({@link signalSlots}) the main thread waits on for the adapter's go-ahead. */
  signals: SharedArrayBuffer;
}

/**
 * Removes the adapter's private socket folder (`tfjs-debugger-*`), which an adapter that
 * died abruptly could not remove itself; a no-op when the adapter already did.
 */
function removeSocketFolder(socketPath: string): void {
  const folder = path.dirname(socketPath);
  if (process.platform === 'win32' || !path.basename(folder).startsWith('tfjs-debugger-')) return;
  try {
    fs.rmSync(folder, { recursive: true, force: true });
  } catch {
    // Nothing more to do for a folder that cannot be removed.
  }
}

/** Connects to the adapter and relays until the socket closes. */
export function runAgent(data: AgentData): void {
  const signals = new Int32Array(data.signals);
  const release = (): void => {
    Atomics.store(signals, signalSlots.release, 1);
    Atomics.notify(signals, signalSlots.release);
  };
  const letScriptRun = (): void => {
    Atomics.add(signals, signalSlots.scriptGo, 1);
    Atomics.notify(signals, signalSlots.scriptGo);
  };
  const session = new inspector.Session();
  session.connectToMainThread();
  const socket = net.createConnection(data.socketPath);
  socket.setNoDelay(true);
  const send = (message: AgentResponse, binary?: Uint8Array, written?: () => void): void => {
    if (!binary) {
      socket.write(encodeFrame(message));
      return;
    }
    // Written in parts, so that megabytes of tensor data are not copied into one buffer;
    // `written` says when the socket no longer needs the binary's memory.
    socket.cork();
    const parts = encodeFrameParts(message, binary);
    parts.forEach((part, i) => socket.write(part, i === parts.length - 1 ? written : undefined));
    socket.uncork();
  };
  session.on('inspectorNotification', (notification) => send(notification as AgentResponse));
  // Node waits at exit, saying "Waiting for the debugger to disconnect...", while a session
  // is attached to the main thread: let go when the program says it is exiting.
  const detach = (): void => {
    session.disconnect();
    Atomics.store(signals, signalSlots.detached, 1);
    Atomics.notify(signals, signalSlots.detached);
  };
  const exiting = Atomics.waitAsync(signals, signalSlots.exiting, 0);
  if (exiting.async) void exiting.value.then(detach);
  else detach();
  parentPort?.on('message', (message: ScriptWillRun | BinaryTransfer | ViewJob) => {
    if ('binary' in message) send({ method: agentEvents.binary, params: { id: message.binary } }, new Uint8Array(message.buffer));
    else if ('view' in message) sendView(message, send);
    else send({ method: agentEvents.scriptWillRun, params: message });
  });
  warmUpViews();

  const decoder = new FrameDecoder();
  socket.on('data', (chunk) => {
    for (const { message } of decoder.push(chunk)) {
      const { id, method, params } = message as AgentRequest;
      if (method === agentMethods.release || method === agentMethods.scriptMayRun) {
        if (method === agentMethods.release) release();
        else letScriptRun();
        send({ id, result: {} });
        continue;
      }
      session.post(method, params as object, (error, result) => {
        send(error ? { id, error: { message: error.message } } : { id, result: result as object });
      });
    }
  });
  // A launched program belongs to its debug session: when the adapter's socket closes (the
  // session ended, or the adapter died), the main thread is let go and the program is ended
  // as the adapter's own SIGTERM would end it, so that no orphan keeps training.
  const end = (): void => {
    release();
    letScriptRun();
    parentPort?.removeAllListeners('message');
    detach();
    socket.destroy();
    removeSocketFolder(data.socketPath);
    if (Atomics.load(signals, signalSlots.exiting) === 0) process.kill(process.pid, 'SIGTERM');
  };
  socket.on('error', end);
  socket.on('close', end);
}

/**
 * Computes a view from shared values on this thread and sends it with its bytes. The shared
 * buffer is released once read, or, for a full view (the shared values themselves), once
 * the socket has written it.
 */
function sendView(job: ViewJob, send: (message: AgentResponse, binary?: Uint8Array, written?: () => void) => void): void {
  const release = (): void => releaseShared(job.shared);
  try {
    const values = new Float32Array(job.shared, sharedHeaderBytes, job.length);
    const { stats, view, data } = computeView(values, job.shape, job.slice, job.maxSize, job.full);
    const shared = data === values;
    if (!shared) release();
    send(
      { method: agentEvents.binary, params: { id: job.view, stats, view } },
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      shared ? release : undefined,
    );
  } catch (error) {
    release();
    send({ method: agentEvents.binary, params: { id: job.view, error: (error as Error).message } }, new Uint8Array(0));
  }
}

/** Runs the view code on small data, so that the first real view is already compiled (each reduction's loop). */
function warmUpViews(): void {
  const values = new Float32Array(128 * 128).map((_, i) => Math.sin(i));
  for (let i = 0; i < 100; i++) {
    for (const size of [128, 64, 32]) computeView(values, [128, 128], undefined, [size, size], false);
    computeView(values, [128, 128], undefined, [128, 128], true);
  }
}
