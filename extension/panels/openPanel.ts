/**
 * A webview panel with its page: scripts on, resources only from the extension's
 * dist/webviews, and the page of webviewHtml.ts loading that panel's built script and
 * stylesheet (`dist/webviews/<page>.js` / `.css`, and its worker's script) under a fresh nonce.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
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
  /** Keep the page alive while hidden (else it reloads and restores itself). */
  retainContextWhenHidden: boolean;
}

/** Opens a panel beside the active editor, showing its page. */
export function openPanel(extensionUri: vscode.Uri, options: PanelOptions): vscode.WebviewPanel {
  const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
  const panel = vscode.window.createWebviewPanel(options.viewType, options.title, vscode.ViewColumn.Beside, {
    enableScripts: true,
    retainContextWhenHidden: options.retainContextWhenHidden,
    localResourceRoots: [root],
  });
  const webview = panel.webview;
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
  webview.html = webviewHtml({
    title: options.pageTitle,
    scriptUri: uri(`${options.page}.js`),
    styleUri: uri(`${options.page}.css`),
    workerUri: options.worker && uri(`${options.worker}.js`),
    cspSource: webview.cspSource,
    nonce: makeNonce((n) => randomBytes(n)),
  });
  return panel;
}
