/**
 * Scenario: the model panel as a VS Code user meets it. Stopped in onEpochEnd of the layers
 * example (a Sequential conv net trained with model.fit), the user runs "TF.js: Show Model":
 * the panel, beside the code, lists the model's layers as `tfjs/models` gives them (name,
 * class, output shape, parameters), each layer's last output as the program made it in the
 * epoch's last step, and says it shows stop 1. The user pins the first conv layer's kernel:
 * the adapter keeps it from then on, and the panel shows its distribution over the steps so
 * far. Its tab is closed afterwards, so that the panels scenario finds only its own.
 */
import * as assert from 'node:assert/strict';
import type { ElementHandle, Page } from 'playwright-core';
import type { ModelHistory, ModelInfo } from '../../../protocol/runtimeApi';
import { describeOutput } from '../../../webviews/model/modelTable';
import { markersOf } from '../../lineMarkers';
import { resizeSideBar, webviewFrame } from '../support/page';
import { LAYERS_PROGRAM, SESSION_TEST_TIMEOUT_MS, type Scenario } from '../support/scenario';

const SESSION = 'model';
const layersLine = markersOf(LAYERS_PROGRAM);
const PINNED = 'conv1/kernel';

interface ModelSeen {
  /** Per layer row: name, class, output shape, parameters, last output, as drawn. */
  rows: string[][];
  heading: string;
  origin: string;
  /** Histogram pictures drawn in the last-output column. */
  histograms: number;
  /** After the pin: the selected weight's heading, and whether its distribution is drawn. */
  selected: string;
  distribution: boolean;
}

/** Best effort, for the screenshot only: drags the sash left of the panel `dx` pixels to the left. */
async function widenPanel(page: Page, panel: ElementHandle, dx: number): Promise<void> {
  const box = await panel.boundingBox().catch(() => null);
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x - 2, y);
  await page.mouse.down();
  await page.mouse.move(box.x - 2 - dx, y, { steps: 10 });
  await page.mouse.up();
  // Off the sash, whose hover highlight would otherwise show.
  await page.mouse.move(box.x + 200, y);
}

export const modelPanel: Scenario<Record<string, never>, ModelSeen> = {
  name: 'model',
  title: "shows the layers example's model in the model panel, layer by layer with its last outputs, at a stop in onEpochEnd, and pins a kernel",
  timeoutMs: SESSION_TEST_TIMEOUT_MS,

  async host(kit) {
    const { vscode } = kit;
    try {
      await kit.pausedAt({ name: SESSION, program: LAYERS_PROGRAM, line: layersLine('EPOCH_END_LINE'), env: { EPOCHS: '1' } }, async ({ session }) => {
        const { models } = (await session.customRequest('tfjs/models', {})) as { models: ModelInfo[] };
        assert.deepEqual(
          models.map((model) => [model.name, model.className]),
          [['bars', 'Sequential']],
        );
        await vscode.window.showTextDocument(vscode.Uri.file(LAYERS_PROGRAM));
        await vscode.commands.executeCommand('tfjs.showModel');
        // Room for the panel in the screenshot (README's): the Debug Console opens again with the next session.
        await vscode.commands.executeCommand('workbench.action.closePanel');
        const seen = await kit.askPage({});
        const layers = models[0].layers;
        assert.deepEqual(
          seen.rows,
          layers.map((layer) => [
            layer.name,
            layer.className,
            layer.outputShape,
            layer.params.toLocaleString('en-US'),
            layer.output ? describeOutput(layer.output) : '',
          ]),
        );
        // 96 examples in batches of 16: the epoch's 6 steps.
        assert.deepEqual(
          layers.map((layer) => layer.output?.step),
          layers.map(() => 6),
        );
        assert.equal(seen.histograms, layers.length);
        assert.equal(seen.heading, 'bars · Sequential');
        assert.equal(seen.origin, `${SESSION} · stop 1`);

        // The page pinned the kernel: the adapter keeps it from this step on, and the panel shows its distribution.
        const history = (await session.customRequest('tfjs/history', { model: models[0].id, layer: 'conv1' })) as ModelHistory;
        const kernel = history.layers[0].weights.find((weight) => weight.name === PINNED);
        assert.deepEqual([kernel?.pinned, kernel?.snapshotSteps, kernel?.value?.steps], [true, [6], [1, 2, 3, 4, 5, 6]]);
        assert.deepEqual([seen.selected, seen.distribution], [PINNED, true]);
        kit.report(`model panel: ${seen.heading}; ${seen.rows.map((row) => row.join(' ')).join('; ')}; pinned ${PINNED}`);
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  },

  async page(kit, _request, seen) {
    kit.step("see the model panel's table");
    const { frame, element } = await webviewFrame(kit.page, async (f) => (await f.locator('section.model tbody tr').count()) > 0, 'model');
    seen.heading = (await frame.locator('section.model h2').first().textContent()) ?? '';
    seen.rows = await frame.locator('section.model tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = Array.from(row.children);
        const output = cells[5]?.querySelector('.output-text')?.textContent ?? '';
        return [...cells.slice(0, 4).map((cell) => cell.textContent ?? ''), output];
      }),
    );
    seen.histograms = await frame.locator('section.model td.output svg.histogram').count();
    seen.origin = (await frame.locator('#panel-origin').textContent()) ?? '';
    kit.step(`pin ${PINNED}`);
    await frame.locator(`.weight[data-weight="${PINNED}"] button.pin`).click();
    kit.step(`see ${PINNED}'s distribution`);
    await frame.locator('#selected:not([hidden]) svg.distribution').waitFor({ timeout: 20_000 });
    seen.selected = (await frame.locator('#selected-name').textContent()) ?? '';
    seen.distribution = true;
    // Room for the panel in the screenshot (README's), and its table from its first column.
    await resizeSideBar(kit.page, -120);
    await widenPanel(kit.page, element, 260);
    await frame.locator('#models').evaluate((models) => models.scrollTo(0, 0));
    await kit.screenshot();
  },
};
