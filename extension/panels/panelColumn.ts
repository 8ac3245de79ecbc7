/**
 * Where a new panel opens: in the editor column that already holds one of the extension's
 * panels (heatmap, profile, tape), as another tab there; else in the column right of the
 * active one (where "beside" opens). So the panels take one column beside the user's code
 * however many are open, and never split the user's editors further.
 *
 * The panels' column is known from VS Code's tab groups (panels restored after a reload count
 * too), from the panels themselves (`viewColumn`), or, for a panel opened a moment ago whose
 * tab VS Code has not reported yet, from the column it was opened in.
 */
import * as vscode from 'vscode';

/** The view types of the extension's panels. */
export const PANEL_VIEW_TYPES = ['tfjs.heatmap', 'tfjs.profile', 'tfjs.tape', 'tfjs.model'] as const;

/** The extension's open panels, and the column the last one was opened in. */
const open = new Set<vscode.WebviewPanel>();
let openedIn: vscode.ViewColumn | undefined;

/** Whether a tab's input is a webview of one of the extension's panels (VS Code may prefix the type it reports). */
function isPanelTab(input: unknown): boolean {
  if (!(input instanceof vscode.TabInputWebview)) return false;
  const viewType = input.viewType;
  return PANEL_VIEW_TYPES.some((type) => viewType === type || viewType.endsWith(`-${type}`));
}

/** The column for a new panel (see the file's comment). */
export function panelColumn(): vscode.ViewColumn {
  const shown = [...open].find((panel) => panel.viewColumn !== undefined)?.viewColumn;
  const tabbed = vscode.window.tabGroups.all.find((group) => group.tabs.some((tab) => isPanelTab(tab.input)))?.viewColumn;
  const column = tabbed ?? shown ?? (open.size > 0 ? openedIn : undefined) ?? vscode.window.tabGroups.activeTabGroup.viewColumn + 1;
  openedIn = column;
  return column;
}

/** Counts `panel` among the extension's open panels until it is closed. */
export function trackPanel(panel: vscode.WebviewPanel): void {
  open.add(panel);
  panel.onDidDispose(() => open.delete(panel));
}
