/**
 * The commands that start debugging: "Debug TF.js Program" (the Run and Debug view's welcome
 * button and the editor title's) debugs the active JavaScript or TypeScript file, or one the
 * user picks; "Copy Attach Command" puts on the clipboard the command line that starts a
 * program with this extension's runtime preloaded and the inspector on, for an `attach`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeProgramUri, configurationForFile } from './configurationProvider';

const PROGRAM_FILTERS = { 'JavaScript or TypeScript': ['js', 'cjs', 'mjs', 'ts', 'mts'] };

/** Quotes `value` for a POSIX shell or PowerShell when it holds a space or a quote. */
function shellQuote(value: string): string {
  return /^[\w./:\\-]+$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** The command line that starts `program` (relative to the folder, or a placeholder) for an attach on port 9229. */
export function attachCommandLine(runtime: string, program: string | undefined): string {
  return `node --inspect-brk=9229 -r ${shellQuote(runtime)} ${program ? shellQuote(program) : 'train.js'}`;
}

async function debugProgram(uri: vscode.Uri | undefined): Promise<void> {
  const program =
    uri ??
    activeProgramUri() ??
    (
      await vscode.window.showOpenDialog({
        title: 'Debug TF.js Program',
        openLabel: 'Debug',
        canSelectMany: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        filters: PROGRAM_FILTERS,
      })
    )?.[0];
  if (!program) return;
  await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(program), configurationForFile(program.fsPath));
}

async function copyAttachCommand(runtime: string): Promise<void> {
  const program = activeProgramUri();
  const folder = program && vscode.workspace.getWorkspaceFolder(program);
  const relative = program && (folder ? path.relative(folder.uri.fsPath, program.fsPath) : program.fsPath);
  const line = attachCommandLine(runtime, relative);
  await vscode.env.clipboard.writeText(line);
  void vscode.window.showInformationMessage(
    `Copied: ${line}. Run it in a terminal (in the workspace folder), then start an "Attach to TF.js program" configuration (type tfjs, request attach, port 9229).`,
  );
}

export function registerProgramCommands(runtime: string): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('tfjs.debugProgram', (uri?: vscode.Uri) => debugProgram(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('tfjs.copyAttachCommand', () => copyAttachCommand(runtime)),
  );
}
