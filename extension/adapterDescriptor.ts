/**
 * Runs the debug adapter as its own process with the Node.js that runs VS Code's extension
 * host (Electron in desktop VS Code, which needs ELECTRON_RUN_AS_NODE to act as Node).
 */
import * as vscode from 'vscode';

export class AdapterDescriptorFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionUri: vscode.Uri) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const adapter = vscode.Uri.joinPath(this.extensionUri, 'dist', 'debug-adapter.js').fsPath;
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}
