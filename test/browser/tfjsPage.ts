/**
 * A web page that uses tfjs as pages do, for the browser runtime's tests: tfjs's UMD bundle
 * (and, for wasm, the wasm backend's bundle and .wasm files) and the page's own script
 * (test/fixtures/browser/app.js) served on a free 127.0.0.1 port, and the two ways the
 * debugger injects dist/runtime-browser.js: before the page's scripts run (the runtime hooks
 * tfjs as it loads) or into a page that already runs tfjs.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { basename, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { RuntimeSettings } from '../../protocol/runtimeApi';
import { pageRuntimeInjection } from '../../runtime/adapterCode';
import { pageUrl, serve } from '../localServer';

const REPO = resolve(__dirname, '..', '..', '..');
export const BUNDLE = join(REPO, 'dist', 'runtime-browser.js');
const FIXTURES = join(REPO, 'test', 'fixtures', 'browser');
export const APP = join(FIXTURES, 'app.js');
const TFJS = join(REPO, 'node_modules', '@tensorflow');

/** The backends a page may run on. */
export type PageBackend = 'cpu' | 'webgl' | 'wasm' | 'webgpu';

/** The backends tfjs's UMD bundle leaves out, with the bundle each needs (served as /NAME). */
const BACKEND_BUNDLES: Record<string, string> = {
  wasm: join(TFJS, 'tfjs-backend-wasm', 'dist', 'tf-backend-wasm.min.js'),
  webgpu: join(TFJS, 'tfjs-backend-webgpu', 'dist', 'tf-backend-webgpu.min.js'),
};

/** The page's HTML: tfjs, the backend's own bundle where it has one, then the page's own scripts (files of the served scripts folder), in order. */
function pageHtml(backend: string, scripts: string[]): string {
  const bundle = BACKEND_BUNDLES[backend] ? `<script src="/${basename(BACKEND_BUNDLES[backend])}"></script>` : '';
  const own = scripts.map((script) => `<script src="/${script}"></script>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>tfjs on ${backend}</title><script src="/tf.min.js"></script>${bundle}${own}</head><body></body></html>`;
}

/** The files the page loads, by URL path; its own scripts from the folder `scripts`. */
function fileOf(pathname: string, scripts: string): string | undefined {
  // With its map, so that a debugger that reads the page's source maps (js-debug) finds it.
  if (pathname === '/tf.min.js' || pathname === '/tf.min.js.map') return join(TFJS, 'tfjs', 'dist', pathname.slice(1));
  const bundle = Object.values(BACKEND_BUNDLES).find((file) => pathname === `/${basename(file)}`);
  if (bundle) return bundle;
  const script = /^\/(\w+\.js)$/.exec(pathname);
  if (script) return join(scripts, script[1]);
  const wasm = /^\/wasm\/([\w-]+\.wasm)$/.exec(pathname);
  return wasm ? join(TFJS, 'tfjs-backend-wasm', 'dist', wasm[1]) : undefined;
}

/**
 * Serves the page (`/?backend=cpu`, with `&script=followed.js` another script than app.js,
 * repeated for several) and what it loads; the page's own scripts are files of `scripts`
 * (test/fixtures/browser unless a benchmark serves its own).
 */
export function serveTfjsPage(scripts = FIXTURES): Promise<Server> {
  return serve({
    page: (url) => {
      const named = url.searchParams.getAll('script').filter((script) => /^\w+\.js$/.test(script));
      return pageHtml(url.searchParams.get('backend') ?? 'cpu', named.length > 0 ? named : ['app.js']);
    },
    fileOf: (pathname) => fileOf(pathname, scripts),
  });
}

/** The URL of the page on `backend`. */
export function tfjsPageUrl(server: Server, backend: PageBackend): string {
  return `${pageUrl(server)}?backend=${backend}`;
}

/** The URL the page's own script has in its frames. */
export function appUrl(server: Server): string {
  return `${pageUrl(server)}app.js`;
}

/** What the debugger injects: the settings global, then the bundle's source, as one script. */
export function runtimeInjection(settings: Partial<RuntimeSettings>): string {
  return pageRuntimeInjection(settings, readFileSync(BUNDLE, 'utf8'));
}

/** Injects the runtime before any of the page's scripts runs, in every document the page loads. */
export async function injectBeforeLoad(page: Page, settings: Partial<RuntimeSettings> = {}): Promise<void> {
  await page.addInitScript({ content: runtimeInjection(settings) });
}

/** Injects the runtime into the page as it is now, through CDP as the debugger does. */
export async function injectNow(page: Page, settings: Partial<RuntimeSettings> = {}): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    const { exceptionDetails } = await session.send('Runtime.evaluate', { expression: runtimeInjection(settings) });
    if (exceptionDetails) throw new Error(`injection failed: ${exceptionDetails.text}`);
  } finally {
    await session.detach();
  }
}

/** Opens the page on `backend` and waits until its script has trained its model. */
export async function openTfjsPage(page: Page, server: Server, backend: PageBackend): Promise<void> {
  await page.goto(tfjsPageUrl(server, backend));
  await page.evaluate(() => (globalThis as unknown as { appReady: Promise<void> }).appReady);
}
