// Runs the extension's tests in a real VS Code without downloading VS Code: code-server (VS
// Code served to a browser, installed from npm by scripts/tools.mjs) driven by headless
// chromium through playwright-core. The tests (out/test/vscode/suite/index.js) run inside
// the extension host as with @vscode/test-electron (see electron.mjs for that runner); this
// runner also checks what the page shows and drives it, in handshakes with the tests:
//   `stopped`          the Variables view must present the `output` tensor (`ui-ok`/`ui-fail`);
//   `heatmap-stopped`  right-click `output` in Variables → "TF.js: Show as Heatmap"; the panel's
//                      header must present the tensor; then double-click the cell [0,0] on the
//                      panel's canvas and type a new value + Enter, and wait until the panel
//                      reports the edit (`heatmap-ok` with what the panel showed, or
//                      `heatmap-fail`). The test then checks what the program prints.
//   `profile-stopped`  the profile panel (opened by the test with tfjs.showProfile) must name
//                      `content` in its by-op table; hover the flame graph's source-line row at
//                      `fraction` of its width, where the tooltip must name `frame`, click there
//                      (zoom) and click "Go to source" (`profile-ok` with what the panel showed,
//                      or `profile-fail`). The test then checks the editor's file and line.
//   `tape-stopped`     run "TF.js: Show Gradient Tape" from the command palette; the panel must
//                      draw a (Batch)MatMul op; click it, read its details, press "Show gradient"
//                      (a heatmap panel must show it), then "Go to source" (`tape-ok` with what
//                      the panels showed, or `tape-fail`). The test then checks the editor's
//                      file and line.
//
// Exit code: the extension tests' (0 on success), or 1 when the page check failed, the
// extension host test never reached it, or the whole run timed out.
//
// Environment:
//   VSCODE_TEST_TIMEOUT_S      overall limit once the tools are installed (default 300)
//   VSCODE_TEST_VERBOSE=1      relay the workbench's and code-server's logs to stderr
//   VSCODE_TEST_KEEP=1         keep the scratch folder (profiles, logs) for inspection
//   VSCODE_TEST_EXTENSION_PATH / VSCODE_TEST_SUITE_PATH
//                              run another extension / tests module (to try the harness)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, ensureChromium, ensureCodeServer, freePort, startCodeServer, workbenchUrl } from '../../scripts/tools.mjs';

const HOST = '127.0.0.1';
const EXTENSION_PATH = resolve(process.env.VSCODE_TEST_EXTENSION_PATH ?? REPO);
const SUITE_PATH = resolve(process.env.VSCODE_TEST_SUITE_PATH ?? join(REPO, 'out', 'test', 'vscode', 'suite', 'index.js'));
const WORKSPACE = join(REPO, 'examples');
const RESULTS_DIR = join(REPO, 'test-results');
const SCREENSHOT = join(RESULTS_DIR, 'vscode-variables.png');
const HEATMAP_SCREENSHOT = join(RESULTS_DIR, 'vscode-heatmap.png');
const PROFILE_SCREENSHOT = join(RESULTS_DIR, 'vscode-profile.png');
const TAPE_SCREENSHOT = join(RESULTS_DIR, 'vscode-tape.png');
const TAPE_PANEL_SCREENSHOT = join(RESULTS_DIR, 'vscode-tape-panel.png');
const TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_S ?? 300) * 1000;
const VERBOSE = process.env.VSCODE_TEST_VERBOSE === '1';
// What the Variables view must show for the stopped `model()` frame (see extension.test.ts).
const VARIABLE_NAME = 'output';
const VALUE_PREFIX = 'float32[64,1] min=';
// The heatmap panel of that tensor: its context-menu entry, and the heatmap handshake's
// request (written by the test into `heatmap-stopped`, defaults here).
const HEATMAP_MENU_ITEM = 'TF.js: Show as Heatmap';
const HEATMAP_DEFAULTS = { expression: VARIABLE_NAME, header: VALUE_PREFIX, cell: [0, 0], value: '1000' };
// The gradient tape panel's command, as the palette lists it.
const TAPE_COMMAND = 'TF.js: Show Gradient Tape';

const log = (msg) => process.stderr.write(`[vscode-test] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// For races only: an unref'd timer does not hold the process open once the other side won.
const deadline = (ms) => new Promise((r) => setTimeout(r, ms).unref());
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Fails fast, before minutes of waiting, when the build or the compiled suite is missing. */
function checkInputs() {
  if (!existsSync(SUITE_PATH)) {
    throw new Error(`Tests module ${SUITE_PATH} not found; compile the tests first (npx tsc -p .).`);
  }
  const pkg = JSON.parse(readFileSync(join(EXTENSION_PATH, 'package.json'), 'utf8'));
  if (pkg.main && !existsSync(join(EXTENSION_PATH, pkg.main)) && !existsSync(join(EXTENSION_PATH, `${pkg.main}.js`))) {
    throw new Error(`Extension entry ${pkg.main} not found in ${EXTENSION_PATH}; build first (npm run build).`);
  }
}

/** Relays the lines the extension host's reporter appends to mocha.log, as they arrive. */
function createLogRelay(file) {
  let offset = 0;
  let partial = '';
  const pump = (final = false) => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size > offset) {
      const fd = openSync(file, 'r');
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      closeSync(fd);
      offset = size;
      partial += buf.toString('utf8');
    }
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) process.stdout.write(`${line}\n`);
    if (final && partial) {
      process.stdout.write(`${partial}\n`);
      partial = '';
    }
  };
  const timer = setInterval(pump, 250);
  return {
    close() {
      clearInterval(timer);
      pump(true);
    },
  };
}

function writeAtomically(file, contents) {
  writeFileSync(`${file}.tmp`, contents);
  renameSync(`${file}.tmp`, file);
}

/** Makes the Variables view visible: VS Code normally opens Run and Debug on a break. */
async function revealVariablesView(page) {
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

/** Runs a command by its title from the command palette (F1), as a user would. */
async function runCommand(page, title) {
  // The workbench may take the focus back right after a stop (to show the paused line), which
  // closes a palette just opened: then it is opened again, up to three times.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 10_000 });
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: title.replace(/^[^:]*: /, '') }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      log(`the command palette closed before "${title}" ran (${err instanceof Error ? err.message.split('\n')[0] : err}); opening it again`);
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * VS Code expands the first inexpensive scope on its own, but not always (seen with a plain
 * inline adapter: the scope stayed collapsed); a user would click it open, and so do we, one
 * collapsed scope at a time, until `target` shows.
 */
async function expandScopesUntil(page, target) {
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

/** Best effort, for the screenshots only: drags the side bar's edge by `dx` pixels. */
async function resizeSideBar(page, dx) {
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

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Variables view's row of `name` whose value starts with `valuePrefix`. */
function variableRow(page, name, valuePrefix) {
  // A row reads `output = float32[64,1] min=...` (name, separator, value in separate spans).
  return page
    .locator('.debug-variables .monaco-list-row')
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*[=:]\\s*${escapeRegExp(valuePrefix)}`) })
    .first();
}

/** Waits for the test's handshake file `name`; undefined when the run ended first. */
async function waitForHandshake(handshakeDir, name, isDone) {
  const file = join(handshakeDir, name);
  while (!existsSync(file)) {
    if (isDone()) return undefined;
    await sleep(200);
  }
  return readFileSync(file, 'utf8');
}

/**
 * The page side of the handshake: waits for the extension host test's `stopped`, looks for
 * the tensor in the Variables view, saves the screenshot and answers `ui-ok` or `ui-fail`.
 * Resolves with undefined on success or a failure reason.
 */
async function checkVariablesView(page, handshakeDir, isDone) {
  if ((await waitForHandshake(handshakeDir, 'stopped', isDone)) === undefined) {
    return 'the extension host test never reported a stopped debug session';
  }
  log('debug session stopped; checking the Variables view in the page');
  let failure;
  try {
    await revealVariablesView(page);
    const row = variableRow(page, VARIABLE_NAME, VALUE_PREFIX);
    await expandScopesUntil(page, row);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
    log(`Variables view shows: ${text}`);
    // Wide enough that the values are not cut.
    await resizeSideBar(page, 400);
  } catch (err) {
    const shown = await page
      .locator('.debug-variables .monaco-list-row')
      .allInnerTexts()
      .catch(() => []);
    failure =
      `no "${VARIABLE_NAME}" row with "${VALUE_PREFIX}" in the Variables view ` +
      `(${err instanceof Error ? err.message.split('\n')[0] : err}); rows shown: ${JSON.stringify(shown.map((t) => t.replace(/\s+/g, ' ')))}`;
  }
  try {
    await page.screenshot({ path: SCREENSHOT });
    log(`screenshot: ${SCREENSHOT}`);
  } catch (err) {
    log(`screenshot failed: ${err instanceof Error ? err.message : err}`);
  }
  if (failure) writeAtomically(join(handshakeDir, 'ui-fail'), failure);
  else writeAtomically(join(handshakeDir, 'ui-ok'), '');
  return failure;
}

/** Polls `read` until `accept` takes its value; rejects with the last value after `ms`. */
async function waitForText(what, read, accept, ms) {
  const until = Date.now() + ms;
  let last;
  for (;;) {
    last = await read().catch((err) => `<${err instanceof Error ? err.message.split('\n')[0] : err}>`);
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
async function webviewFrame(page, accept, what) {
  const outer = page.locator('iframe.webview');
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const count = await outer.count();
    for (let i = count - 1; i >= 0; i--) {
      // Held by the iframe itself, not by its index: a panel opened later may come before it
      // in the page, and `nth(i)` would then name the other panel.
      const element = await outer.nth(i).elementHandle().catch(() => null);
      const outerFrame = await element?.contentFrame().catch(() => null);
      if (!element || !outerFrame) continue;
      const frame = outerFrame.frameLocator('#active-frame');
      if (await accept(frame).catch(() => false)) return { frame, element };
    }
    await sleep(250);
  }
  throw new Error(`no ${what} webview appeared (${await outer.count()} webview frame(s) in the page)`);
}

/** The heatmap panel whose header names `expression`. */
async function heatmapFrame(page, expression) {
  const found = await webviewFrame(page, async (frame) => (await frame.locator('#expression').textContent({ timeout: 500 })) === expression, `heatmap for "${expression}"`);
  return found.frame;
}

/**
 * The page side of the heatmap handshake: waits for `heatmap-stopped`, opens the panel from the
 * Variables view's context menu, reads its header, edits one cell through the canvas and the
 * cell editor, saves the screenshot, and answers `heatmap-ok` (JSON: what the panel showed) or
 * `heatmap-fail`. Resolves with undefined on success or a failure reason.
 */
async function checkHeatmapPanel(page, handshakeDir, isDone) {
  const request = await waitForHandshake(handshakeDir, 'heatmap-stopped', isDone);
  if (request === undefined) return 'the extension host test never reported the stop for the heatmap';
  const { expression, header, cell, value } = { ...HEATMAP_DEFAULTS, ...JSON.parse(request || '{}') };
  const [row, col] = cell;
  log(`debug session stopped for the heatmap; opening "${expression}" from the Variables view's context menu`);
  const seen = {};
  let failure;
  let step = 'reveal the Variables view';
  try {
    await revealVariablesView(page);
    step = `find the "${expression}" row in Variables`;
    const variable = variableRow(page, expression, header);
    await expandScopesUntil(page, variable);
    await variable.waitFor({ state: 'visible', timeout: 30_000 });

    step = `open the context menu of "${expression}" and pick "${HEATMAP_MENU_ITEM}"`;
    // VS Code's context menus live in a shadow root, which playwright's locators pierce.
    const item = page.getByRole('menuitem', { name: HEATMAP_MENU_ITEM });
    for (let attempt = 1; ; attempt++) {
      await variable.click({ button: 'right' });
      try {
        await item.first().waitFor({ state: 'visible', timeout: 5000 });
        break;
      } catch (err) {
        const items = await page.getByRole('menuitem').allInnerTexts().catch(() => []);
        if (attempt >= 3) throw new Error(`no "${HEATMAP_MENU_ITEM}" item; the menu shows ${JSON.stringify(items)}`, { cause: err });
        log(`context menu without "${HEATMAP_MENU_ITEM}" (${JSON.stringify(items)}); trying again`);
        await page.keyboard.press('Escape');
      }
    }
    // A click on the item now and then leaves the menu open without running the command (seen
    // about once in ten runs); the item is focused by then, so Enter runs it.
    await item.first().hover();
    await item.first().click();
    try {
      await item.first().waitFor({ state: 'hidden', timeout: 2000 });
    } catch {
      log(`the menu stayed open after the click on "${HEATMAP_MENU_ITEM}"; pressing Enter on it`);
      await item.first().focus();
      await page.keyboard.press('Enter');
      await item.first().waitFor({ state: 'hidden', timeout: 5000 });
    }

    step = 'find the heatmap panel';
    const frame = await heatmapFrame(page, expression);
    // Room for the panel beside the code (the Variables check widened the side bar).
    await resizeSideBar(page, -350);
    const summary = frame.locator('#summary');
    step = `read the panel's header (expecting "${header}")`;
    seen.header = await waitForText('the panel header', () => summary.textContent({ timeout: 1000 }), (t) => t.startsWith(header), 30_000);
    log(`heatmap panel header: ${expression} ${seen.header}`);

    // The canvas fits the view (Fit, in case the panel's size changed after the first draw):
    // scale = min(width / cols, height / rows), centred. The readout names the cell under the
    // pointer, which confirms the aim before the double-click.
    step = 'aim at the cell';
    await frame.locator('#fit').click();
    const canvas = frame.locator('#canvas');
    const box = await canvas.boundingBox();
    if (!box || box.width < 1 || box.height < 1) throw new Error(`the canvas has no size (${JSON.stringify(box)})`);
    const [rows, cols] = seen.header.match(/\[(\d+),(\d+)\]/)?.slice(1).map(Number) ?? [64, 1];
    const scale = Math.min(box.width / cols, box.height / rows);
    const position = {
      x: (box.width - cols * scale) / 2 + (col + 0.5) * scale,
      y: (box.height - rows * scale) / 2 + (row + 0.5) * scale,
    };
    await canvas.hover({ position });
    const where = `[${row},${col}]`;
    seen.before = await waitForText('the readout', () => frame.locator('#readout').textContent({ timeout: 1000 }), (t) => t.startsWith(`${where} = `), 5000);
    log(`readout under the pointer: ${seen.before}`);

    step = `edit ${where} to ${value}`;
    await canvas.dblclick({ position });
    const editor = frame.locator('#editor');
    await editor.waitFor({ state: 'visible', timeout: 5000 });
    await editor.fill(String(value));
    await editor.press('Enter');
    // The host answers with a status line ("Set output[0,0]: ..." or "Could not set ...") and
    // then reads the tensor again; the new view's header replaces that line's text, so wait for
    // the header to change and fail on a "Could not set" seen on the way.
    const note = frame.locator('#note');
    step = 'see the edit in the panel';
    let refused;
    seen.headerAfter = await waitForText(
      'the panel header after the edit',
      async () => {
        const status = (await note.textContent({ timeout: 1000 })) ?? '';
        if (status.startsWith('Could not set')) refused = status;
        else if (status) seen.note = status;
        return summary.textContent({ timeout: 1000 });
      },
      (t) => refused !== undefined || t !== seen.header,
      30_000,
    );
    if (refused) throw new Error(`the panel refused the edit: ${refused}`);
    log(`heatmap panel header after the edit: ${seen.headerAfter}${seen.note ? ` (${seen.note})` : ''}`);
    await canvas.hover({ position });
    seen.after = await frame.locator('#readout').textContent({ timeout: 5000 });
  } catch (err) {
    failure = `could not ${step}: ${err instanceof Error ? err.message.split('\n')[0] : err}`;
  }
  try {
    await page.screenshot({ path: HEATMAP_SCREENSHOT });
    log(`screenshot: ${HEATMAP_SCREENSHOT}`);
  } catch (err) {
    log(`screenshot failed: ${err instanceof Error ? err.message : err}`);
  }
  if (failure) writeAtomically(join(handshakeDir, 'heatmap-fail'), `${failure}; seen so far: ${JSON.stringify(seen)}`);
  else writeAtomically(join(handshakeDir, 'heatmap-ok'), JSON.stringify(seen));
  return failure;
}

/**
 * The page side of the profile handshake: waits for `profile-stopped`, finds the profile
 * panel, reads its by-op table, hovers and clicks the requested frame on the canvas, clicks
 * "Go to source", saves the screenshot, and answers `profile-ok` (JSON: what the panel showed)
 * or `profile-fail`. Resolves with undefined on success or a failure reason.
 */
async function checkProfilePanel(page, handshakeDir, isDone) {
  const request = await waitForHandshake(handshakeDir, 'profile-stopped', isDone);
  if (request === undefined) return 'the extension host test never reported the stop for the profile';
  const { content, frame: frameName, fraction, row, rowHeight } = JSON.parse(request);
  const seen = {};
  let failure;
  let step = 'find the profile panel';
  try {
    const { frame } = await webviewFrame(page, async (frame) => (await frame.locator('#by-op').count()) > 0, 'profile');
    step = `see "${content}" in the by-op table`;
    seen.table = await waitForText('the by-op table', () => frame.locator('#by-op').innerText({ timeout: 1000 }), (t) => t.includes(content), 30_000);
    log(`profile panel's by-op table: ${seen.table.replace(/\s+/g, ' ').slice(0, 200)}`);
    step = `hover "${frameName}" at ${fraction} of the flame graph's width`;
    const canvas = frame.locator('#flame');
    const box = await canvas.boundingBox();
    if (!box || box.width < 1) throw new Error(`the canvas has no size (${JSON.stringify(box)})`);
    const position = { x: fraction * box.width, y: rowHeight * (row + 0.5) };
    await canvas.hover({ position });
    const tooltip = frame.locator('#tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: 5000 });
    seen.tooltip = await tooltip.locator('div').allInnerTexts();
    log(`tooltip: ${seen.tooltip.join(' | ')}`);
    if (seen.tooltip[0] !== frameName) throw new Error(`the tooltip names "${seen.tooltip[0]}"`);
    seen.drawn = await frame.locator('#drawn').textContent();
    await page.screenshot({ path: PROFILE_SCREENSHOT });
    log(`screenshot: ${PROFILE_SCREENSHOT}`);
    step = 'zoom to the frame and click "Go to source"';
    await canvas.click({ position });
    seen.selected = await waitForText('the selected frame', () => frame.locator('#selected').textContent({ timeout: 1000 }), (t) => t.startsWith(frameName), 5000);
    await frame.locator('#goto').click();
  } catch (err) {
    failure = `could not ${step}: ${err instanceof Error ? err.message.split('\n')[0] : err}`;
    await page.screenshot({ path: PROFILE_SCREENSHOT }).catch(() => undefined);
  }
  if (failure) writeAtomically(join(handshakeDir, 'profile-fail'), `${failure}; seen so far: ${JSON.stringify(seen)}`);
  else writeAtomically(join(handshakeDir, 'profile-ok'), JSON.stringify(seen));
  return failure;
}

/**
 * The page side of the tape handshake: waits for `tape-stopped`, runs "TF.js: Show Gradient
 * Tape", waits for the panel to draw an op named `op`, clicks it, reads its details, opens
 * its gradient in the heatmap panel, presses "Go to source", saves the screenshot and
 * answers `tape-ok` (JSON: what the panel showed) or `tape-fail`. Resolves with undefined on success or a failure reason.
 */
async function checkTapePanel(page, handshakeDir, isDone) {
  const request = await waitForHandshake(handshakeDir, 'tape-stopped', isDone);
  if (request === undefined) return 'the extension host test never reported the stop for the tape';
  const { op } = JSON.parse(request || '{}');
  log(`debug session stopped after a training step; opening the gradient tape panel`);
  const seen = {};
  let failure;
  let panel;
  let step = `run "${TAPE_COMMAND}"`;
  try {
    await runCommand(page, TAPE_COMMAND);
    step = 'find the tape panel';
    const { frame, element } = await webviewFrame(page, async (f) => (await f.locator('#graph').count()) > 0, 'gradient tape');
    panel = element;
    step = `see a ${op} op drawn`;
    // tfjs names the kernel of tf.matMul BatchMatMul: `op` is matched as part of the name.
    const node = frame.locator('g.node.op', { has: frame.locator('text.label', { hasText: op }) }).first();
    await node.waitFor({ state: 'visible', timeout: 30_000 });
    seen.summary = await frame.locator('#summary').textContent();
    seen.labels = await frame.locator('g.node text.label').allTextContents();
    seen.key = await node.getAttribute('data-key');
    log(`tape panel: ${seen.summary}; ops ${JSON.stringify(seen.labels)}`);
    step = `click the ${op} op (${seen.key})`;
    await node.click();
    await waitForText('the details title', () => frame.locator('#details-title').textContent({ timeout: 1000 }), (t) => t.includes(op), 5000);
    seen.details = (await frame.locator('#details').innerText()).replace(/\s+/g, ' ').trim();
    log(`details: ${seen.details}`);
    step = 'press "Show gradient" and find its heatmap';
    await frame.locator('#show-gradient').click();
    // The heatmap names a tape's tensor by what it is (`gradient into tensor 12 (tape 3)`).
    const heatmap = await webviewFrame(page, async (f) => /^gradient into tensor \d+ \(tape \d+\)$/.test(await f.locator('#expression').textContent({ timeout: 500 })), 'heatmap of a tape tensor');
    seen.heatmap = await waitForText('the heatmap header', () => heatmap.frame.locator('#summary').textContent({ timeout: 1000 }), (t) => /^float32\[/.test(t), 30_000);
    log(`heatmap of the gradient: ${seen.heatmap}`);
    step = 'press "Go to source"';
    await frame.locator('#go-to-source').click();
    // The editor opens beside the panel: give it a moment before the screenshot.
    await sleep(1000);
  } catch (err) {
    failure = `could not ${step}: ${err instanceof Error ? err.message.split('\n')[0] : err}`;
  }
  try {
    await page.screenshot({ path: TAPE_SCREENSHOT });
    log(`screenshot: ${TAPE_SCREENSHOT}`);
    await panel?.screenshot({ path: TAPE_PANEL_SCREENSHOT });
  } catch (err) {
    log(`screenshot failed: ${err instanceof Error ? err.message : err}`);
  }
  if (failure) writeAtomically(join(handshakeDir, 'tape-fail'), `${failure}; seen so far: ${JSON.stringify(seen)}`);
  else writeAtomically(join(handshakeDir, 'tape-ok'), JSON.stringify(seen));
  return failure;
}

async function main() {
  checkInputs();
  const toolsStart = Date.now();
  const executablePath = await ensureChromium();
  await ensureCodeServer();
  log(`tools ready in ${seconds(Date.now() - toolsStart)}`);

  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'tfjs-vscode-test-'));
  const handshakeDir = join(scratch, 'handshake');
  mkdirSync(handshakeDir);
  // A quiet, predictable window: no chat panel or welcome page competing for space in the
  // screenshot (and no chat sign-in chatter in the workbench log).
  mkdirSync(join(scratch, 'user-data', 'User'), { recursive: true });
  writeFileSync(
    join(scratch, 'user-data', 'User', 'settings.json'),
    JSON.stringify(
      {
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
      },
      null,
      2,
    ),
  );
  mkdirSync(RESULTS_DIR, { recursive: true });
  rmSync(SCREENSHOT, { force: true });
  rmSync(HEATMAP_SCREENSHOT, { force: true });
  rmSync(PROFILE_SCREENSHOT, { force: true });
  rmSync(TAPE_SCREENSHOT, { force: true });
  rmSync(TAPE_PANEL_SCREENSHOT, { force: true });
  const workbenchLog = [];

  let server;
  let context;
  let relay;
  let overallTimer;
  const cleanup = async () => {
    clearTimeout(overallTimer);
    relay?.close();
    const t0 = Date.now();
    // Bounded: a wedged browser must not keep us from stopping code-server.
    await Promise.race([context?.close().catch(() => {}), deadline(10_000)]);
    await server?.stop();
    log(`stopped chromium and code-server in ${seconds(Date.now() - t0)}`);
    if (process.env.VSCODE_TEST_KEEP === '1') log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      cleanup().finally(() => process.exit(130));
    });
  }

  try {
    const port = await freePort(HOST);
    server = await startCodeServer({
      host: HOST,
      port,
      workspace: WORKSPACE,
      stateDir: scratch,
      // The smoke-test driver makes the workbench honour the test payload and call
      // codeAutomationExit; without it the payload is ignored silently.
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      // Inherited by the extension host: where the tests write their log and handshake files.
      env: { TFJS_VSCODE_TEST_DIR: handshakeDir },
      onOutput: (text) => VERBOSE && process.stderr.write(`[code-server] ${text}`),
    });
    log(`code-server up at ${server.url} in ${seconds(Date.now() - started)}`);

    context = await chromium.launchPersistentContext(join(scratch, 'chromium-profile'), {
      executablePath,
      headless: true,
      // Our own handlers shut down in order (browser, code-server, scratch folder); playwright's
      // would exit the process after closing the browser alone.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: { width: 1600, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());

    let reportExit;
    const exited = new Promise((r) => (reportExit = r));
    // The workbench calls these two (smoke-test driver): log lines, and the extension host's
    // exit code once the tests module's run() settled.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = `[${type}] ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
      workbenchLog.push(line);
      if (VERBOSE) process.stderr.write(`[workbench] ${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit({ code: Number(code) }));
    page.on('crash', () => reportExit({ error: 'the page crashed' }));
    server.child.once('exit', (code, signal) => reportExit({ error: `code-server exited (${signal ?? code})` }));
    overallTimer = setTimeout(() => reportExit({ error: `timed out after ${seconds(TIMEOUT_MS)}` }), TIMEOUT_MS);

    relay = createLogRelay(join(handshakeDir, 'mocha.log'));
    let done = false;
    // Both wait for their own handshake file; the tests reach them one after the other.
    const uiChecks = Promise.all([
      checkVariablesView(page, handshakeDir, () => done).catch((err) => `UI check crashed: ${err?.message ?? err}`),
      checkHeatmapPanel(page, handshakeDir, () => done).catch((err) => `heatmap check crashed: ${err?.message ?? err}`),
      checkProfilePanel(page, handshakeDir, () => done).catch((err) => `profile check crashed: ${err?.message ?? err}`),
      checkTapePanel(page, handshakeDir, () => done).catch((err) => `tape check crashed: ${err?.message ?? err}`),
    ]).then((failures) => failures.filter(Boolean).join('; ') || undefined);

    const url = workbenchUrl(server.url, {
      folder: WORKSPACE,
      extensionDevelopmentPath: EXTENSION_PATH,
      extensionTestsPath: SUITE_PATH,
    });
    log(`opening ${url}`);
    await page.goto(url);

    const outcome = await exited;
    done = true;
    // The UI check answers before the test continues the session, so it has settled by now
    // unless the run ended abnormally; then it notices `done` within a poll.
    const uiFailure = await Promise.race([uiChecks, deadline(2000).then(() => 'the UI checks did not finish')]);
    relay.close();

    let result;
    try {
      result = JSON.parse(readFileSync(join(handshakeDir, 'result.json'), 'utf8'));
    } catch {
      /* the tests module failed before mocha finished (or never loaded) */
    }

    let exitCode = outcome.code ?? 1;
    if (outcome.error) log(`error: ${outcome.error}`);
    if (uiFailure) {
      log(`UI check failed: ${uiFailure}`);
      exitCode = exitCode || 1;
    }
    if (!result) {
      log('the extension host test run reported no results; last workbench log lines:');
      for (const line of workbenchLog.slice(-30)) process.stderr.write(`  ${line}\n`);
      exitCode = exitCode || 1;
    }
    log(`extension host exit code ${outcome.code ?? '-'}, suite time ${seconds(Date.now() - started)}`);
    const passed = result?.passed ?? 0;
    // A failure outside mocha's count (UI check, timeout, crash) counts as one more.
    const failed = (result?.failed ?? 0) + (exitCode && !result?.failed ? 1 : 0);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return exitCode;
  } finally {
    await cleanup();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  log(err instanceof Error ? ((VERBOSE && err.stack) || err.message) : String(err));
  process.stdout.write('0 passed, 1 failed\n');
  process.exitCode = 1;
}
