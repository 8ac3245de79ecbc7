/**
 * Scenario: the leak finder as a VS Code user meets it. Stopped in a training loop that keeps
 * one tensor per step (test/fixtures/leakPerStep.js) at its second stop, the user runs "TF.js:
 * Show Memory": the pick list's first line is the leaking line, `+1 tensor / step`. Its button
 * opens the line's tensors in the heatmap: the two kept so far, stacked, `float32[2,8,3]`.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { MemoryInfo } from '../../../protocol/runtimeApi';
import { markersOf } from '../../lineMarkers';
import { waitForText, webviewFrame } from '../support/page';
import { SESSION_TEST_TIMEOUT_MS, type Scenario } from '../support/scenario';

const SESSION = 'memory';
const LEAK_PROGRAM = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'leakPerStep.js');
const leakLine = markersOf(LEAK_PROGRAM);

interface MemorySeen {
  /** The pick list's first row, as shown. */
  firstRow: string;
  /** The heatmap's name and header for the line's tensors. */
  heatmap: string;
  header: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const memory: Scenario<{ line: string }, MemorySeen> = {
  name: 'memory',
  title: 'shows the line that leaks a tensor per step in Show Memory, and its tensors in the heatmap',
  timeoutMs: SESSION_TEST_TIMEOUT_MS,

  async host(kit) {
    const { vscode } = kit;
    try {
      await kit.pausedAt({ name: SESSION, program: LEAK_PROGRAM, line: leakLine('STEP_LINE') }, async ({ session, threadId }) => {
        // On to the second stop, a training step later: the leak has grown by one.
        const { steps } = (await session.customRequest('tfjs/memory', { byLine: true })).byLine as { steps: number };
        await session.customRequest('continue', { threadId });
        const until = Date.now() + 30_000;
        let stepsNow = steps;
        while (stepsNow === steps && Date.now() < until) {
          await sleep(200);
          const paused = await session.customRequest('stackTrace', { threadId, levels: 1 }).then(
            () => true,
            () => false,
          );
          if (paused) stepsNow = ((await session.customRequest('tfjs/memory', { byLine: true })) as MemoryInfo).byLine?.steps ?? steps;
        }
        assert.equal(stepsNow, steps + 1, 'the second stop did not come');
        const report = (await session.customRequest('tfjs/memory', { byLine: true })) as MemoryInfo;
        const top = report.byLine?.lines[0];
        assert.equal(top?.name, `leakPerStep.js:${leakLine('LEAK_LINE')}`);
        await vscode.commands.executeCommand('tfjs.showMemory');
        const seen = await kit.askPage({ line: top.name });
        assert.match(seen.firstRow, new RegExp(`leakPerStep\\.js:${leakLine('LEAK_LINE')}.*\\+1 tensor / step · 2 tensors alive, 192 B`));
        assert.equal(seen.heatmap, `tensors made at leakPerStep.js:${leakLine('LEAK_LINE')}`);
        assert.match(seen.header, /^float32\[2,8,3\] /);
        kit.report(`Show Memory: ${seen.firstRow}; heatmap ${seen.heatmap} ${seen.header}`);
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  },

  async page(kit, request, seen) {
    const { page } = kit;
    kit.step("see Show Memory's pick list");
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: request.line }).first();
    await row.waitFor({ timeout: 30_000 });
    seen.firstRow = ((await page.locator('.quick-input-widget .monaco-list-row').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    await kit.screenshot('pick');
    kit.step("press the line's button: its tensors in the heatmap");
    await row.hover();
    await row
      .locator('.action-label[aria-label="Show these tensors in the heatmap"], .action-label[title="Show these tensors in the heatmap"]')
      .first()
      .click();
    const { frame } = await webviewFrame(
      page,
      async (f) => ((await f.locator('#expression').textContent({ timeout: 500 })) ?? '').startsWith('tensors made at'),
      'the heatmap of the line',
    );
    seen.heatmap = (await frame.locator('#expression').textContent()) ?? '';
    seen.header = await waitForText(
      'the heatmap header',
      () => frame.locator('#summary').textContent({ timeout: 1000 }),
      (text) => text.startsWith('float32['),
      30_000,
    );
    await kit.screenshot();
  },
};
