/**
 * Driving the workbench page in chromium as a user would, for the scenarios' page halves:
 * the command palette, the Variables view, the side bar, and a panel's page inside its
 * webview iframes. Takes the playwright page it is given; loaded by run.mjs (and, unused, in
 * the extension host along with the scenario files), so playwright is imported for its types only.
 */
import type { ElementHandle, FrameLocator, Locator, Page } from 'playwright-core';

export const log = (message: string): void => void process.stderr.write(`[vscode-test] ${message}\n`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** The first line of an error's message, for failure reasons that fit on a line. */
export const firstLine = (err: unknown): string => (err instanceof Error ? err.message.split('\n')[0] : String(err));

/** Runs a command by its title from the command palette (F1), as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // The workbench may take the focus back right after a stop (to show the paused line), which
  // closes a palette just opened: then it is opened again, up to three times.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 10_000 });
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: title.replace(/^[^:]*: /, '') })
        .first()
        .waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      log(`the command palette closed before "${title}" ran (${firstLine(err)}); opening it again`);
      await page.keyboard.press('Escape');
    }
  }
}

/** Makes the Variables view visible: VS Code normally opens Run and Debug on a break. */
export async function revealVariablesView(page: Page): Promise<void> {
  const variables = page.locator('.debug-variables').first();
  try {
    await variables.waitFor({ state: 'visible', timeout: 5000 });
    return;
  } catch {
    /* not shown (another view container was chosen, or the pane is collapsed) */
  }
  log('Variables view not visible; running "Debug: Focus on Variables View"');
  await runCommand(page, 'Debug: Focus on Variables View');
  await variables.waitFor({ state: 'visible', timeout: 10_000 });
}

/**
 * VS Code expands the first inexpensive scope on its own, but not always (seen with a plain
 * inline adapter: the scope stayed collapsed); a user would click it open, and so do we, one
 * collapsed scope at a time, until `target` shows.
 */
export async function expandScopesUntil(page: Page, target: Locator): Promise<void> {
  try {
    await target.waitFor({ state: 'visible', timeout: 5000 });
    return;
  } catch {
    /* not shown yet: look at the scopes */
  }
  const collapsed = page.locator('.debug-variables .monaco-list-row[aria-level="1"][aria-expanded="false"]');
  for (let i = 0; i < 10 && (await collapsed.count()) > 0; i++) {
    const scope = collapsed.first();
    log(`expanding scope "${(await scope.innerText()).trim()}" in the Variables view`);
    await scope.locator('.monaco-tl-twistie').click();
    try {
      await target.waitFor({ state: 'visible', timeout: 3000 });
      return;
    } catch {
      /* not in this scope */
    }
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Variables view's row of `name` whose value starts with `valuePrefix`. */
export function variableRow(page: Page, name: string, valuePrefix: string): Locator {
  // A row reads `output = float32[64,1] min=...` (name, separator, value in separate spans).
  return page
    .locator('.debug-variables .monaco-list-row')
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*[=:]\\s*${escapeRegExp(valuePrefix)}`) })
    .first();
}

/** Best effort, for the screenshots only: drags the side bar's edge by `dx` pixels. */
export async function resizeSideBar(page: Page, dx: number): Promise<void> {
  try {
    const box = await page.locator('.part.sidebar').boundingBox();
    if (!box) return;
    const x = box.x + box.width;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx, y, { steps: 10 });
    await page.mouse.up();
    // Off the sash, whose hover highlight would otherwise show in the screenshot.
    await page.mouse.move(x + dx + 400, y);
    await sleep(300);
  } catch {
    /* a narrow screenshot is still a screenshot */
  }
}

/** Polls `read` until `accept` takes its value; rejects with the last value after `ms`. */
export async function waitForText(what: string, read: () => Promise<string | null>, accept: (text: string) => boolean, ms: number): Promise<string> {
  const until = Date.now() + ms;
  let last: string | null;
  for (;;) {
    last = await read().catch((err) => `<${firstLine(err)}>`);
    if (typeof last === 'string' && accept(last)) return last;
    if (Date.now() > until) throw new Error(`${what}: still "${last}" after ${seconds(ms)}`);
    await sleep(200);
  }
}

/**
 * A panel's page, inside the webview's two iframes (the workbench's `iframe.webview` holds the
 * page's own `#active-frame`): the first webview, newest first, that `accept`s (panels open
 * beside the code, and other webviews may exist), as `{ frame, element }` with its outer
 * iframe element. Waits up to 30 s.
 */
export async function webviewFrame(
  page: Page,
  accept: (frame: FrameLocator) => Promise<boolean>,
  what: string,
): Promise<{ frame: FrameLocator; element: ElementHandle }> {
  const outer = page.locator('iframe.webview');
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const count = await outer.count();
    for (let i = count - 1; i >= 0; i--) {
      // Held by the iframe itself, not by its index: a panel opened later may come before it
      // in the page, and `nth(i)` would then name the other panel.
      const element = await outer
        .nth(i)
        .elementHandle()
        .catch(() => null);
      const outerFrame = await element?.contentFrame().catch(() => null);
      if (!element || !outerFrame) continue;
      const frame = outerFrame.frameLocator('#active-frame');
      if (await accept(frame).catch(() => false)) return { frame, element };
    }
    await sleep(250);
  }
  throw new Error(`no ${what} webview appeared (${await outer.count()} webview frame(s) in the page)`);
}
