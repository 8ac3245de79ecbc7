/**
 * Scenario: paused after a training step, the user rests the mouse on `w1` in train.js, with
 * no key held: the extension's hover shows the tensor's statistics and its heatmap thumbnail
 * (the adapter leaves hovered tensors to it: `tensorHover`, default `thumbnail`), not VS
 * Code's debug hover.
 */
import * as assert from 'node:assert/strict';
import { log } from '../support/page';
import { PROGRAM, programLine, SESSION_TEST_TIMEOUT_MS, type Scenario } from '../support/scenario';

/** The line `const w1 = tf.variable(...)` of the example. */
const W1_LINE = 16;

interface HoverSeen {
  /** The text of the hover that showed. */
  text: string;
  /** How many pictures it holds (the thumbnail). */
  images: number;
  /** Whether VS Code's debug hover showed instead. */
  debugHover: boolean;
}

export const hover: Scenario<Record<string, never>, HoverSeen> = {
  name: 'hover',
  title: 'shows the heatmap thumbnail when the mouse rests on a tensor, without Alt',
  timeoutMs: SESSION_TEST_TIMEOUT_MS,

  async host(kit) {
    const { vscode } = kit;
    await kit.pausedAt({ name: 'hover', line: programLine('AFTER_STEP_LINE'), env: { MLP_STEPS: '1' } }, async () => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(PROGRAM));
      assert.match(editor.document.lineAt(W1_LINE - 1).text, /^const w1 = /);
      editor.revealRange(new vscode.Range(W1_LINE - 1, 0, W1_LINE - 1, 0), vscode.TextEditorRevealType.InCenter);
      const seen = await kit.askPage({});
      assert.equal(seen.debugHover, false, "VS Code's debug hover showed for a tensor");
      assert.match(seen.text, /w1: float32\[8,16\] min=\S+ max=\S+ mean=\S+ std=\S+/);
      assert.match(seen.text, /Show as Heatmap/);
      assert.equal(seen.images, 1, `pictures in the hover: ${seen.images}`);
      kit.report(`hover: ${seen.text.replace(/\s+/g, ' ').slice(0, 120)}`);
    });
  },

  async page(kit, _request, seen) {
    const { page } = kit;
    kit.step('find `w1` on its line in the editor');
    const line = page.locator('.monaco-editor .view-line', { hasText: 'const w1 = tf.variable' }).first();
    await line.waitFor({ state: 'visible', timeout: 20_000 });
    const token = line.locator('span > span', { hasText: /^w1$/ }).first();
    const box = await token.boundingBox();
    assert.ok(box, 'no box for w1');
    kit.step('rest the mouse on `w1`');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
    const ours = page.locator('.monaco-hover', { hasText: 'w1: float32[8,16]' }).first();
    await ours.waitFor({ state: 'visible', timeout: 20_000 });
    seen.text = await ours.innerText();
    seen.images = await ours.locator('img').count();
    seen.debugHover = await page.locator('.debug-hover-widget').isVisible();
    log(`hover: ${seen.text.replace(/\s+/g, ' ')}`);
    await kit.screenshot();
    // Put the hover away: left open, it covers the panels' column, and a later scenario's pointer
    // resting on it would keep it there.
    kit.step('put the hover away');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 500);
    await ours.waitFor({ state: 'hidden', timeout: 10_000 });
  },
};
