/**
 * Scenario: the model panel as a VS Code user meets it. Stopped in onEpochEnd of the layers
 * example (a Sequential conv net trained with model.fit), the user runs "TF.js: Show Model":
 * the panel, beside the code, lists the model's layers as `tfjs/models` gives them (name,
 * class, output shape, parameters) and says it shows stop 1. Its tab is closed afterwards, so
 * that the panels scenario finds only its own.
 */
import * as assert from 'node:assert/strict';
import type { ModelInfo } from '../../../protocol/runtimeApi';
import { markersOf } from '../../lineMarkers';
import { webviewFrame } from '../support/page';
import { LAYERS_PROGRAM, SESSION_TEST_TIMEOUT_MS, type Scenario } from '../support/scenario';

const SESSION = 'model';
const layersLine = markersOf(LAYERS_PROGRAM);

interface ModelSeen {
  /** Per layer row: name, class, output shape, parameters, as drawn. */
  rows: string[][];
  heading: string;
  origin: string;
}

export const modelPanel: Scenario<Record<string, never>, ModelSeen> = {
  name: 'model',
  title: "shows the layers example's model in the model panel, layer by layer, at a stop in onEpochEnd",
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
        const seen = await kit.askPage({});
        assert.deepEqual(
          seen.rows,
          models[0].layers.map((layer) => [layer.name, layer.className, layer.outputShape, layer.params.toLocaleString('en-US')]),
        );
        assert.equal(seen.heading, 'bars · Sequential');
        assert.equal(seen.origin, `${SESSION} · stop 1`);
        kit.report(`model panel: ${seen.heading}; ${seen.rows.map((row) => row.join(' ')).join('; ')}`);
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  },

  async page(kit, _request, seen) {
    kit.step("see the model panel's table");
    const { frame } = await webviewFrame(kit.page, async (f) => (await f.locator('section.model tbody tr').count()) > 0, 'model');
    seen.heading = (await frame.locator('section.model h2').first().textContent()) ?? '';
    seen.rows = await frame.locator('section.model tbody tr').evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.children)
          .slice(0, 4)
          .map((cell) => cell.textContent ?? ''),
      ),
    );
    seen.origin = (await frame.locator('#panel-origin').textContent()) ?? '';
    await kit.screenshot();
  },
};
