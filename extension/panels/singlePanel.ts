/**
 * The one panel of a kind (profile, tape, model): opened, or revealed when open; taken over
 * when VS Code restores it after a reload, a second one closed; closed at deactivation, and
 * forgotten once it goes.
 */
import type * as vscode from 'vscode';
import { loadPage, openPanel, type PanelOptions } from './openPanel';

export class SinglePanel<P extends { reveal(): void; dispose(): void }> {
  private current: P | undefined;

  constructor(private readonly options: PanelOptions) {}

  /** Opens the panel (`make` hosts it), or reveals the open one, which reads again. */
  show(extensionUri: vscode.Uri, make: (panel: vscode.WebviewPanel) => P): P {
    if (this.current) {
      this.current.reveal();
      return this.current;
    }
    this.current = make(openPanel(extensionUri, this.options));
    return this.current;
  }

  /** Takes over the panel VS Code restored after a reload (`make` hosts it); a second one is closed: the panel is one. */
  restore(extensionUri: vscode.Uri, panel: vscode.WebviewPanel, make: (panel: vscode.WebviewPanel) => P): void {
    if (this.current) {
      panel.dispose();
      return;
    }
    loadPage(extensionUri, panel, this.options);
    this.current = make(panel);
  }

  /** Closes the panel (deactivation). */
  disposeAll(): void {
    this.current?.dispose();
  }

  /** Forgets `host` once its panel went. */
  forget(host: P): void {
    if (this.current === host) this.current = undefined;
  }
}
