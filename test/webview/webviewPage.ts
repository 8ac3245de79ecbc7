/**
 * A panel's webview outside VS Code, for tests and benchmarks: the built
 * dist/webviews/<panel>.js (and its worker) served in the very page the extension builds
 * (same CSP), a headless Chromium to load it, and a stub `acquireVsCodeApi` that keeps what
 * the page posts and saves (`window.posted`, `window.state`; the state survives a reload, as
 * a panel's does when hidden and shown again) and the CSP violations it meets; and the
 * mocha hooks that give each test of a panel's suite a fresh page.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { webviewHtml } from '../../extension/panels/webviewHtml';
import { pageUrl, serve } from '../localServer';
import { CHROMIUM, launchPanelChromium } from '../chromium';

const REPO = resolve(__dirname, '..', '..', '..');
export const WEBVIEWS = join(REPO, 'dist', 'webviews');
const NONCE = 'testnonce0123456789abcdefABCDEF';

/**
 * Serves the page of `panel` (`heatmap`, `profile`, `tape`) and its assets on a free
 * 127.0.0.1 port; `worker` names the worker bundle the page is handed (`tapeLayout`).
 */
export function serveWebviewPage(panel: string, worker?: string): Promise<Server> {
  return serve({
    page: (_url, origin) =>
      webviewHtml({
        title: panel,
        scriptUri: `${origin}/${panel}.js`,
        styleUri: `${origin}/${panel}.css`,
        workerUri: worker && `${origin}/${worker}.js`,
        cspSource: origin,
        nonce: NONCE,
      }),
    fileOf: (pathname) => {
      const file = join(WEBVIEWS, pathname.replace(/^\/+/, ''));
      return file.startsWith(WEBVIEWS) ? file : undefined;
    },
  });
}

/** Installs the stub VS Code API (and a CSP violation log) before the page's script runs. */
export async function stubVsCodeApi(page: Page): Promise<void> {
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
}

/** What the page saved with `setState`. */
export function savedState<T>(page: Page): Promise<T | undefined> {
  return page.evaluate(() => (window as unknown as { state: T | undefined }).state);
}

/** Presses Tab until the element with `id` has focus, as a keyboard user reaches it. */
export async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/** The CSP violations the page met. */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}

/** The messages the page posted so far. */
export function postedBy<T>(page: Page): Promise<T[]> {
  return page.evaluate(() => (window as unknown as { posted: T[] }).posted);
}

/** Forgets the messages posted so far. */
export function clearPosted(page: Page): Promise<void> {
  return page.evaluate(() => {
    (window as unknown as { posted: unknown[] }).posted = [];
  });
}

/** Polls until the page has posted a message that `match`es, and returns it. */
export async function waitForPosted<T>(page: Page, match: (m: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = (await postedBy<T>(page)).find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no such message; posted: ${JSON.stringify(await postedBy<T>(page))}`);
}

/**
 * Puts a host message into the page as `window.staged`, its top-level ArrayBuffers intact
 * (they travel as base64), ready to be posted the way VS Code delivers host messages.
 */
export async function stageMessage(page: Page, message: Record<string, unknown>): Promise<void> {
  const toWire = (value: unknown): unknown => {
    if (value instanceof ArrayBuffer) return { base64: Buffer.from(value).toString('base64') };
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
    return value;
  };
  await page.evaluate((wire) => {
    const revive = (value: unknown): unknown => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const { base64 } = value as { base64?: unknown };
      if (typeof base64 === 'string') return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
    };
    (window as unknown as { staged: unknown }).staged = revive(wire);
  }, toWire(message));
}

/** Posts the staged message to the page and waits until its handler has run. */
export function postStaged(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((done) => {
        // Listeners run in the order they were added: this one runs after the page's handler.
        window.addEventListener('message', () => setTimeout(done, 0), { once: true });
        window.postMessage((window as unknown as { staged: unknown }).staged, '*');
      }),
  );
}

/** Sends a host message the way VS Code delivers it (ArrayBuffers intact) and waits until the page's handler has run. */
export async function sendHostMessage(page: Page, message: Record<string, unknown>): Promise<void> {
  await stageMessage(page, message);
  await postStaged(page);
}

/**
 * A new page of `server`'s panel with the stub VS Code API (holding `state` as the panel's
 * saved state, if given), its page errors and console errors collected into `problems`;
 * resolves once the page has posted `ready`.
 */
export async function openWebviewPage(
  browser: Browser,
  server: Server,
  problems: string[],
  viewport: { width: number; height: number },
  state?: unknown,
): Promise<Page> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await stubVsCodeApi(page);
  if (state !== undefined) {
    await page.addInitScript((saved) => {
      // The panel's saved state at first load; after a reload, what the page saved since.
      if (sessionStorage.getItem('vscode-state') === null) (window as unknown as { state: unknown }).state = saved;
    }, state);
  }
  await page.goto(pageUrl(server));
  await waitForPosted<{ type: string }>(page, (m) => m.type === 'ready');
  return page;
}

/**
 * The colour on screen at page point (x, y), from a 1×1 screenshot: whatever draws it (canvas,
 * SVG, CSS). A 1×1 PNG's row filter adds nothing to its one pixel, so no unfiltering is needed.
 */
export async function screenPixel(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.floor(x), y: Math.floor(y), width: 1, height: 1 } });
  const chunks: Buffer[] = [];
  let colorType = 0;
  for (let at = 8; at < png.length;) {
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

/** The pages of one panel that a suite's tests open: the errors they met, and another page (a panel shown again with `state`). */
export interface PanelPages {
  problems: string[];
  open(state?: unknown): Promise<Page>;
}

/**
 * Mocha hooks of a suite on one panel's page: the page served and chromium started once (the
 * suite skipped where chromium is missing), and a fresh page before each test, handed to
 * `use`, so that no test depends on the clicks of another; after each test the page is closed,
 * and errors it met in the page or its console fail the test's hook.
 */
export function pagePerTest(panel: string, options: { viewport: { width: number; height: number }; worker?: string }, use: (page: Page) => void): PanelPages {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pages: PanelPages = {
    problems: [],
    open: (state) => {
      if (!browser || !server) throw new Error('the panel page is not served: open() belongs in a test');
      return openWebviewPage(browser, server, pages.problems, options.viewport, state);
    },
  };

  before(async function () {
    if (!existsSync(join(WEBVIEWS, `${panel}.js`))) throw new Error(`dist/webviews/${panel}.js missing: run npm run build`);
    if (!existsSync(CHROMIUM)) this.skip();
    server = await serveWebviewPage(panel, options.worker);
    browser = await launchPanelChromium();
  });

  beforeEach(async () => {
    pages.problems.length = 0;
    page = await pages.open();
    use(page);
  });

  afterEach(async () => {
    await page?.close();
    page = undefined;
    if (pages.problems.length > 0) throw new Error(`the page met errors: ${JSON.stringify(pages.problems)}`);
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  return pages;
}
