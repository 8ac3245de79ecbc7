/**
 * The heatmap webview outside VS Code, for tests and benchmarks: the built
 * dist/webviews/heatmap.js served in the very page the extension builds (same CSP), and a
 * headless Chromium to load it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { heatmapHtml } from '../../extension/panels/heatmapHtml';

const REPO = resolve(__dirname, '..', '..', '..');
export const WEBVIEWS = join(REPO, 'dist', 'webviews');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NONCE = 'testnonce0123456789abcdefABCDEF';

/** Serves the heatmap page and its assets on a free 127.0.0.1 port. */
export function serveHeatmapPage(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(heatmapHtml({ scriptUri: `${origin}/heatmap.js`, styleUri: `${origin}/heatmap.css`, cspSource: origin, nonce: NONCE }));
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
