/**
 * Scenario: paused after one training step, the user runs "TF.js: Show Gradient Tape" from
 * the command palette; the panel draws the MatMul ops, a click shows one's details, "Show
 * gradient" opens its gradient in a heatmap panel, and "Go to source" puts the editor on the
 * line the adapter's tape names for that op.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ElementHandle } from 'playwright-core';
import { log, runCommand, sleep, waitForText, webviewFrame } from '../support/page';
import { PROGRAM, programLine, SESSION_TEST_TIMEOUT_MS, type Scenario } from '../support/scenario';

const COMMAND = 'TF.js: Show Gradient Tape';

interface TapeRequest {
  /** Part of the name of the op to click. */
  op: string;
}

interface TapeSeen {
  summary: string;
  /** The op names drawn. */
  labels: string[];
  /** The clicked op's box: `n<node id>`. */
  key: string;
  details: string;
  /** The header of the heatmap that "Show gradient" opened. */
  heatmap: string;
}

export const tape: Scenario<TapeRequest, TapeSeen> = {
  name: 'tape',
  title: 'shows the gradient tape of a training step, and "Go to source" opens the line of an op',
  timeoutMs: SESSION_TEST_TIMEOUT_MS,

  async host(kit) {
    await kit.pausedAt({ name: 'tape', line: programLine('AFTER_STEP_LINE'), env: { MLP_STEPS: '1' } }, async ({ session }) => {
      const body = await session.customRequest('tfjs/tape', {});
      const matMuls = (body.nodes as { id: number; op: string; source?: { path: string; line: number } }[]).filter((node) => node.op.includes('MatMul'));
      const file = path.basename(PROGRAM);
      assert.deepEqual(
        matMuls.map((node) => `${path.basename(node.source?.path ?? '?')}:${node.source?.line}`),
        [`${file}:${programLine('HIDDEN_LINE')}`, `${file}:${programLine('OUTPUT_LINE')}`],
        `MatMul ops of the tape: ${JSON.stringify(matMuls)}`,
      );
      // Without a page (electron.mjs) the command opens the panel, whose content is out of reach;
      // with one, the page half opens it from the command palette.
      if (!kit.hasPage) await kit.vscode.commands.executeCommand('tfjs.showTape');
      const seen = await kit.askPage({ op: 'MatMul' });
      // tf.matMul runs the BatchMatMul kernel.
      assert.ok(seen.labels.includes('BatchMatMul'), `ops drawn: ${JSON.stringify(seen.labels)}`);
      assert.match(seen.summary, /^tape #\d+: \d+ ops, 4 variables$/);
      assert.ok(!seen.labels.includes('Identity'), `ops drawn: ${JSON.stringify(seen.labels)}`);
      const clicked = matMuls.find((node) => `n${node.id}` === seen.key);
      assert.ok(clicked?.source, `the page half clicked ${seen.key}, not a MatMul of the tape`);
      assert.ok(seen.details.includes(`${file}:${clicked.source.line}`), `details: ${seen.details}`);
      // The gradient into the first MatMul's [64,16] output, read from the tape through tfjs/tensor.
      assert.match(seen.heatmap, /^float32\[64,16\] min=/);
      await kit.waitForEditorAt(PROGRAM, clicked.source.line, 10_000);
      const text = kit.vscode.window.activeTextEditor?.document.lineAt(clicked.source.line - 1).text ?? '';
      assert.match(text, /tf\.matMul\(/);
      kit.report(`tape panel: ${seen.summary}; MatMul ${seen.key} → ${file}:${clicked.source.line}`);
    });
  },

  async page(kit, { op }, seen) {
    const { page } = kit;
    log('debug session stopped after a training step; opening the gradient tape panel');
    let panel: ElementHandle | undefined;
    try {
      kit.step(`run "${COMMAND}"`);
      await runCommand(page, COMMAND);
      kit.step('find the tape panel');
      const { frame, element } = await webviewFrame(page, async (f) => (await f.locator('#graph').count()) > 0, 'gradient tape');
      panel = element;
      kit.step(`see a ${op} op drawn`);
      // tfjs names the kernel of tf.matMul BatchMatMul: `op` is matched as part of the name.
      const node = frame.locator('g.node.op', { has: frame.locator('text.label', { hasText: op }) }).first();
      await node.waitFor({ state: 'visible', timeout: 30_000 });
      seen.summary = (await frame.locator('#summary').textContent()) ?? '';
      seen.labels = await frame.locator('g.node text.label').allTextContents();
      seen.key = (await node.getAttribute('data-key')) ?? '';
      log(`tape panel: ${seen.summary}; ops ${JSON.stringify(seen.labels)}`);
      kit.step(`click the ${op} op (${seen.key})`);
      await node.click();
      await waitForText(
        'the details title',
        () => frame.locator('#details-title').textContent({ timeout: 1000 }),
        (t) => t.includes(op),
        5000,
      );
      seen.details = (await frame.locator('#details').innerText()).replace(/\s+/g, ' ').trim();
      log(`details: ${seen.details}`);
      kit.step('press "Show gradient" and find its heatmap');
      await frame.locator('#show-gradient').click();
      // The heatmap names a tape's tensor by what it is (`gradient into tensor 12 (tape 3)`).
      const heatmap = await webviewFrame(
        page,
        async (f) => /^gradient into tensor \d+ \(tape \d+\)$/.test((await f.locator('#expression').textContent({ timeout: 500 })) ?? ''),
        'heatmap of a tape tensor',
      );
      seen.heatmap = await waitForText(
        'the heatmap header',
        () => heatmap.frame.locator('#summary').textContent({ timeout: 1000 }),
        (t) => /^float32\[/.test(t),
        30_000,
      );
      log(`heatmap of the gradient: ${seen.heatmap}`);
      // The heatmap opened as another tab of the panels' column: back to the tape's tab, whose
      // page comes back with the op still picked.
      kit.step('show the tape panel again');
      await page.locator('.tabs-container .tab', { hasText: 'Gradient Tape' }).first().click();
      const again = await webviewFrame(
        page,
        async (f) => ((await f.locator('#details-title').textContent({ timeout: 500 })) ?? '').includes(op),
        'gradient tape with the op picked',
      );
      panel = again.element;
      kit.step('press "Go to source"');
      await again.frame.locator('#go-to-source').click();
      // The editor opens beside the panel: give it a moment before the screenshot.
      await sleep(1000);
    } finally {
      await kit.screenshot();
      if (panel) await kit.screenshot('panel', panel);
    }
  },
};
