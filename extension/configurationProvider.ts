/**
 * Debug configurations of the `tfjs` type: F5 with no launch.json debugs the JavaScript or
 * TypeScript file in the active editor, the Run and Debug view offers the same as a dynamic
 * configuration, and "create a launch.json file" writes one entry for it, by a path relative to
 * the workspace folder so that the file works in every clone of the project. A configuration
 * without `tensorHover` gets the `tfjs.tensorHover` setting's.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

const debuggableLanguages = new Set(['javascript', 'typescript']);

/** A launch configuration for one file. */
export function configurationForFile(file: string): vscode.DebugConfiguration {
  return { type: 'tfjs', request: 'launch', name: `Debug ${path.basename(file)} (TF.js)`, program: file };
}

/**
 * The entry of a new launch.json: the active program (`file`, absolute) by its path inside
 * `folder` (`${workspaceFolder}/mlp/train.js`); without one, or outside the folder, a
 * `${workspaceFolder}/train.js` to edit.
 */
export function initialConfiguration(file: string | undefined, folder: string | undefined): vscode.DebugConfiguration {
  const relative = file && folder ? path.relative(folder, file) : '';
  const inFolder = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  const program = inFolder ? relative.split(path.sep).join('/') : 'train.js';
  return { type: 'tfjs', request: 'launch', name: `Debug ${path.basename(program)} (TF.js)`, program: `\${workspaceFolder}/${program}` };
}

export class TfjsConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** `initial`: the entries of a new launch.json; `dynamic`: those the Run and Debug view offers. */
  constructor(private readonly trigger: 'initial' | 'dynamic') {}

  provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration[] {
    const file = activeProgram();
    if (this.trigger === 'initial') return [initialConfiguration(file, folder?.uri.fsPath)];
    return file ? [configurationForFile(file)] : [];
  }

  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // F5 without a launch.json arrives as an empty configuration.
    if (!config.type && !config.request && !config.name) {
      const file = activeProgram();
      if (!file) {
        void vscode.window.showErrorMessage('Open a JavaScript or TypeScript file to debug it with the TF.js Model Debugger.');
        return undefined;
      }
      return withSettings(configurationForFile(file), folder);
    }
    if (!config.program && config.request !== 'attach') {
      const file = activeProgram();
      if (file) config.program = file;
    }
    return withSettings(config, folder);
  }
}

/** `config` with what the user's settings say where it says nothing: `tensorHover`. */
function withSettings(config: vscode.DebugConfiguration, folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration {
  if (config.tensorHover === undefined) config.tensorHover = vscode.workspace.getConfiguration('tfjs', folder).get<string>('tensorHover', 'thumbnail');
  return config;
}

/** The JavaScript or TypeScript file on disk in the active editor, if any. */
export function activeProgramUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== 'file' || !debuggableLanguages.has(document.languageId)) return undefined;
  return document.uri;
}

function activeProgram(): string | undefined {
  return activeProgramUri()?.fsPath;
}
