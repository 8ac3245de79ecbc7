/**
 * The gradient tape panel's host side: one panel, following the active `tfjs` session. It
 * reads the last recorded tape with `tfjs/tape` when opened and at every new stop (or the
 * tape the user picks from the recorded list), keeps the answer to send again whenever the
 * webview (re)loads, and carries out what the webview asks for: a tape tensor in the heatmap
 * panel (named by tape, tensor id and kind, as data), or the editor at an op's line. Every request is validated
 * by `parseTapeMessage` and then against the tape the panel holds. An answer like 'no
 * gradient tape recorded yet' is shown in the panel, never as a popup.
 */
import * as vscode from 'vscode';
import type { TapeBody } from '../../protocol/customRequests';
import { parseTapeMessage, type HostToTape, type PanelNotice, type RestoredPanel, type TapeToHost } from '../../protocol/webviewMessages';
import type { DebugStops, TensorSession } from '../debugStops';
import { showSourceLine } from '../sourceLine';
import { tfjsRequest } from '../tfjsRequest';
import { HeatmapPanel } from './heatmapPanel';
import type { PanelOptions } from './openPanel';
import { SinglePanel } from './singlePanel';
import { PanelHost, type WebviewHandlers } from './panelHost';

const NO_SESSION = 'No TF.js debug session: start one (F5) and stop after a gradient computation.';

/** Whether `tensorId` is an op output or a source of `tape` (what `tapeTensor` can give). */
function holdsTensor(tape: TapeBody, tensorId: number): boolean {
  return tape.nodes.some((node) => node.outputs[0]?.id === tensorId) || tape.sources.some((source) => source.id === tensorId);
}

const PANEL: PanelOptions = {
  viewType: 'tfjs.tape',
  title: 'Gradient Tape',
  pageTitle: 'Gradient tape',
  page: 'tape',
  // The graph is laid out in this worker, off the page's thread.
  worker: 'tapeLayout',
  // A hidden panel's page is dropped, and restored from the channel's last message and
  // the page's own saved state (zoom, pan, selection) when shown again.
  retainContextWhenHidden: false,
};

export class TapePanel extends PanelHost<HostToTape, TapeToHost> {
  private static readonly one = new SinglePanel<TapePanel>(PANEL);

  /** Opens the panel, or reveals it and reads the last tape again. */
  static show(extensionUri: vscode.Uri, stops: DebugStops): TapePanel {
    return TapePanel.one.show(extensionUri, (panel) => new TapePanel(panel, extensionUri, stops));
  }

  /** Takes over the tape panel VS Code restored after a reload. */
  static restore(extensionUri: vscode.Uri, stops: DebugStops, panel: vscode.WebviewPanel, restored: RestoredPanel): void {
    TapePanel.one.restore(extensionUri, panel, (loaded) => new TapePanel(loaded, extensionUri, stops, restored));
  }

  static disposeAll(): void {
    TapePanel.one.disposeAll();
  }

  /** The tape the webview shows: what `showTensor` and `goToSource` are checked against. */
  private tape: TapeBody | undefined;

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    stops: DebugStops,
    restored?: RestoredPanel,
  ) {
    // A new stop reads the tape again; another frame of the same stop does not.
    super(panel, stops, { parse: parseTapeMessage, followsFrames: false });
    this.start(restored);
  }

  protected override post(message: HostToTape | PanelNotice): void {
    // Requests are checked against the tape the page shows, and a page showing why there is none shows none.
    if (message.type === 'error') this.tape = undefined;
    super.post(message);
  }

  protected readonly handlers: WebviewHandlers<TapeToHost> = {
    refresh: () => this.refresh(),
    selectTape: (message) => this.refresh(message.index),
    showTensor: (message) => this.showTensor(message.tapeId, message.tensorId, message.kind),
    goToSource: (message) => this.goToSource(message.path, message.line),
  };

  /** Reads tape `index` (the last when undefined) and shows it, or shows why there is none. */
  async refresh(index?: number): Promise<void> {
    // The panel shows forward values: ask for them to be kept on wasm too from now on.
    const read = (session: TensorSession) => tfjsRequest(session, 'tfjs/tape', index === undefined ? { values: true } : { index, values: true });
    await this.refreshFrom(this.session(), NO_SESSION, read, (tape) => {
      this.tape = tape;
      this.post({ type: 'tape', tape });
    });
  }

  private async showTensor(tapeId: number, tensorId: number, kind: 'value' | 'gradient'): Promise<void> {
    if (!this.tape || this.tape.id !== tapeId || !holdsTensor(this.tape, tensorId)) {
      this.post({ type: 'status', message: `Tensor ${tensorId} is not part of the tape shown.`, error: true });
      return;
    }
    HeatmapPanel.show(this.extensionUri, this.stops, { tape: tapeId, tensorId, kind });
  }

  /** Opens `path` at `line`, when an op of the tape shown was called there. */
  private async goToSource(path: string, line: number): Promise<void> {
    const known = this.tape?.nodes.some((node) => node.source?.path === path && node.source.line === line);
    if (!known) {
      this.post({ type: 'status', message: `${path}:${line} is not a line of the tape shown.`, error: true });
      return;
    }
    await this.attempt(`Could not open ${path}`, () => showSourceLine(path, line));
  }

  protected forget(): void {
    TapePanel.one.forget(this);
  }
}
