/**
 * A panel's page for the paint benchmarks: the built webview served as the extension serves
 * it, in headless Chromium, with VS Code's webview API stubbed (messages to the host go
 * nowhere), as a new page of `browser`.
 */
import type { Browser, Page } from 'playwright-core';
import { pageUrl } from '../test/localServer';

export async function stubbedPanelPage(browser: Browser, server: Parameters<typeof pageUrl>[0], viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => {
    (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
      postMessage: () => undefined,
      getState: () => undefined,
      setState: () => undefined,
    });
  });
  await page.goto(pageUrl(server));
  return page;
}
