/**
 * `tfjs.showMemory` ("TF.js: Show Memory"), the leak finder: the paused session's live
 * tensors by the line that made them, in a pick list (memoryItems.ts); picking a line opens
 * it in the editor, and its button shows the line's tensors themselves in the heatmap. Read
 * when asked, so it shows the program as it is at this stop.
 */
import * as vscode from 'vscode';
import type { MemoryInfo } from '../protocol/runtimeApi';
import type { DebugStops } from './debugStops';
import { memoryItems, memoryTitle, trackingOff } from './memoryItems';
import { HeatmapPanel } from './panels/heatmapPanel';
import { showSourceLine } from './sourceLine';
import { errorMessage, tfjsRequest } from './tfjsRequest';
import { activeTfjsSession } from './tfjsSession';

async function showMemory(extensionUri: vscode.Uri, stops: DebugStops): Promise<void> {
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
  const showTensors: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('symbol-array'), tooltip: 'Show these tensors in the heatmap' };
  const items = memoryItems(memory).map((item) => ({ ...item, buttons: [showTensors] }));
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.title = memoryTitle(memory);
  pick.placeholder = items.length
    ? 'Live tensors by the line that made them, the lines that grew first: pick one to go to it, or show its tensors'
    : 'No live tensors tracked';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.items = items;
  pick.onDidTriggerItemButton(({ item }) => {
    pick.hide();
    HeatmapPanel.show(extensionUri, stops, { madeAt: item.key });
  });
  pick.onDidAccept(() => {
    const [picked] = pick.selectedItems;
    pick.hide();
    if (picked?.source) void showSourceLine(picked.source.path, picked.source.line);
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

export function registerMemoryCommand(extensionUri: vscode.Uri, stops: DebugStops): vscode.Disposable {
  return vscode.commands.registerCommand('tfjs.showMemory', () => showMemory(extensionUri, stops));
}
