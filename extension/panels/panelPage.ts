/**
 * The options every panel opens its webview with (scripts on, resources from dist/webviews
 * only), and its page: the built `<name>.js` and `<name>.css` (and worker) under a fresh nonce.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { makeNonce, webviewHtml } from './webviewHtml';

export function panelOptions(extensionUri: vscode.Uri, retainContextWhenHidden: boolean): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews')],
  };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: { name: string; title: string; worker?: string }): string {
  const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
  return webviewHtml({
    title: page.title,
    scriptUri: uri(`${page.name}.js`),
    styleUri: uri(`${page.name}.css`),
    workerUri: page.worker && uri(`${page.worker}.js`),
    cspSource: webview.cspSource,
    nonce: makeNonce((n) => randomBytes(n)),
  });
}
