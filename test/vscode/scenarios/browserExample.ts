/**
 * Scenario: F5 on the browser example as a user without a display starts it: the launch
 * configuration "Debug TF.js page (headless)" of examples/.vscode (its preLaunchTask serves
 * the page), VS Code's JavaScript debugger opens it in Chromium on webgl, and a breakpoint on
 * BREAK_LINE of examples/browser/app.js (inside `onEpochEnd`) stops it after an epoch.
 * js-debug's Variables describe `probabilities`, a webgl tensor, with the extension's text; the
 * extension reads it at that stop with the values the page itself reads; hovered in app.js it
 * shows its text and thumbnail; it opens as a heatmap. Reloaded (the companion attached as
 * the page started training), the page stops again, and the profile names the example's fit
 * line, in its file.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ProfileBody } from '../../../protocol/runtimeApi';
import type { TfjsDebuggerApi } from '../../../protocol/extensionApi';
import { markersOf } from '../../lineMarkers';
import { editInHeatmap, type HeatmapEdit, type HeatmapEditSeen } from '../support/heatmapEdit';
import { evaluate, startJsDebugPage, until } from '../support/jsDebugPage';
import { PAGE_TIMEOUT_MS, STOP_TIMEOUT_MS, TERMINATE_TIMEOUT_MS, type Scenario } from '../support/scenario';
import { framesOf } from '../../flameTree';

const APP = path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'browser', 'app.js');
const appLine = markersOf(APP);

/** The float32 values of a `tfjs/tensor` view. */
function viewValues(view: { view: { data: string } }): number[] {
  const bytes = Buffer.from(view.view.data, 'base64');
  return [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)];
}

export const browserExample: Scenario<HeatmapEdit, HeatmapEditSeen> = {
  name: 'browser-example',
  title:
    'follows the browser example started by F5 on its headless configuration: a breakpoint in onEpochEnd, a webgl tensor read and shown, the profile at the fit line',
  timeoutMs: 2 * STOP_TIMEOUT_MS + PAGE_TIMEOUT_MS + TERMINATE_TIMEOUT_MS,

  async host(kit) {
    const { vscode } = kit;
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(APP), new vscode.Position(appLine('BREAK_LINE') - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    // VS Code asks before debugging when the workspace has errors after the preLaunchTask: none here.
    const errors = vscode.languages
      .getDiagnostics()
      .flatMap(([uri, list]) =>
        list.filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error).map((diagnostic) => `${uri.fsPath}: ${diagnostic.message}`),
      );
    assert.deepEqual(errors, [], 'errors in the workspace');
    const { session, stopped, nextStop, close } = await startJsDebugPage(vscode, 'Debug TF.js page (headless)');
    try {
      const threadId = await stopped;
      await kit.waitForEditorAt(APP, appLine('BREAK_LINE'), STOP_TIMEOUT_MS);
      // The companion attaches as the page loads: its runtime is in once the page is followed.
      await until(session, "typeof globalThis.__tfjsDebugger === 'object' && tf.getBackend() === 'webgl'", STOP_TIMEOUT_MS);
      const { stackFrames } = await session.customRequest('stackTrace', { threadId });
      const { scopes } = await session.customRequest('scopes', { frameId: stackFrames[0].id });
      const { variables } = await session.customRequest('variables', { variablesReference: scopes[0].variablesReference });
      const probabilities = (variables as { name: string; value: string }[]).find((variable) => variable.name === 'probabilities');
      // model.predict ran on the GPU and nothing has read its output back.
      assert.equal(probabilities?.value, 'float32[8,2] (on webgl)', `js-debug's Local scope: ${JSON.stringify(variables)}`);

      const api = vscode.extensions.getExtension<TfjsDebuggerApi>('tfjs-model-debugger.tfjs-model-debugger')?.exports;
      assert.ok(api, 'the extension exports no API');
      const view = await api.request(session.id, 'tfjs/tensor', { expression: 'probabilities', frameId: stackFrames[0].id });
      assert.deepEqual([view.shape, view.dtype], [[8, 2], 'float32']);
      // What the page itself reads of it, through js-debug.
      const { result } = await session.customRequest('evaluate', {
        expression: 'JSON.stringify(Array.from(probabilities.dataSync()))',
        frameId: stackFrames[0].id,
        context: 'repl',
      });
      // js-debug shows a string result quoted: '[0.47,…]'.
      const pageValues = JSON.parse(String(result).replace(/^'|'$/g, '')) as number[];
      assert.deepEqual(viewValues(view), [...Float32Array.from(pageValues)]);
      kit.report(`js-debug stopped the example after an epoch; probabilities = ${probabilities?.value}, read as the page reads it`);

      // Hovering `probabilities` in app.js shows the extension's hover: its text and thumbnail.
      const source = await vscode.workspace.openTextDocument(APP);
      const declaration = source
        .getText()
        .split('\n')
        .findIndex((text) => text.includes('const probabilities ='));
      const at = new vscode.Position(declaration, source.lineAt(declaration).text.indexOf('probabilities') + 2);
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', source.uri, at)) as { contents: { value?: string }[] }[];
      const ours = hovers.flatMap((hover) => hover.contents.map((part) => part.value ?? '')).find((text) => text.includes('probabilities: float32[8,2]'));
      assert.ok(ours, `no tensor hover over probabilities: ${JSON.stringify(hovers).slice(0, 500)}`);
      assert.match(ours, /<img src="data:image\/png;base64,[^"]+" width="\d+" height="\d+" alt="heatmap of probabilities">/);

      await vscode.commands.executeCommand('tfjs.showHeatmap', 'probabilities');
      const seen = await kit.askPage({ expression: 'probabilities', header: 'float32[8,2] min=', cell: [0, 0], value: '0.5' });
      assert.match(seen.headerAfter, /^float32\[8,2\] min=/);

      // The companion attached while model.fit was running: a reload is recorded from its
      // first op, and its first epoch's stop has the training under the example's fit line.
      await session.customRequest('continue', { threadId });
      const next = nextStop();
      await evaluate(session, 'location.reload()');
      await next;
      await kit.waitForEditorAt(APP, appLine('BREAK_LINE'), STOP_TIMEOUT_MS);
      const profile = (await api.request(session.id, 'tfjs/profile', { format: 'tree' })) as ProfileBody;
      const calls = framesOf(profile.root).filter((frame) => frame.kind === 'call');
      const fit = calls.find((frame) => frame.source?.path === APP && frame.source.line === appLine('FIT_LINE'));
      assert.ok(fit, `no frame on the example's fit line among ${JSON.stringify(calls.map((frame) => frame.source))}`);
      assert.ok(
        fit.children.some((child) => child.kind === 'api' && child.name === 'fit'),
        JSON.stringify(fit.children.map((child) => child.name)),
      );
      kit.report(`profile at the next stop: ${fit.name}, ${fit.count} kernels`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      vscode.debug.removeBreakpoints([breakpoint]);
      await close();
      // The preLaunchTask's server keeps running, as it does for a user: end it.
      for (const execution of vscode.tasks.taskExecutions) execution.terminate();
    }
  },

  async page(kit, request, seen) {
    await editInHeatmap(kit, request, seen);
  },
};
