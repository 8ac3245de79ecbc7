/**
 * Debug configurations of the `tfjs` type: F5 with no launch.json debugs the JavaScript or
 * TypeScript file in the active editor, and the Run and Debug view offers the same as a
 * dynamic configuration.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

const debuggableLanguages = new Set(['javascript', 'typescript']);

/** A launch configuration for one file. */
export function configurationForFile(file: string): vscode.DebugConfiguration {
  return { type: 'tfjs', request: 'launch', name: `Debug ${path.basename(file)} (TF.js)`, program: file };
}

export class TfjsConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const file = activeProgram();
    return file ? [configurationForFile(file)] : [];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // F5 without a launch.json arrives as an empty configuration.
    if (!config.type && !config.request && !config.name) {
      const file = activeProgram();
      if (!file) {
        void vscode.window.showErrorMessage('Open a JavaScript or TypeScript file to debug it with the TF.js Model Debugger.');
        return undefined;
      }
      return configurationForFile(file);
    }
    if (!config.program) {
      const file = activeProgram();
      if (file) config.program = file;
    }
    return config;
  }
}

function activeProgram(): string | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== 'file' || !debuggableLanguages.has(document.languageId)) return undefined;
  return document.uri.fsPath;
}
