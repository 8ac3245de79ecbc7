/**
 * A DAP client over a child process's stdio: the extension's line to the companion adapter it
 * runs beside a js-debug session (VS Code talks to that adapter only through the extension).
 * Messages are framed as DAP frames them: a `Content-Length` header, a blank line, the JSON.
 */
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { DebugProtocol } from '@vscode/debugprotocol';

const headerEnd = '\r\n\r\n';

export class DapClient {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { done: (body: unknown) => void; fail: (error: Error) => void }>();
  private readonly events = new EventEmitter();

  constructor(private readonly adapter: ChildProcess) {
    adapter.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    adapter.once('exit', () => {
      for (const { fail } of this.pending.values()) fail(new Error('the companion debug adapter ended'));
      this.pending.clear();
      this.events.emit('exit');
    });
  }

  /** Sends a request; resolves with the response's body, or rejects with its message. */
  request<T = unknown>(command: string, args?: unknown): Promise<T> {
    const seq = this.seq++;
    const json = Buffer.from(JSON.stringify({ seq, type: 'request', command, arguments: args }), 'utf8');
    return new Promise<T>((done, fail) => {
      this.pending.set(seq, { done: done as (body: unknown) => void, fail });
      this.adapter.stdin?.write(`Content-Length: ${json.length}${headerEnd}`);
      this.adapter.stdin?.write(json);
    });
  }

  /** Calls `listener` with each event named `event`. */
  onEvent(event: string, listener: (body: unknown) => void): void {
    this.events.on(`event:${event}`, listener);
  }

  /** Calls `listener` once the adapter process has ended. */
  onExit(listener: () => void): void {
    this.events.once('exit', listener);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf(headerEnd);
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      const start = end + headerEnd.length;
      if (!Number.isFinite(length) || this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.subarray(start, start + length).toString('utf8')) as DebugProtocol.ProtocolMessage;
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: DebugProtocol.ProtocolMessage): void {
    if (message.type === 'response') {
      const response = message as DebugProtocol.Response;
      const waiting = this.pending.get(response.request_seq);
      this.pending.delete(response.request_seq);
      if (response.success) waiting?.done(response.body);
      else waiting?.fail(new Error(response.message ?? `${response.command} failed`));
    } else if (message.type === 'event') {
      const event = message as DebugProtocol.Event;
      this.events.emit(`event:${event.event}`, event.body);
    }
  }
}
