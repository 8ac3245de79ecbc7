/**
 * `tfjs.showHeatmap`: opens the heatmap panel of an expression. From the Variables or Watch
 * context menu it gets the variable (`{ variable: { evaluateName, name }, container? }`),
 * from a hover's command link the expression itself, and from the palette it asks.
 */
import * as vscode from 'vscode';
import type { DebugStops } from './debugStops';
import { HeatmapPanel } from './panels/heatmapPanel';

interface VariableContext {
  variable?: { name?: unknown; evaluateName?: unknown };
  container?: unknown;
}

/** The expression the command's argument names, if it names one. */
export function expressionFromArgument(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument.trim() || undefined;
  if (typeof argument !== 'object' || argument === null) return undefined;
  const { variable, container } = argument as VariableContext;
  if (typeof variable?.evaluateName === 'string' && variable.evaluateName) return variable.evaluateName;
  // A watch expression (no container) is its own name.
  if (container === undefined && typeof variable?.name === 'string' && variable.name) return variable.name;
  return undefined;
}

export function registerHeatmapCommand(extensionUri: vscode.Uri, stops: DebugStops): vscode.Disposable {
  return vscode.commands.registerCommand('tfjs.showHeatmap', async (argument?: unknown) => {
    let expression = expressionFromArgument(argument);
    if (!expression) {
      const editor = vscode.window.activeTextEditor;
      const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
      expression = (
        await vscode.window.showInputBox({
          title: 'TF.js: Show as Heatmap',
          prompt: 'An expression giving a tensor, evaluated in the paused frame',
          value: selected,
          placeHolder: 'e.g. model.layers[0].getWeights()[0]',
        })
      )?.trim();
    }
    if (!expression) return;
    HeatmapPanel.show(extensionUri, stops, { expression });
  });
}
