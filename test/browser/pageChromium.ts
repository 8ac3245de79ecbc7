/**
 * A web page under a debugger, for the suites that follow one: Debian's Chromium started
 * headless on a page (served by tfjsPage.ts) with its DevTools endpoint open, and a plain CDP
 * client for the test to act as the debugger that runs the page (js-debug, in VS Code).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM, PAGE_FLAGS } from '../chromium';

function getJson<T>(url: string): Promise<T> {
  return new Promise((done, fail) => {
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => done(JSON.parse(body) as T));
    }).on('error', fail);
  });
}

/** Chromium on one page, with the page's CDP endpoint. */
export interface PageBrowser {
  /** The page's own CDP endpoint (`ws://127.0.0.1:PORT/devtools/page/ID`). */
  pageCdpUrl: string;
  close(): Promise<void>;
}

/** Starts headless Chromium on `url` with its DevTools endpoint on a free port. */
export async function openPage(url: string): Promise<PageBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'tfjs-page-'));
  const browser: ChildProcess = spawn(CHROMIUM, ['--headless=new', ...PAGE_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, url], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: Chromium's helper processes end with it.
    detached: true,
  });
  const port = await new Promise<number>((done, fail) => {
    let text = '';
    browser.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(text);
      if (match) done(Number(match[1]));
    });
    browser.once('exit', (code) => fail(new Error(`chromium exited (${code}) before its DevTools endpoint opened: ${text}`)));
  });
  const targets = await getJson<{ type: string; url: string; webSocketDebuggerUrl: string }[]>(`http://127.0.0.1:${port}/json/list`);
  const page = targets.find((target) => target.type === 'page' && target.url.startsWith(url.split('?')[0]));
  if (!page) throw new Error(`no page for ${url} among ${JSON.stringify(targets.map((target) => target.url))}`);
  return {
    pageCdpUrl: page.webSocketDebuggerUrl,
    close: async () => {
      const exited = new Promise((done) => browser.once('exit', done));
      if (browser.exitCode === null && browser.pid) process.kill(-browser.pid, 'SIGKILL');
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** A plain CDP client on one endpoint: the test's stand-in for the debugger that runs the page. */
export class CdpClient {
  private nextId = 1;
  private readonly pending = new Map<number, { done: (result: unknown) => void; fail: (error: Error) => void }>();
  private readonly listeners: ((method: string, params: Record<string, unknown>) => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
      };
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.fail(new Error(message.error.message));
        else waiting?.done(message.result);
      } else if (message.method) {
        for (const listener of this.listeners) listener(message.method, message.params ?? {});
      }
    });
  }

  static async connect(url: string): Promise<CdpClient> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((done, fail) => socket.once('open', done).once('error', fail));
    return new CdpClient(socket);
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((done, fail) => {
      this.pending.set(id, { done: done as (result: unknown) => void, fail });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The value of a global expression in the page (awaited when it is a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{ result: { value: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
    return result.value;
  }

  /** Resolves with the params of the next `method` event. */
  next(method: string): Promise<Record<string, unknown>> {
    return new Promise((done) => {
      const listener = (name: string, params: Record<string, unknown>) => {
        if (name !== method) return;
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        done(params);
      };
      this.listeners.push(listener);
    });
  }

  /** Resolves once `expression` is truthy in the page, polling; fails after `ms`. */
  async until(expression: string, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > end) throw new Error(`${expression} did not hold within ${ms / 1000} s`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  close(): void {
    this.socket.close();
  }
}
