/**
 * The transport over a CDP WebSocket: Node's `--inspect` endpoint for `attach`, found through
 * the inspector's `/json/list`, or a page's endpoint given by its URL (js-debug's CDP proxy for
 * a page it debugs). Slower per exchange than the in-process agent (the inspector's socket has
 * no TCP_NODELAY), which is why `launch` does not use it.
 */
import * as http from 'node:http';
import WebSocket from 'ws';
import type { CdpTransport } from './connection';

interface InspectorTarget {
  webSocketDebuggerUrl?: string;
}

function listTargets(address: string, port: number, timeoutMs: number): Promise<InspectorTarget[]> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: address, port, path: '/json/list', timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(body) as InspectorTarget[]);
        } catch {
          reject(new Error(`the inspector at ${address}:${port} answered something that is not a target list`));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no inspector answered at ${address}:${port} within ${timeoutMs / 1000} s`)));
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ECONNREFUSED'
          ? new Error(`nothing listens at ${address}:${port}; start the program with node --inspect=${port} -r <runtime.js>`)
          : error,
      ),
    );
  });
}

/** Connects to the first target of the inspector at `address:port`. */
export async function connectToInspector(address: string, port: number, timeoutMs = 10_000): Promise<CdpTransport> {
  const targets = await listTargets(address, port, timeoutMs);
  const url = targets.find((target) => target.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
  if (!url) throw new Error(`the inspector at ${address}:${port} has no target to debug`);
  return connectToWebSocket(url);
}

/** Connects to the CDP endpoint at `url` (`ws://…`). */
export async function connectToWebSocket(url: string): Promise<CdpTransport> {
  const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return new WebSocketTransport(socket);
}

class WebSocketTransport implements CdpTransport {
  constructor(private readonly socket: WebSocket) {
    socket.on('error', () => undefined);
  }

  send(message: object): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  onMessage(listener: (message: unknown) => void): void {
    this.socket.on('message', (data) => listener(JSON.parse(data.toString())));
  }

  onClose(listener: () => void): void {
    this.socket.once('close', listener);
  }

  close(): void {
    this.socket.close();
  }
}
