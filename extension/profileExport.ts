/**
 * Saving a session's recording as a file other tools open: a Chrome trace (Trace Event
 * Format; Perfetto, chrome://tracing) or a speedscope file, as `tfjs/profile` writes them.
 * Used by the `tfjs.exportProfile` command and by the profile panel's export buttons.
 */
import * as vscode from 'vscode';
import type { ProfileExportFormat } from '../protocol/webviewMessages';
import type { TensorSession } from './debugStops';
import { tfjsRequest } from './tfjsRequest';

const FORMATS: Record<ProfileExportFormat, { label: string; detail: string; fileName: string; filter: string }> = {
  'chrome-trace': {
    label: 'Chrome trace',
    detail: 'Trace Event Format JSON, for Perfetto (ui.perfetto.dev) and chrome://tracing',
    fileName: 'tfjs-profile.trace.json',
    filter: 'Chrome trace',
  },
  speedscope: {
    label: 'speedscope',
    detail: 'speedscope file format JSON, for speedscope.app',
    fileName: 'tfjs-profile.speedscope.json',
    filter: 'speedscope profile',
  },
};

/** Asks which format to export in. */
async function pickFormat(): Promise<ProfileExportFormat | undefined> {
  const items = (Object.keys(FORMATS) as ProfileExportFormat[]).map((format) => ({ ...FORMATS[format], format }));
  const picked = await vscode.window.showQuickPick(items, { title: 'TF.js: Export Profile', placeHolder: 'Export the recorded kernels as' });
  return picked?.format;
}

/**
 * Asks for the format (unless given) and a file, and writes the session's recording there.
 * Resolves with the file's path, or undefined when the user cancelled.
 */
export async function exportProfile(session: TensorSession, format?: ProfileExportFormat): Promise<string | undefined> {
  const chosen = format ?? (await pickFormat());
  if (!chosen) return undefined;
  const { fileName, filter, label } = FORMATS[chosen];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [filter]: ['json'] },
    title: `Export profile as ${label}`,
  });
  if (!uri) return undefined;
  const body = await tfjsRequest(session, 'tfjs/profile', { format: chosen });
  await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(body), 'utf8'));
  return uri.fsPath;
}
