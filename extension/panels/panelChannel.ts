/**
 * The host's end of a panel's messages: it keeps the last message that says what the page
 * shows (anything but a passing `status`) and sends it again whenever the page says it is
 * ready (first load, or a reload after the panel was hidden); nothing is sent before that.
 */
import type * as vscode from 'vscode';

export class PanelChannel<M extends { type: string }> {
  private latest: M | undefined;
  private ready = false;
  private closed = false;

  constructor(private readonly webview: vscode.Webview) {}

  post(message: M): void {
    if (message.type !== 'status') this.latest = message;
    if (this.ready && !this.closed) void this.webview.postMessage(message);
  }

  /** The page has loaded and listens. */
  onReady(): void {
    this.ready = true;
    if (this.latest && !this.closed) void this.webview.postMessage(this.latest);
  }

  /** The page was dropped (a hidden panel without retained context): wait for its next 'ready'. */
  onDropped(): void {
    this.ready = false;
  }

  close(): void {
    this.closed = true;
  }
}
