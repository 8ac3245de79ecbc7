/**
 * Runs the debug adapter as its own process with the Node.js that runs VS Code's extension
 * host (Electron in desktop VS Code, which needs ELECTRON_RUN_AS_NODE to act as Node).
 */
import * as vscode from 'vscode';

/** The adapter's script in the extension: for `tfjs` sessions, and for the companions of js-debug's. */
export function adapterPath(extensionUri: vscode.Uri): string {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'debug-adapter.js').fsPath;
}

/** The Node runtime in the extension, preloaded into the Node programs js-debug launches. */
export function runtimePath(extensionUri: vscode.Uri): string {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'runtime.js').fsPath;
}

export class AdapterDescriptorFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionUri: vscode.Uri) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    return new vscode.DebugAdapterExecutable(process.execPath, [adapterPath(this.extensionUri)], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}
