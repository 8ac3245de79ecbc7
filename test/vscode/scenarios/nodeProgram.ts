/**
 * Scenario: VS Code's JavaScript debugger runs a Node program (`type: node`, the user's own
 * kind of launch config) that stops on a `debugger` statement: the extension has preloaded
 * the runtime through the configuration, so js-debug's Variables show `hidden` with the same
 * text a `tfjs` session shows, and its companion opens `hidden` as a heatmap, editable.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugSession } from 'vscode';
import { lineOf } from '../../lineMarkers';
import { editInHeatmap, type HeatmapEdit, type HeatmapEditSeen } from '../support/heatmapEdit';
import { PAGE_TIMEOUT_MS, STOP_TIMEOUT_MS, TERMINATE_TIMEOUT_MS, type Scenario } from '../support/scenario';

const PROGRAM = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'followedNode.js');

export const nodeProgram: Scenario<HeatmapEdit, HeatmapEditSeen> = {
  name: 'node-program',
  title: "shows tensors in js-debug's Variables for a Node program it runs, and edits one in the heatmap",
  timeoutMs: STOP_TIMEOUT_MS + PAGE_TIMEOUT_MS + TERMINATE_TIMEOUT_MS,

  async host(kit) {
    const { vscode } = kit;
    const disposables: { dispose(): unknown }[] = [];
    try {
      const stopped = new Promise<{ session: DebugSession; threadId: number }>((done) =>
        disposables.push(
          vscode.debug.registerDebugAdapterTrackerFactory('pwa-node', {
            createDebugAdapterTracker: (session) => ({
              onDidSendMessage(message: { type?: string; event?: string; body?: { threadId?: number } }) {
                if (message.type === 'event' && message.event === 'stopped') done({ session, threadId: Number(message.body?.threadId) });
              },
            }),
          }),
        ),
      );
      const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
        type: 'node',
        request: 'launch',
        name: 'TF.js Node program (scenario)',
        program: PROGRAM,
      });
      assert.equal(started, true, 'vscode.debug.startDebugging returned false');
      const { session, threadId } = await stopped;
      const { stackFrames } = await session.customRequest('stackTrace', { threadId });
      const { scopes } = await session.customRequest('scopes', { frameId: stackFrames[0].id });
      const { variables } = await session.customRequest('variables', { variablesReference: scopes[0].variablesReference });
      const hidden = (variables as { name: string; value: string }[]).find((variable) => variable.name === 'hidden');
      assert.equal(hidden?.value, 'float32[2,3] min=3 max=7 mean=5 std=2', `js-debug's Local scope: ${JSON.stringify(variables)}`);
      kit.report(`js-debug stopped the program; Variables shows hidden = ${hidden?.value}`);

      await kit.waitForEditorAt(PROGRAM, lineOf(PROGRAM, 'DEBUGGER_LINE'), STOP_TIMEOUT_MS);
      await vscode.commands.executeCommand('tfjs.showHeatmap', 'hidden');
      const seen = await kit.askPage({ expression: 'hidden', header: 'float32[2,3] min=3 max=7', cell: [1, 2], value: '-1' });
      assert.match(seen.headerAfter, /^float32\[2,3\] min=-1 max=7 /, `panel header after the edit: ${seen.headerAfter}`);
      const { result } = await session.customRequest('evaluate', { expression: 'hidden.dataSync()[5]', frameId: stackFrames[0].id, context: 'repl' });
      assert.equal(result, '-1', 'the program does not see the edit');
    } finally {
      disposables.forEach((d) => d.dispose());
      await vscode.debug.stopDebugging();
    }
  },

  async page(kit, request, seen) {
    await editInHeatmap(kit, request, seen);
  },
};
