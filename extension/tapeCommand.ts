/**
 * `tfjs.showTape` and `tfjs.showModel`: open (or reveal) the gradient tape panel and the model
 * panel of the active `tfjs` session, and close them when the extension deactivates.
 */
import * as vscode from 'vscode';
import type { DebugStops } from './debugStops';
import { ModelPanel } from './panels/modelPanel';
import { TapePanel } from './panels/tapePanel';

export function registerTapeCommand(extensionUri: vscode.Uri, stops: DebugStops): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('tfjs.showTape', () => {
      TapePanel.show(extensionUri, stops);
    }),
    vscode.commands.registerCommand('tfjs.showModel', () => {
      ModelPanel.show(extensionUri, stops);
    }),
    { dispose: () => TapePanel.disposeAll() },
    { dispose: () => ModelPanel.disposeAll() },
  );
}
