/**
 * `tfjs.showMemory` ("TF.js: Show Memory"), the leak finder: the paused session's live
 * tensors by the line that made them, in a pick list (memoryItems.ts); picking a line opens
 * it in the editor. Read when asked, so it shows the program as it is at this stop.
 */
import * as vscode from 'vscode';
import type { MemoryInfo } from '../protocol/runtimeApi';
import type { DebugStops } from './debugStops';
import { memoryItems, memoryTitle, trackingOff } from './memoryItems';
import { showSourceLine } from './sourceLine';
import { errorMessage, tfjsRequest } from './tfjsRequest';
import { activeTfjsSession } from './tfjsSession';

async function showMemory(stops: DebugStops): Promise<void> {
  const session = activeTfjsSession(stops);
  if (!session) {
    void vscode.window.showInformationMessage('No TF.js debug session: start one (F5) and stop where you want to see the live tensors.');
    return;
  }
  let memory: MemoryInfo;
  try {
    memory = await tfjsRequest(session, 'tfjs/memory', { byLine: true });
  } catch (error) {
    void vscode.window.showWarningMessage(`TF.js memory: ${errorMessage(error)}`);
    return;
  }
  if (memory.byLine && !memory.byLine.tracking) {
    void vscode.window.showInformationMessage(trackingOff);
    return;
  }
  const items = memoryItems(memory);
  const picked = await vscode.window.showQuickPick(items, {
    title: memoryTitle(memory),
    placeHolder: items.length ? 'Live tensors by the line that made them, the lines that grew first: pick one to go to it' : 'No live tensors tracked',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked?.source) await showSourceLine(picked.source.path, picked.source.line);
}

export function registerMemoryCommand(stops: DebugStops): vscode.Disposable {
  return vscode.commands.registerCommand('tfjs.showMemory', () => showMemory(stops));
}
