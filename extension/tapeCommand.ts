/**
 * `tfjs.showTape`: opens (or reveals) the gradient tape panel of the active `tfjs` session,
 * and closes it when the extension deactivates.
 */
import * as vscode from 'vscode';
import type { DebugStops } from './debugStops';
import { TapePanel } from './panels/tapePanel';

export function registerTapeCommand(extensionUri: vscode.Uri, stops: DebugStops): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('tfjs.showTape', () => {
      TapePanel.show(extensionUri, stops);
    }),
    { dispose: () => TapePanel.disposeAll() },
  );
}
