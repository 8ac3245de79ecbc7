/**
 * A webview panel with its page: scripts on, resources only from the extension's
 * dist/webviews, and the page of webviewHtml.ts loading that panel's built script and
 * stylesheet (`dist/webviews/<page>.js` / `.css`, and its worker's script) under a fresh nonce.
 * The same page is loaded into a panel VS Code restores after a window reload.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelColumn, trackPanel } from './panelColumn';
import { makeNonce, webviewHtml } from './webviewHtml';

export interface PanelOptions {
  viewType: string;
  /** The tab's title. */
  title: string;
  /** The page's title. */
  pageTitle: string;
  /** The bundle's name in dist/webviews: `heatmap`, `profile`, `tape`. */
  page: string;
  /** A worker bundle's name in dist/webviews that the page starts (`tapeLayout`); none by default. */
  worker?: string;
  /** What the panel shows, kept by the page for a restore (the heatmap's target, as JSON). */
  subject?: string;
  /** Keep the page alive while hidden (else it reloads and restores itself). */
  retainContextWhenHidden: boolean;
}

function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
}

/** Opens a panel in the panels' column (panelColumn.ts), showing its page. */
export function openPanel(extensionUri: vscode.Uri, options: PanelOptions): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(options.viewType, options.title, panelColumn(), {
    enableScripts: true,
    retainContextWhenHidden: options.retainContextWhenHidden,
    localResourceRoots: [webviewRoot(extensionUri)],
  });
  loadPage(extensionUri, panel, options);
  return panel;
}

/** Loads the panel's page into `panel`: a new one, or one VS Code restored after a reload. */
export function loadPage(extensionUri: vscode.Uri, panel: vscode.WebviewPanel, options: PanelOptions): void {
  trackPanel(panel);
  const root = webviewRoot(extensionUri);
  const webview = panel.webview;
  webview.options = { enableScripts: true, localResourceRoots: [root] };
  panel.title = options.title;
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
  webview.html = webviewHtml({
    title: options.pageTitle,
    scriptUri: uri(`${options.page}.js`),
    styleUri: uri(`${options.page}.css`),
    workerUri: options.worker && uri(`${options.worker}.js`),
    subject: options.subject,
    cspSource: webview.cspSource,
    nonce: makeNonce((n) => randomBytes(n)),
  });
}
