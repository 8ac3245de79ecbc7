/**
 * The host's side of a panel's message channel: every message from the webview goes through
 * the panel's strict parse function (anything else is dropped); the last content message (or
 * error) and the last `origin` are kept and sent again whenever the page says `ready` (it loads
 * after the host has read something, and a page not retained while hidden loads again when
 * shown). A passing `status` is not kept.
 */
import type * as vscode from 'vscode';

type Ready = { type: 'ready' };

export class PanelChannel<ToWebview extends { type: string }, FromWebview extends { type: string }> implements vscode.Disposable {
  /** The last content (or error) and the last origin, in the order they were posted. */
  private readonly latest = new Map<'content' | 'origin', ToWebview>();
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
        for (const message of this.latest.values()) void panel.webview.postMessage(message);
      }),
      panel.onDidChangeViewState(() => {
        // A page not retained is gone while hidden; it says `ready` again once shown.
        if (!panel.visible && !panel.options.retainContextWhenHidden) this.ready = false;
      }),
    ];
  }

  /** Sends `message` now if the page listens, and keeps it (but a `status`) for its next `ready`. */
  post(message: ToWebview): void {
    if (message.type !== 'status') {
      const slot = message.type === 'origin' ? 'origin' : 'content';
      // Re-inserted, so that `ready` replays content and origin in the order they came.
      this.latest.delete(slot);
      this.latest.set(slot, message);
    }
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
