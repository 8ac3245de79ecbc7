/**
 * `tfjs.showProfile` opens (or reveals) the profile panel of the active `tfjs` session;
 * `tfjs.exportProfile` saves that session's recording as a Chrome trace or speedscope file.
 */
import * as vscode from 'vscode';
import type { DebugStops } from './debugStops';
import { ProfilePanel } from './panels/profilePanel';
import { exportProfile } from './profileExport';
import { errorMessage } from './tfjsRequest';
import { activeTfjsSession } from './tfjsSession';

export function registerProfileCommands(extensionUri: vscode.Uri, stops: DebugStops): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('tfjs.showProfile', () => {
      ProfilePanel.show(extensionUri, stops);
    }),
    vscode.commands.registerCommand('tfjs.exportProfile', async () => {
      const session = activeTfjsSession(stops);
      if (!session) {
        void vscode.window.showErrorMessage('TF.js: Export Profile needs a running TF.js debug session.');
        return;
      }
      try {
        const path = await exportProfile(session);
        if (path) void vscode.window.showInformationMessage(`Saved the TF.js profile to ${path}`);
      } catch (error) {
        void vscode.window.showErrorMessage(`TF.js: Export Profile failed: ${errorMessage(error)}`);
      }
    }),
    { dispose: () => ProfilePanel.disposeAll() },
  );
}
