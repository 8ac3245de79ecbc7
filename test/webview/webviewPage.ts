/**
 * A panel's webview outside VS Code, for tests and benchmarks: its built dist/webviews script
 * served in the very page the extension builds (same CSP), a headless Chromium to load it,
 * and a stub `acquireVsCodeApi` that records what the page posts, so that a test can act as
 * the extension host.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../extension/panels/webviewHtml';

const REPO = resolve(__dirname, '..', '..', '..');
export const WEBVIEWS = join(REPO, 'dist', 'webviews');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NONCE = 'testnonce0123456789abcdefABCDEF';

/** Serves the page of panel `name` (dist/webviews/<name>.js and .css, and `worker`) on a free 127.0.0.1 port. */
export function serveWebviewPage(name: string, worker?: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(
        webviewHtml({
          title: name,
          scriptUri: `${origin}/${name}.js`,
          styleUri: `${origin}/${name}.css`,
          workerUri: worker && `${origin}/${worker}.js`,
          cspSource: origin,
          nonce: NONCE,
        }),
      );
      return;
    }
    const file = join(WEBVIEWS, url.pathname.replace(/^\/+/, ''));
    if (!file.startsWith(WEBVIEWS) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type });
    response.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Debian's Chromium, headless, with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A loaded panel page with the host's side of the conversation. */
export interface WebviewPage<ToHost extends { type: string }> {
  page: Page;
  /** Page errors, console errors. */
  problems: string[];
  /** CSP violations the page saw. */
  violations(): Promise<string[]>;
  posted(): Promise<ToHost[]>;
  waitForPosted(match: (m: ToHost) => boolean): Promise<ToHost>;
  clearPosted(): Promise<void>;
  /** What the page saved with `setState`. */
  state(): Promise<unknown>;
}

/** Opens a page on `server` (from `serveWebviewPage`) with the stub API, and waits for its `ready`. */
export async function openWebviewPage<ToHost extends { type: string }>(
  browser: Browser,
  server: Server,
  viewport = { width: 900, height: 600 },
): Promise<WebviewPage<ToHost>> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { posted: unknown[]; state: unknown; violations: string[]; acquireVsCodeApi: () => unknown };
    w.posted = [];
    w.violations = [];
    // Kept in sessionStorage, so that a reload plays a panel hidden and shown again.
    const saved = sessionStorage.getItem('vscode-state');
    w.state = saved === null ? undefined : JSON.parse(saved);
    document.addEventListener('securitypolicyviolation', (event) => w.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    w.acquireVsCodeApi = () => ({
      postMessage: (message: unknown) => w.posted.push(message),
      getState: () => w.state,
      setState: (state: unknown) => {
        w.state = state;
        sessionStorage.setItem('vscode-state', JSON.stringify(state));
      },
    });
  });
  const posted = () => page.evaluate(() => (window as unknown as { posted: ToHost[] }).posted);
  const waitForPosted = async (match: (m: ToHost) => boolean): Promise<ToHost> => {
    for (let i = 0; i < 100; i++) {
      const found = (await posted()).find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no such message; posted: ${JSON.stringify(await posted())}`);
  };
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await waitForPosted((m) => m.type === 'ready');
  return {
    page,
    problems,
    violations: () => page.evaluate(() => (window as unknown as { violations: string[] }).violations),
    posted,
    waitForPosted,
    clearPosted: () =>
      page.evaluate(() => {
        (window as unknown as { posted: unknown[] }).posted = [];
      }),
    state: () => page.evaluate(() => (window as unknown as { state: unknown }).state),
  };
}

/**
 * The colour on screen at page point (x, y), from a 1×1 screenshot: whatever draws it (canvas,
 * SVG, CSS). A 1×1 PNG's row filter adds nothing to its one pixel, so no unfiltering is needed.
 */
export async function screenPixel(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.floor(x), y: Math.floor(y), width: 1, height: 1 } });
  const chunks: Buffer[] = [];
  let colorType = 0;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IHDR') colorType = png[at + 8 + 9];
    if (type === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  if (colorType !== 2 && colorType !== 6) throw new Error(`unexpected PNG colour type ${colorType}`);
  return [raw[1], raw[2], raw[3]];
}
