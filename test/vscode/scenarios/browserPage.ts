/**
 * Scenario: VS Code's JavaScript debugger (js-debug, built into VS Code) runs a web page on
 * webgl (or webgpu, or wasm) in Chromium (`pwa-chrome`, the user's own kind of launch config); the page stops on a
 * `debugger` statement with `hidden` = [[3,3,3],[7,7,7]]. js-debug's Variables describe it
 * with the extension's text; the extension follows js-debug's page session with its
 * companion: its API reads `hidden` and the profile (the matMul on its page line) by
 * js-debug's frame id, `hidden` opens as a heatmap, cell [0,0] edited there to 10, and when js-debug
 * lets the page go on, the page sums `hidden` as edited (37, not 30). Ending the session
 * leaves neither the browser nor the companion running.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { TfjsDebuggerApi } from '../../../protocol/extensionApi';
import { serveTfjsPage } from '../../browser/tfjsPage';
import { lineOf } from '../../lineMarkers';
import { pageUrl } from '../../localServer';
import { evaluate, launchJsDebugPage, until, untilFollowed } from '../support/jsDebugPage';
import { editInHeatmap, type HeatmapEdit, type HeatmapEditSeen } from '../support/heatmapEdit';
import { noProcessesWith, processesWith } from '../support/processes';
import { PAGE_TIMEOUT_MS, STOP_TIMEOUT_MS, TERMINATE_TIMEOUT_MS, type Scenario } from '../support/scenario';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'browser');

/** js-debug's Variables text for `hidden` on each backend: on webgl and webgpu its values were never read back from the GPU. */
const hiddenText = { webgl: 'float32[2,3] (on webgl)', webgpu: 'float32[2,3] (on webgpu)', wasm: 'float32[2,3] min=3 max=7 mean=5 std=2' };

/** The scenario on `backend`. */
export const browserPage = (backend: keyof typeof hiddenText): Scenario<HeatmapEdit, HeatmapEditSeen> => ({
  name: `browser-${backend}`,
  title: `follows a page js-debug runs on ${backend}: a tensor of its stop opens as a heatmap, and a cell edited there changes what the page computes`,
  timeoutMs: STOP_TIMEOUT_MS + PAGE_TIMEOUT_MS + TERMINATE_TIMEOUT_MS + 30_000,

  async host(kit) {
    const { vscode } = kit;
    const server = await serveTfjsPage();
    // The companion is known by the adapter's path, the session's browser by its profile folder.
    const adapter = path.join(vscode.extensions.getExtension('tfjs-model-debugger.tfjs-model-debugger')?.extensionPath ?? '', 'dist', 'debug-adapter.js');
    const adaptersBefore = processesWith(adapter);
    const { session, stopped, browserProfile, close } = await launchJsDebugPage(vscode, `${pageUrl(server)}?backend=${backend}&script=followed.js`, FIXTURES);
    try {
      await untilFollowed(session, backend);
      await evaluate(session, 'globalThis.go = true');
      const threadId = await stopped;
      // VS Code shows the stop (the page's script, through webRoot) before the panel opens over it.
      await kit.waitForEditorAt(path.join(FIXTURES, 'followed.js'), lineOf(path.join(FIXTURES, 'followed.js'), 'DEBUGGER_LINE'), STOP_TIMEOUT_MS);
      // js-debug's own Variables view describes the tensor with the runtime's text.
      const { stackFrames } = await session.customRequest('stackTrace', { threadId });
      const { scopes } = await session.customRequest('scopes', { frameId: stackFrames[0].id });
      const { variables } = await session.customRequest('variables', { variablesReference: scopes[0].variablesReference });
      const hidden = (variables as { name: string; value: string }[]).find((variable) => variable.name === 'hidden');
      assert.equal(hidden?.value, hiddenText[backend], `js-debug's Local scope: ${JSON.stringify(variables)}`);
      kit.report(`js-debug stopped the page (thread ${threadId}), Variables shows hidden = ${hidden?.value}`);

      // The extension's API reaches the page's tensors and recording at js-debug's stop, by js-debug's own frame id.
      const api = vscode.extensions.getExtension<TfjsDebuggerApi>('tfjs-model-debugger.tfjs-model-debugger')?.exports;
      assert.ok(api, 'the extension exports no API');
      const view = await api.request(session.id, 'tfjs/tensor', { expression: 'hidden', frameId: stackFrames[0].id });
      const bytes = Buffer.from(view.view.data, 'base64');
      assert.deepEqual(
        [view.shape, view.dtype, [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)]],
        [[2, 3], 'float32', [3, 3, 3, 7, 7, 7]],
      );
      const profile = await api.request(session.id, 'tfjs/profile', { format: 'tree' });
      const matMulLine = lineOf(path.join(FIXTURES, 'followed.js'), 'MATMUL_LINE');
      const lines = JSON.stringify(profile, (key, value) =>
        key === 'source' && value?.line === matMulLine ? `${path.basename(value.path)}:${value.line}` : value,
      );
      assert.match(lines, new RegExp(`"followed\\.js:${matMulLine}"`), `the profile names no op on followed.js:${matMulLine}: ${lines.slice(0, 3000)}`);

      await vscode.commands.executeCommand('tfjs.showHeatmap', 'hidden');
      const seen = await kit.askPage({ expression: 'hidden', header: 'float32[2,3] min=3 max=7', cell: [0, 0], value: '10' });
      assert.match(seen.headerAfter, /^float32\[2,3\] min=3 max=10 /, `panel header after the edit: ${seen.headerAfter}`);

      await session.customRequest('continue', { threadId });
      await until(session, 'globalThis.result !== undefined', TERMINATE_TIMEOUT_MS);
      assert.equal(await evaluate(session, 'globalThis.result'), '37', 'the page summed hidden without the edit');

      // Ending the session ends the browser js-debug started and the extension's companion adapter.
      assert.ok(processesWith(browserProfile).length > 0, `no browser process with the session's profile ${browserProfile} while it runs`);
      assert.ok(
        processesWith(adapter).some((pid) => !adaptersBefore.includes(pid)),
        'no companion adapter process while the session runs',
      );
      await vscode.debug.stopDebugging();
      await noProcessesWith(browserProfile, TERMINATE_TIMEOUT_MS);
      await noProcessesWith(adapter, TERMINATE_TIMEOUT_MS, adaptersBefore);
    } finally {
      // The heatmap panel follows the session in view: left open, it would read `hidden` at the
      // next scenario's stop, and a GPU tensor read once has its values in memory.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await close();
      server.close();
    }
  },

  async page(kit, request, seen) {
    await editInHeatmap(kit, request, seen);
  },
});
