/**
 * The transport to the in-process agent: the adapter listens on a Unix domain socket in a
 * private 0700 temporary folder (a named pipe on Windows) and the program's agent connects
 * to it. Nothing listens on TCP.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeFrame, FrameDecoder } from '../../common/node/socketFrames';
import type { CdpTransport } from './connection';

/** A listening socket that yields the agent's connection once. */
export class AgentListener {
  private constructor(
    readonly socketPath: string,
    private readonly server: net.Server,
    private readonly folder: string | undefined,
  ) {}

  static async listen(): Promise<AgentListener> {
    let socketPath: string;
    let folder: string | undefined;
    if (process.platform === 'win32') {
      socketPath = `\\\\.\\pipe\\tfjs-debugger-${process.pid}-${Math.random().toString(36).slice(2)}`;
    } else {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-debugger-'));
      fs.chmodSync(folder, 0o700);
      socketPath = path.join(folder, 'agent.sock');
    }
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, resolve);
    });
    return new AgentListener(socketPath, server, folder);
  }

  /** Resolves with the first connection, or rejects after `timeoutMs` or when `abort` fires. */
  accept(timeoutMs: number, abort: Promise<string>): Promise<CdpTransport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the program did not connect within ${timeoutMs / 1000} s`)), timeoutMs);
      void abort.then((reason) => {
        clearTimeout(timer);
        reject(new Error(reason));
      });
      this.server.once('connection', (socket) => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new SocketTransport(socket));
      });
    });
  }

  /** Stops listening and removes the private folder. */
  dispose(): void {
    this.server.close();
    if (this.folder) fs.rmSync(this.folder, { recursive: true, force: true });
  }
}

class SocketTransport implements CdpTransport {
  private readonly decoder = new FrameDecoder();

  constructor(private readonly socket: net.Socket) {
    // A closed program resets the socket; the close event reports it.
    socket.on('error', () => undefined);
  }

  send(message: object): void {
    if (!this.socket.destroyed) this.socket.write(encodeFrame(message));
  }

  onMessage(listener: (message: unknown, binary?: Buffer) => void): void {
    this.socket.on('data', (chunk) => {
      for (const frame of this.decoder.push(chunk)) listener(frame.message, frame.binary);
    });
  }

  onClose(listener: () => void): void {
    this.socket.once('close', listener);
  }

  close(): void {
    this.socket.destroy();
  }
}
