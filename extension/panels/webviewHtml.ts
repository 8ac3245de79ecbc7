/**
 * A webview panel's page (heatmap, profile, gradient tape): a strict Content Security Policy
 * (scripts only by nonce, styles and fonts only from the extension's own `dist/webviews`,
 * images from there or `data:`; nothing remote), the panel's built script and stylesheet, and
 * no markup of its own beyond the mount point. A panel with a worker (the tape's layout) may
 * also fetch that script from `dist/webviews` and run it as a `blob:` worker (a webview cannot
 * start a worker from its resource origin directly); no other page gets either. Pure (no
 * `vscode` import) so that the webview tests load the same page.
 */

export interface WebviewHtmlOptions {
  /** The page's title. */
  title: string;
  /** URI of the panel's dist/webviews/<name>.js as the webview sees it. */
  scriptUri: string;
  /** URI of the panel's dist/webviews/<name>.css as the webview sees it. */
  styleUri: string;
  /**
   * URI of a worker script in dist/webviews, handed to the page in `data-worker` of `#app`;
   * only then does the CSP allow `connect-src` to `cspSource` and `worker-src blob:`.
   */
  workerUri?: string;
  /** What the panel shows, for a host that restores it after a reload (JSON), handed to the page in `data-subject` of `#app`. */
  subject?: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
}

/** A random nonce: 32 characters of [A-Za-z0-9]. */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join('');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function webviewHtml({ title, scriptUri, styleUri, workerUri, subject, cspSource, nonce }: WebviewHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    ...(workerUri ? [`connect-src ${cspSource}`, 'worker-src blob:'] : []),
  ].join('; ');
  const worker = workerUri ? ` data-worker="${escapeAttribute(workerUri)}"` : '';
  const subjectAttribute = subject === undefined ? '' : ` data-subject="${escapeAttribute(subject)}"`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}" nonce="${nonce}">
<title>${escapeAttribute(title)}</title>
</head>
<body>
<div id="app"${worker}${subjectAttribute}></div>
<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}
