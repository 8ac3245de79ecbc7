/**
 * The one typed CDP connection of the adapter. Commands and events are typed by
 * `devtools-protocol`; a failed command rejects with a {@link CdpError} that names the method.
 * The transport underneath (the in-process agent's socket, or a WebSocket: `--inspect`'s for
 * attach, js-debug's proxy for a page) only moves JSON messages.
 */
import { EventEmitter } from 'node:events';
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping';
import type { BinaryParams } from '../../protocol/agentWire';

/**
 * The command js-debug's CDP proxy adds (vscode-js-debug, `src/adapter/cdpProxy.ts`): events
 * reach a proxy client only for the domains or events it subscribed to.
 */
interface JsDebugProxyCommands {
  'JsDebug.subscribe': { paramsType: [{ events: string[] }]; returnType: Record<string, never> };
}

type Commands = ProtocolMapping.Commands & JsDebugProxyCommands;
export type CdpCommand = keyof Commands;
export type CdpParams<M extends CdpCommand> = Commands[M]['paramsType'][0];
export type CdpResult<M extends CdpCommand> = Commands[M]['returnType'];
export type CdpEvent = keyof ProtocolMapping.Events;
export type CdpEventParams<E extends CdpEvent> = ProtocolMapping.Events[E][0];

/** Moves CDP messages (and, from the agent, raw bytes beside them); closing is reported once. */
export interface CdpTransport {
  send(message: object): void;
  onMessage(listener: (message: unknown, binary?: Buffer) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

/** Raw bytes from the agent and the message that named them. */
export interface Delivery {
  params: BinaryParams;
  bytes: Buffer;
}

/** A CDP command that failed, named by its method. */
export class CdpError extends Error {
  constructor(
    readonly method: string,
    readonly cdpMessage: string,
  ) {
    super(`${method}: ${cdpMessage}`);
    this.name = 'CdpError';
  }
}

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

type IncomingMessage = { id: number; result?: unknown; error?: { message: string } } | { method: string; params?: unknown };

/** Typed request/response and events over a {@link CdpTransport}. */
export class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new EventEmitter();
  private closed = false;
  /** Raw bytes by transfer id: arrived and not yet taken, or awaited. */
  private readonly arrived = new Map<number, Delivery>();
  private readonly awaited = new Map<number, (delivery: Delivery) => void>();

  constructor(private readonly transport: CdpTransport) {
    transport.onMessage((message, binary) => this.receive(message as IncomingMessage, binary));
    transport.onClose(() => {
      this.closed = true;
      for (const { method, reject } of this.pending.values()) reject(new CdpError(method, 'connection closed'));
      this.pending.clear();
      this.events.emit('close');
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a CDP command (or an agent method, typed by the caller) and awaits its result. */
  send<M extends CdpCommand>(method: M, ...params: Commands[M]['paramsType']): Promise<CdpResult<M>> {
    return this.request(method, params[0]) as Promise<CdpResult<M>>;
  }

  /** Sends a method outside the CDP typings (the agent's own). */
  request(method: string, params?: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new CdpError(method, 'connection closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.transport.send(params === undefined ? { id, method } : { id, method, params });
    });
  }

  on<E extends CdpEvent>(event: E, listener: (params: CdpEventParams<E>) => void): void {
    this.events.on(event, listener);
  }

  /** Listens to an event outside the CDP typings (the agent's own). */
  onEvent(method: string, listener: (params: unknown) => void): void {
    this.events.on(method, listener);
  }

  /** The raw bytes of transfer `id`, with what came with them (the agent's `Agent.binary` event). */
  binary(id: number, timeoutMs = 30_000): Promise<Delivery> {
    const delivery = this.arrived.get(id);
    if (delivery) {
      this.arrived.delete(id);
      return Promise.resolve(delivery);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.awaited.delete(id);
        reject(new CdpError('Agent.binary', `transfer ${id} did not arrive`));
      }, timeoutMs);
      this.awaited.set(id, (arrived) => {
        clearTimeout(timer);
        resolve(arrived);
      });
    });
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.events.once('close', listener);
  }

  close(): void {
    this.transport.close();
  }

  private receive(message: IncomingMessage, binary?: Buffer): void {
    if (binary && 'method' in message) {
      const params = message.params as BinaryParams;
      const waiting = this.awaited.get(params.id);
      this.awaited.delete(params.id);
      if (waiting) waiting({ params, bytes: binary });
      else this.arrived.set(params.id, { params, bytes: binary });
      return;
    }
    if ('id' in message) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new CdpError(pending.method, message.error.message));
      else pending.resolve(message.result);
    } else {
      this.events.emit(message.method, message.params);
    }
  }
}
