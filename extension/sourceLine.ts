/**
 * "Go to source" of the panels (profile, gradient tape): the editor at a line of the program,
 * in the editor column that shows that file already, else the first (the panels sit beside it).
 */
import * as vscode from 'vscode';

/** Opens `path` with the cursor at the start of `line` (1-based). */
export async function showSourceLine(path: string, line: number): Promise<void> {
  const uri = vscode.Uri.file(path);
  const column = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.fsPath === uri.fsPath)?.viewColumn;
  const position = new vscode.Position(line - 1, 0);
  await vscode.window.showTextDocument(uri, { viewColumn: column ?? vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
}
