/**
 * Scenario: a web app that bundles tfjs with its own code (two ES modules built by esbuild
 * into one script with a linked source map, as an app's build makes one) runs on webgl under
 * VS Code's JavaScript debugger, launched as users launch one (`pwa-chrome`, webRoot the
 * app's project). A breakpoint set in the app's own src/main.js, after a model.fit step and a
 * tf.variableGrads, stops it there (js-debug maps it through the bundle's map). The profile
 * panel names the app's lines: the fit line's frame, hovered on the flame graph, names
 * src/main.js, and "Go to source" opens it there. The gradient tape panel names the model's
 * weights.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ProfileBody } from '../../../protocol/runtimeApi';
import type { TfjsDebuggerApi } from '../../../protocol/extensionApi';
import type { TapeBody } from '../../../protocol/customRequests';
import { buildBundledApp, BUNDLED_SOURCES, serveBundledApp } from '../../browser/bundledPage';
import { markersOf } from '../../lineMarkers';
import { pageUrl } from '../../localServer';
import { evaluate, launchJsDebugPage, untilFollowed } from '../support/jsDebugPage';
import { log, runCommand, webviewFrame } from '../support/page';
import { PAGE_TIMEOUT_MS, STOP_TIMEOUT_MS, TERMINATE_TIMEOUT_MS, type Scenario } from '../support/scenario';
import { hoverAndGoToSource, locateFrame, type ProfileRequest, type ProfileSeen } from './profile';
import { framesOf } from '../../flameTree';

const mainLine = markersOf(path.join(BUNDLED_SOURCES, 'main.js'));
const modelLine = markersOf(path.join(BUNDLED_SOURCES, 'model.js'));
const WEIGHTS = ['dense_Dense1/kernel', 'dense_Dense1/bias', 'dense_Dense2/kernel', 'dense_Dense2/bias'];

interface BundledSeen extends ProfileSeen {
  /** The tape panel's summary line and the labels of the boxes it drew. */
  tapeSummary: string;
  tapeLabels: string[];
}

export const bundledPage: Scenario<ProfileRequest, BundledSeen> = {
  name: 'bundled-page',
  title: "follows a bundled page js-debug stops at a breakpoint in the app's source: the profile and tape panels name the app's lines and the model's weights",
  timeoutMs: STOP_TIMEOUT_MS + 2 * PAGE_TIMEOUT_MS + TERMINATE_TIMEOUT_MS,

  async host(kit) {
    const { vscode } = kit;
    const app = await buildBundledApp();
    const server = await serveBundledApp(app);
    const mainJs = path.join(app.root, 'src', 'main.js');
    const modelJs = path.join(app.root, 'src', 'model.js');
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(mainJs), new vscode.Position(mainLine('LOSS_LINE') - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    // What the companion says in the Debug Console (a source map it could not read), for a failure's message.
    const said: string[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('tfjs', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (message: { type?: string; event?: string; body?: { output?: string } }) => {
          if (message.type === 'event' && message.event === 'output' && message.body?.output?.includes('tfjs-debugger')) said.push(message.body.output.trim());
        },
      }),
    });
    const { session, stopped, close } = await launchJsDebugPage(vscode, `${pageUrl(server)}?backend=webgl`, app.root);
    try {
      await untilFollowed(session, 'webgl');
      await evaluate(session, 'globalThis.go = true');
      await stopped;
      // js-debug stops on the breakpoint of the app's file: the bundle's map maps it both ways.
      await kit.waitForEditorAt(mainJs, mainLine('LOSS_LINE'), STOP_TIMEOUT_MS);

      // What the panels will show: nothing runs while the page is paused.
      const api = vscode.extensions.getExtension<TfjsDebuggerApi>('tfjs-model-debugger.tfjs-model-debugger')?.exports;
      assert.ok(api, 'the extension exports no API');
      const body = (await api.request(session.id, 'tfjs/profile', { format: 'tree' })) as ProfileBody;
      const calls = framesOf(body.root).filter((frame) => frame.kind === 'call');
      const lines = calls.map((frame) => `${frame.source?.path}:${frame.source?.line}`);
      assert.ok(
        lines.includes(`${modelJs}:${modelLine('GRADS_LINE')}`),
        `no frame on model.js's variableGrads line among ${lines.slice(0, 8).join(', ')} …; the companion said: ${JSON.stringify(said)}`,
      );
      const located = locateFrame(body.root, (frame) => frame.kind === 'call' && frame.source?.path === mainJs && frame.source.line === mainLine('FIT_LINE'));
      assert.ok(located, `no frame on main.js's fit line among ${lines.join(', ')}`);
      assert.ok(
        calls.every((frame) => frame.source?.path.startsWith(path.join(app.root, 'src'))),
        `frames outside the app's sources (tfjs's code sits in the same bundle): ${lines.join(', ')}`,
      );
      const tape = (await api.request(session.id, 'tfjs/tape', {})) as TapeBody;
      assert.deepEqual(tape.sources.map((source) => source.name).sort(), [...WEIGHTS].sort());

      await vscode.commands.executeCommand('tfjs.showProfile');
      const seen = await kit.askPage({ content: 'MatMul', frame: located.frame.name, fraction: located.fraction, row: located.row, rowHeight: 22 });
      assert.equal(seen.tooltip[0], located.frame.name);
      assert.equal(seen.tooltip.at(-1), `${mainJs}:${mainLine('FIT_LINE')}`);
      assert.match(seen.table, /MatMul/);
      // "Go to source" opened main.js on the fit line (the tape panel has the focus since).
      const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.fsPath === mainJs);
      assert.equal((shown?.selection.active.line ?? -1) + 1, mainLine('FIT_LINE'), 'the editor of main.js after "Go to source"');
      for (const weight of WEIGHTS) assert.ok(seen.tapeLabels.includes(weight), `the tape panel drew no ${weight}: ${JSON.stringify(seen.tapeLabels)}`);
      assert.match(seen.tapeSummary, /^tape #\d+: \d+ ops, 4 variables\b/);
      kit.report(`profile: ${seen.tooltip.join(' | ')}; tape: ${seen.tapeSummary}`);
    } finally {
      tracker.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      vscode.debug.removeBreakpoints([breakpoint]);
      await close();
      server.close();
      app.remove();
    }
  },

  async page(kit, request, seen) {
    await hoverAndGoToSource(kit, request, seen);
    kit.step('run "TF.js: Show Gradient Tape"');
    await runCommand(kit.page, 'TF.js: Show Gradient Tape');
    const { frame } = await webviewFrame(kit.page, async (f) => (await f.locator('#graph').count()) > 0, 'gradient tape');
    kit.step('see the weights drawn');
    await frame.locator('g.node text.label', { hasText: 'dense_Dense1/kernel' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    seen.tapeSummary = (await frame.locator('#summary').textContent()) ?? '';
    seen.tapeLabels = await frame.locator('g.node text.label').allTextContents();
    log(`tape panel: ${seen.tapeSummary}; ${JSON.stringify(seen.tapeLabels)}`);
    await kit.screenshot();
  },
};
