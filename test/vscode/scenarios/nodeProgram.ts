/**
 * Scenario: VS Code's JavaScript debugger runs the Node example (`type: node`, the user's own
 * kind of launch config: examples/mlp/train.js) and stops at a breakpoint after a training
 * step. The extension has preloaded the runtime through the configuration, so js-debug's
 * Variables show the example's tensors with the text a `tfjs` session shows; its companion
 * answers the profile (at the example's lines) and the tape of the step (its four variables),
 * and opens `w1` as a heatmap, where an edited cell is what the program then holds.
 */
import * as assert from 'node:assert/strict';
import type { DebugSession } from 'vscode';
import type { TfjsDebuggerApi } from '../../../protocol/extensionApi';
import type { ProfileBody } from '../../../protocol/runtimeApi';
import type { TapeBody } from '../../../protocol/customRequests';
import { editInHeatmap, type HeatmapEdit, type HeatmapEditSeen } from '../support/heatmapEdit';
import { PAGE_TIMEOUT_MS, PROGRAM, programLine, STOP_TIMEOUT_MS, TERMINATE_TIMEOUT_MS, type Scenario } from '../support/scenario';
import { framesOf } from '../../flameTree';

export const nodeProgram: Scenario<HeatmapEdit, HeatmapEditSeen> = {
  name: 'node-program',
  title: "shows tensors in js-debug's Variables for the Node example it runs, its profile and tape, and edits a weight in the heatmap",
  timeoutMs: STOP_TIMEOUT_MS + PAGE_TIMEOUT_MS + TERMINATE_TIMEOUT_MS,

  async host(kit) {
    const { vscode } = kit;
    const disposables: { dispose(): unknown }[] = [];
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(PROGRAM), new vscode.Position(programLine('AFTER_STEP_LINE') - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
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
        name: 'TF.js Node example (scenario)',
        program: PROGRAM,
        env: { MLP_STEPS: '2' },
      });
      assert.equal(started, true, 'vscode.debug.startDebugging returned false');
      const { session, threadId } = await stopped;
      await kit.waitForEditorAt(PROGRAM, programLine('AFTER_STEP_LINE'), STOP_TIMEOUT_MS);
      const { stackFrames } = await session.customRequest('stackTrace', { threadId });
      const frameId = stackFrames[0].id;
      // The step's cost in main's scope, the weights in the module's.
      const { scopes } = await session.customRequest('scopes', { frameId });
      const shown = new Map<string, string>();
      for (const scope of (scopes as { name: string; variablesReference: number }[]).filter((candidate) => candidate.name !== 'Global')) {
        const { variables } = await session.customRequest('variables', { variablesReference: scope.variablesReference });
        for (const variable of variables as { name: string; value: string }[]) shown.set(variable.name, variable.value);
      }
      assert.match(shown.get('cost') ?? '', /^float32\[\] \d/, `js-debug's cost: ${shown.get('cost')}`);
      assert.match(shown.get('w1') ?? '', /float32\[8,16\] min=\S+ max=\S+ mean=\S+ std=\S+/, `js-debug's w1: ${shown.get('w1')}`);
      kit.report(`js-debug stopped the example after a step; Variables shows w1 = ${shown.get('w1')}`);

      const api = vscode.extensions.getExtension<TfjsDebuggerApi>('tfjs-model-debugger.tfjs-model-debugger')?.exports;
      assert.ok(api, 'the extension exports no API');
      const profile = (await api.request(session.id, 'tfjs/profile', { format: 'tree' })) as ProfileBody;
      const lines = framesOf(profile.root).flatMap((frame) => (frame.kind === 'call' && frame.source ? [`${frame.source.path}:${frame.source.line}`] : []));
      assert.ok(lines.includes(`${PROGRAM}:${programLine('HIDDEN_LINE')}`), `no frame on the example's hidden layer line among ${lines.join(', ')}`);
      const tape = (await api.request(session.id, 'tfjs/tape', {})) as TapeBody;
      assert.deepEqual(tape.sources.map((source) => source.name).sort(), ['b1', 'b2', 'w1', 'w2']);

      await vscode.commands.executeCommand('tfjs.showHeatmap', 'w1');
      const seen = await kit.askPage({ expression: 'w1', header: 'float32[8,16] min=', cell: [1, 2], value: '10' });
      assert.match(seen.headerAfter, /^float32\[8,16\] min=\S+ max=10 /, `panel header after the edit: ${seen.headerAfter}`);
      const { result } = await session.customRequest('evaluate', { expression: 'w1.dataSync()[16 + 2]', frameId, context: 'repl' });
      assert.equal(result, '10', 'the program does not see the edit');
    } finally {
      disposables.forEach((d) => d.dispose());
      vscode.debug.removeBreakpoints([breakpoint]);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.debug.stopDebugging();
    }
  },

  async page(kit, request, seen) {
    await editInHeatmap(kit, request, seen);
  },
};
