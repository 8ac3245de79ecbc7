/**
 * The host's side of a panel's message channel: every message from the webview goes through
 * the panel's strict parse function (anything else is dropped); the last message that is not
 * a passing `status` is kept and sent again whenever the page says `ready` (it loads after the
 * host has read something, and a page not retained while hidden loads again when shown).
 */
import type * as vscode from 'vscode';

type Ready = { type: 'ready' };

export class PanelChannel<ToWebview extends { type: string }, FromWebview extends { type: string }> implements vscode.Disposable {
  private latest: ToWebview | undefined;
  private ready = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    parse: (raw: unknown) => FromWebview | undefined,
    handle: (message: Exclude<FromWebview, Ready>) => unknown,
  ) {
    this.disposables = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parse(raw);
        if (!message) return;
        if (message.type !== 'ready') {
          handle(message as Exclude<FromWebview, Ready>);
          return;
        }
        this.ready = true;
        if (this.latest) void panel.webview.postMessage(this.latest);
      }),
      panel.onDidChangeViewState(() => {
        // A page not retained is gone while hidden; it says `ready` again once shown.
        if (!panel.visible && !panel.options.retainContextWhenHidden) this.ready = false;
      }),
    ];
  }

  /** Sends `message` now if the page listens, and keeps it (but a `status`) for its next `ready`. */
  post(message: ToWebview): void {
    if (message.type !== 'status') this.latest = message;
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
