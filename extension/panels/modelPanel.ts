/**
 * The model panel's host side ("TF.js: Show Model"): one panel, following the active `tfjs`
 * session. It reads the tf.layers models the program built with `tfjs/models` when opened and
 * at every new stop, keeps the answer to send again whenever the webview (re)loads, and shows
 * why there is nothing (no session, tfjs not loaded) in the panel, never as a popup.
 */
import * as vscode from 'vscode';
import { parseModelMessage, type HostToModel, type ModelToHost, type RestoredPanel } from '../../protocol/webviewMessages';
import type { DebugStops } from '../debugStops';
import { tfjsRequest } from '../tfjsRequest';
import { loadPage, openPanel, type PanelOptions } from './openPanel';
import { PanelHost, type WebviewHandlers } from './panelHost';

const NO_SESSION = 'No TF.js debug session: start one (F5) and stop after the program builds its model.';

const PANEL: PanelOptions = {
  viewType: 'tfjs.model',
  title: 'TF.js Model',
  pageTitle: 'Models',
  page: 'model',
  // The page is a table: made again from the host's last message when shown again.
  retainContextWhenHidden: false,
};

export class ModelPanel extends PanelHost<HostToModel, ModelToHost> {
  private static current: ModelPanel | undefined;

  /** Opens the panel, or reveals it and reads the models again. */
  static show(extensionUri: vscode.Uri, stops: DebugStops): ModelPanel {
    if (ModelPanel.current) {
      ModelPanel.current.reveal();
      return ModelPanel.current;
    }
    ModelPanel.current = new ModelPanel(openPanel(extensionUri, PANEL), stops);
    return ModelPanel.current;
  }

  /** Takes over the model panel VS Code restored after a reload (a second one is closed: the panel is one). */
  static restore(extensionUri: vscode.Uri, stops: DebugStops, panel: vscode.WebviewPanel, restored: RestoredPanel): void {
    if (ModelPanel.current) {
      panel.dispose();
      return;
    }
    loadPage(extensionUri, panel, PANEL);
    ModelPanel.current = new ModelPanel(panel, stops, restored);
  }

  static disposeAll(): void {
    ModelPanel.current?.dispose();
  }

  private constructor(panel: vscode.WebviewPanel, stops: DebugStops, restored?: RestoredPanel) {
    // A new stop reads the models again; another frame of the same stop does not.
    super(panel, stops, { parse: parseModelMessage, followsFrames: false });
    this.start(restored);
  }

  protected readonly handlers: WebviewHandlers<ModelToHost> = {
    refresh: () => this.refresh(),
  };

  /** Reads the models and shows them, or shows why there are none. */
  async refresh(): Promise<void> {
    await this.refreshFrom(
      this.session(),
      NO_SESSION,
      (session) => tfjsRequest(session, 'tfjs/models', {}),
      ({ models }) => this.post({ type: 'models', models }),
    );
  }

  protected forget(): void {
    if (ModelPanel.current === this) ModelPanel.current = undefined;
  }
}
