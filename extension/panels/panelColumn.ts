/**
 * Where a new panel opens: in the editor group that already holds one of the extension's
 * panels (heatmap, profile, tape), as another tab there; else beside the active editor. So the
 * panels take one column beside the user's code however many are open, and never split the
 * user's editors further. Read from VS Code's tab groups, so panels restored after a reload
 * count too.
 */
import * as vscode from 'vscode';

/** The view types of the extension's panels. */
export const PANEL_VIEW_TYPES = ['tfjs.heatmap', 'tfjs.profile', 'tfjs.tape'] as const;

/** Whether a tab's input is a webview of one of `viewTypes` (VS Code prefixes the type it reports with `mainThreadWebview-`). */
export function isPanelTab(input: unknown, viewTypes: readonly string[] = PANEL_VIEW_TYPES): boolean {
  if (!(input instanceof vscode.TabInputWebview)) return false;
  return viewTypes.some((type) => input.viewType === type || input.viewType.endsWith(`-${type}`));
}

/** The column for a new panel: that of the group holding a panel of the extension, else beside the active editor. */
export function panelColumn(): vscode.ViewColumn {
  const group = vscode.window.tabGroups.all.find((g) => g.tabs.some((tab) => isPanelTab(tab.input)));
  return group?.viewColumn ?? vscode.ViewColumn.Beside;
}
