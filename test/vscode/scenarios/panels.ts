/**
 * Scenarios: the panels as a VS Code user meets them.
 * - `panels`: paused after a training step, the user opens a heatmap of `w1`, the profile, the
 *   gradient tape and a heatmap of `w2`: they open as four tabs of one column beside the code,
 *   not as four columns, and each says it shows stop 1. By keys alone the user reads the
 *   value of `w1[1,2]` in its heatmap, picks the tape's first box and reaches a frame of the
 *   profile, each announced by the panel's live readout.
 * - `panelsEnded`: once that session has ended, each panel says it shows what was last seen
 *   ("panels ended · last seen at stop 1") over its content.
 * - after the suite (run.mjs), the window is loaded again as "Reload Window" does: the panels
 *   come back with their content and that same line (`afterReload`).
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import type * as vscodeApi from 'vscode';
import { log, waitForText, webviewFrame } from '../support/page';
import { PROGRAM, programLine, SESSION_TEST_TIMEOUT_MS, type PageKit, type Scenario } from '../support/scenario';

const SESSION = 'panels';
const LIVE_LINE = `${SESSION} · stop 1`;
const ENDED_LINE = `${SESSION} ended · last seen at stop 1`;

/** The panels' tabs in the order the scenario opens them, with what each shows in its `#summary`. */
const PANELS = [
  { tab: 'Heatmap: w1', summary: /^float32\[8,16\] min=/ },
  { tab: 'TF.js Profile', summary: /^\d+ kernels recorded/ },
  { tab: 'Gradient Tape', summary: /^tape #\d+: \d+ ops, 4 variables/ },
  { tab: 'Heatmap: w2', summary: /^float32\[16,1\] min=/ },
];

function isPanelTab(vscode: typeof vscodeApi, tab: vscodeApi.Tab): boolean {
  return tab.input instanceof vscode.TabInputWebview;
}

/** Shows the panel tab `title` and gives its page once its `#summary` says what `summary` expects. */
async function panelPage(page: Page, title: string, summary: RegExp): Promise<FrameLocator> {
  await page.locator('.tabs-container .tab', { hasText: title }).first().click();
  const { frame } = await webviewFrame(page, async (f) => summary.test((await f.locator('#summary').textContent({ timeout: 500 })) ?? ''), title);
  return frame;
}

/** What each panel's origin line says once it says `expected`, tab by tab (what it last said, where it never does). */
async function originLines(kit: PageKit, expected: string): Promise<Record<string, string>> {
  const lines: Record<string, string> = {};
  for (const { tab, summary } of PANELS) {
    kit.step(`show "${tab}" and read its origin line`);
    const frame = await panelPage(kit.page, tab, summary);
    const read = () => frame.locator('#panel-origin').textContent({ timeout: 1000 });
    lines[tab] = await waitForText(`the origin line of ${tab}`, read, (text) => text === expected, 20_000).catch(async () => (await read()) ?? '');
    log(`${tab}: ${lines[tab]}`);
  }
  return lines;
}

/** The tab groups, once the four panels' tabs are reported (VS Code reports tabs a moment after a panel opens). */
async function groupsWithPanels(vscode: typeof vscodeApi): Promise<readonly vscodeApi.TabGroup[]> {
  const until = Date.now() + 10_000;
  const count = () => vscode.window.tabGroups.all.reduce((n, group) => n + group.tabs.filter((tab) => isPanelTab(vscode, tab)).length, 0);
  while (count() < PANELS.length && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  return vscode.window.tabGroups.all;
}

interface KeysSeen {
  lines: Record<string, string>;
  /** The heatmap's readout after →, →, ↓ from the first cell (where the first key puts the cursor). */
  heatmap: string;
  /** The tape's readout on its first box, after Enter picked it, and the details title then. */
  tape: string;
  tapeDetails: string;
  /** The profile's readout on the root's first child. */
  profile: string;
}

/**
 * Once `drawn` shows in `frame` (what the keys move over), focuses `selector`, presses `keys`
 * one by one, and gives the text of `readout` once it is not empty.
 */
async function readByKeys(frame: FrameLocator, page: Page, selector: string, keys: string[], readout: string, drawn = selector): Promise<string> {
  await frame.locator(drawn).first().waitFor({ state: 'visible', timeout: 20_000 });
  await frame.locator(selector).focus();
  for (const key of keys) await page.keyboard.press(key);
  return waitForText(
    readout,
    () => frame.locator(readout).textContent({ timeout: 1000 }),
    (text) => text.trim() !== '',
    10_000,
  );
}

export const panels: Scenario<Record<string, never>, KeysSeen> = {
  name: 'panels',
  title: 'opens the heatmaps, the profile and the tape as tabs of one column beside the code',
  timeoutMs: SESSION_TEST_TIMEOUT_MS,

  async host(kit) {
    const { vscode } = kit;
    // Start from one editor column, as a user who just opened the project.
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
    await kit.pausedAt({ name: SESSION, line: programLine('AFTER_STEP_LINE'), env: { MLP_STEPS: '1' } }, async ({ session, threadId }) => {
      // The stop's line in the editor, as the user sees it before opening anything.
      await vscode.window.showTextDocument(vscode.Uri.file(PROGRAM));
      const { stackFrames } = await session.customRequest('stackTrace', { threadId });
      const w1 = await session.customRequest('tfjs/tensor', { expression: 'w1', frameId: stackFrames[0].id, full: true });
      // A copy: a small Buffer is a view into Node's shared pool, at an offset.
      const w1Values = new Float32Array(Uint8Array.from(Buffer.from(w1.view.data as string, 'base64')).buffer);
      const tape = await session.customRequest('tfjs/tape', {});
      const profile = await session.customRequest('tfjs/profile', {});
      await vscode.commands.executeCommand('tfjs.showHeatmap', 'w1');
      await vscode.commands.executeCommand('tfjs.showProfile');
      await vscode.commands.executeCommand('tfjs.showTape');
      await vscode.commands.executeCommand('tfjs.showHeatmap', 'w2');
      const groups = await groupsWithPanels(vscode);
      const describe = () => JSON.stringify(groups.map((group) => group.tabs.map((tab) => tab.label)));
      const panelGroups = groups.filter((group) => group.tabs.some((tab) => isPanelTab(vscode, tab)));
      assert.equal(panelGroups.length, 1, `panels spread over ${panelGroups.length} columns: ${describe()}`);
      assert.deepEqual(
        panelGroups[0].tabs.map((tab) => tab.label),
        PANELS.map((panel) => panel.tab),
        `tabs: ${describe()}`,
      );
      assert.equal(groups.length, 2, `columns: ${describe()}`);
      assert.ok(
        groups.some((group) => group.tabs.some((tab) => tab.label === 'train.js')),
        `the code's column: ${describe()}`,
      );
      kit.report(`columns: ${describe()}`);
      // Each panel has read at this stop and says so; then the keyboard reads them.
      const seen = await kit.askPage({});
      for (const { tab } of PANELS) assert.equal(seen.lines[tab], LIVE_LINE, tab);
      const cell = /^\[1,2\] = (\S+)$/.exec(seen.heatmap);
      assert.ok(cell, `heatmap readout after →, →, ↓: ${seen.heatmap}`);
      assert.equal(Math.fround(Number(cell[1])), w1Values[1 * 16 + 2], `w1[1,2] read by keys: ${seen.heatmap}`);
      // The first box in tape order: a tensor of the step, named with its dtype and shape.
      type Tensor = { dtype: string; shape: number[] };
      const tensors: Tensor[] = [...tape.sources, ...tape.nodes.flatMap((node: { inputs: Tensor[]; outputs: Tensor[] }) => [...node.inputs, ...node.outputs])];
      const described = tensors.map((tensor) => `${tensor.dtype}[${tensor.shape.join(',')}]`);
      assert.ok(
        described.some((text) => seen.tape.includes(text)),
        `tape readout "${seen.tape}" names none of the tape's tensors ${JSON.stringify([...new Set(described)])}`,
      );
      assert.ok(seen.tapeDetails.trim() !== '', 'Enter picked no box: the details have no title');
      assert.match(seen.tape, /, selected$/);
      const children = (profile.root.children as { name: string }[]).map((child) => child.name);
      assert.ok(
        children.some((name) => seen.profile.startsWith(name)),
        `profile readout "${seen.profile}" is none of the root's children ${JSON.stringify(children)}`,
      );
      kit.report(`by keys: heatmap "${seen.heatmap}", tape "${seen.tape}", profile "${seen.profile}"`);
    });
  },

  async page(kit, _request, seen) {
    const { page } = kit;
    seen.lines = await originLines(kit, LIVE_LINE);
    kit.step('read w1[1,2] in its heatmap by keys');
    const heatmap = await panelPage(page, 'Heatmap: w1', PANELS[0].summary);
    // The first key puts the cursor on [0,0]; then → → ↓.
    seen.heatmap = await readByKeys(heatmap, page, '#canvas', ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown'], '#cursor-readout');
    seen.heatmap = await waitForText(
      'the heatmap readout at [1,2]',
      () => heatmap.locator('#cursor-readout').textContent({ timeout: 1000 }),
      (text) => text.startsWith('[1,2]'),
      5000,
    ).catch(() => seen.heatmap ?? '');
    log(`heatmap by keys: ${seen.heatmap}`);
    kit.step("pick the tape's first box by keys");
    const tape = await panelPage(page, 'Gradient Tape', PANELS[2].summary);
    // The graph is laid out in a worker: its boxes come a moment after the summary.
    await readByKeys(tape, page, '#graph', ['Home', 'Enter'], '#graph-readout', '#graph g.node');
    seen.tape = await waitForText(
      'the tape readout',
      () => tape.locator('#graph-readout').textContent({ timeout: 1000 }),
      (text) => text.endsWith(', selected'),
      5000,
    );
    seen.tapeDetails = (await tape.locator('#details-title').textContent()) ?? '';
    log(`tape by keys: ${seen.tape}`);
    kit.step("reach the profile root's first child by keys");
    const profile = await panelPage(page, 'TF.js Profile', PANELS[1].summary);
    seen.profile = await readByKeys(profile, page, '#flame', ['Home', 'ArrowDown'], '#flame-readout');
    log(`profile by keys: ${seen.profile}`);
    await kit.screenshot();
  },
};

export const panelsEnded: Scenario<Record<string, never>, { lines: Record<string, string> }> = {
  name: 'panelsEnded',
  title: 'says in each panel that its session ended, and at which stop it was last seen',
  timeoutMs: 180_000,

  async host(kit) {
    const seen = await kit.askPage({});
    for (const { tab } of PANELS) assert.equal(seen.lines[tab], ENDED_LINE, tab);
    kit.report(`after the session: ${JSON.stringify(seen.lines)}`);
  },

  async page(kit, _request, seen) {
    seen.lines = await originLines(kit, ENDED_LINE);
  },

  async afterReload(kit) {
    const lines = await originLines(kit, ENDED_LINE);
    for (const { tab } of PANELS) assert.equal(lines[tab], ENDED_LINE, tab);
  },
};
