/**
 * The model panel's host side ("TF.js: Show Model"): one panel, following the active `tfjs`
 * session. It reads the tf.layers models the program built with `tfjs/models` when opened and
 * at every new stop, with their training histories cut to sparkline points (`tfjs/history`),
 * keeps the answer to send again whenever the webview (re)loads, and shows why there is
 * nothing (no session, tfjs not loaded) in the panel, never as a popup. It carries out what
 * the page asks: a weight (now, or at a step) or its gradient in the heatmap, a weight pinned,
 * a weight's whole history for its distribution band and step scrubber.
 */
import * as vscode from 'vscode';
import { layersOfModels } from '../../common/modelLayers';
import type { FitStops, ModelInfo } from '../../protocol/runtimeApi';
import { parseModelMessage, type HostToModel, type ModelToHost, type RestoredPanel, type WeightRef } from '../../protocol/webviewMessages';
import type { DebugStops, TensorSession } from '../debugStops';
import { tfjsRequest } from '../tfjsRequest';
import { HeatmapPanel } from './heatmapPanel';
import type { PanelOptions } from './openPanel';
import { SinglePanel } from './singlePanel';
import { PanelHost, type WebviewHandlers } from './panelHost';

/** Points a series is cut to for the sparklines. */
const SPARK_POINTS = 48;

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
  private static readonly one = new SinglePanel<ModelPanel>(PANEL);

  /** Opens the panel, or reveals it and reads the models again. */
  static show(extensionUri: vscode.Uri, stops: DebugStops): ModelPanel {
    return ModelPanel.one.show(extensionUri, (panel) => new ModelPanel(panel, extensionUri, stops));
  }

  /** Takes over the model panel VS Code restored after a reload. */
  static restore(extensionUri: vscode.Uri, stops: DebugStops, panel: vscode.WebviewPanel, restored: RestoredPanel): void {
    ModelPanel.one.restore(extensionUri, panel, (loaded) => new ModelPanel(loaded, extensionUri, stops, restored));
  }

  static disposeAll(): void {
    ModelPanel.one.disposeAll();
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    stops: DebugStops,
    restored?: RestoredPanel,
  ) {
    // A new stop reads the models again; another frame of the same stop does not.
    super(panel, stops, { parse: parseModelMessage, followsFrames: false });
    this.keep(vscode.debug.onDidChangeBreakpoints(() => this.sendLayerBreakpoints()));
    this.start(restored);
  }

  /** The models shown: what the page's requests are checked against. */
  private models: ModelInfo[] = [];
  /** The weight whose whole history the page shows, sent again at every stop. */
  private selected: WeightRef | undefined;

  protected readonly handlers: WebviewHandlers<ModelToHost> = {
    refresh: () => this.refresh(),
    showWeight: (message) => this.showWeight(message.model, message.weight, message.step),
    showGradient: (message) => this.showGradient(message.tape, message.tensorId),
    pin: (message) => this.pin(message, message.pinned),
    select: (message) => {
      this.selected = { model: message.model, layer: message.layer, weight: message.weight };
      return this.sendSelected();
    },
    breakOnLayer: (message) => this.toggleLayerBreakpoint(message.layer, message.on),
    fitStops: async (message) => {
      const session = this.session();
      if (!session) return;
      await this.attempt('Could not change where fits stop', async () => {
        await tfjsRequest(session, 'tfjs/fitStops', { at: message.at });
      });
    },
  };

  /** Sends the layer breakpoints VS Code holds (the page marks their buttons). */
  private sendLayerBreakpoints(): void {
    const names = vscode.debug.breakpoints
      .filter((breakpoint): breakpoint is vscode.FunctionBreakpoint => breakpoint instanceof vscode.FunctionBreakpoint && breakpoint.enabled)
      .map((breakpoint) => breakpoint.functionName)
      .filter((name) => name.startsWith('layer:'));
    this.post({ type: 'layerBreakpoints', names });
  }

  /** Adds the layer's function breakpoint to VS Code's, or removes it: it shows in the Breakpoints view like any other. */
  private async toggleLayerBreakpoint(layer: string, on: 'run' | 'nan'): Promise<void> {
    if (!layersOfModels(this.models).some((known) => known.name === layer)) {
      this.post({ type: 'status', message: `${layer} is not a layer of the models shown.`, error: true });
      return;
    }
    const name = on === 'run' ? `layer:${layer}` : `layer:${layer}:nan`;
    const existing = vscode.debug.breakpoints.filter((breakpoint) => breakpoint instanceof vscode.FunctionBreakpoint && breakpoint.functionName === name);
    if (existing.length > 0) vscode.debug.removeBreakpoints(existing);
    else vscode.debug.addBreakpoints([new vscode.FunctionBreakpoint(name)]);
  }

  /**
   * Reads the models and shows them, or shows why there are none; then their histories, and
   * shows them again with their sparklines (a large model's table paints without waiting for them).
   */
  async refresh(): Promise<void> {
    const read = async (session: TensorSession) => {
      const [{ models }, { at: fitStops }] = await Promise.all([tfjsRequest(session, 'tfjs/models', {}), tfjsRequest(session, 'tfjs/fitStops', {})]);
      return { session, models, fitStops };
    };
    let shown: { session: TensorSession; models: ModelInfo[]; fitStops: FitStops } | undefined;
    await this.refreshFrom(this.session(), NO_SESSION, read, (answer) => {
      shown = answer;
      this.models = answer.models;
      this.post({ type: 'models', models: answer.models, histories: answer.models.map(() => null), fitStops: answer.fitStops });
      this.sendLayerBreakpoints();
    });
    if (shown) await this.sendHistories(shown.session, shown.models, shown.fitStops);
    await this.sendSelected();
  }

  /** The models shown again with their histories cut to sparkline points, unless newer models are shown by then. */
  private async sendHistories(session: TensorSession, models: ModelInfo[], fitStops: FitStops): Promise<void> {
    // A history that cannot be read leaves its model without sparklines, not the panel empty.
    const histories = await Promise.all(
      models.map((model) => tfjsRequest(session, 'tfjs/history', { model: model.id, points: SPARK_POINTS, histograms: false }).catch(() => null)),
    );
    if (this.models === models && histories.some((history) => history !== null)) this.post({ type: 'models', models, histories, fitStops });
  }

  /** Whether the models shown hold `weight` (in `layer`, when given). */
  private holds(model: number, weight: string, layer?: string): boolean {
    const shown = this.models.filter((info) => info.id === model);
    return layersOfModels(shown).some((info) => (layer === undefined || info.name === layer) && info.weights.some((known) => known.name === weight));
  }

  private async showWeight(model: number, weight: string, step: number | undefined): Promise<void> {
    if (!this.holds(model, weight)) {
      this.post({ type: 'status', message: `${weight} is not a weight of the models shown.`, error: true });
      return;
    }
    HeatmapPanel.show(this.extensionUri, this.stops, { model, weight, ...(step !== undefined && { step }) });
  }

  private async showGradient(tape: number, tensorId: number): Promise<void> {
    const known = layersOfModels(this.models).some((layer) => layer.weights.some(({ gradient }) => gradient?.tape === tape && gradient.tensorId === tensorId));
    if (!known) {
      this.post({ type: 'status', message: `The gradient of tensor ${tensorId} (tape ${tape}) is not one the panel shows.`, error: true });
      return;
    }
    HeatmapPanel.show(this.extensionUri, this.stops, { tape, tensorId, kind: 'gradient' });
  }

  private async pin(ref: WeightRef, pinned: boolean): Promise<void> {
    const session = this.session();
    if (!session || !this.holds(ref.model, ref.weight, ref.layer)) {
      this.post({ type: 'status', message: `${ref.weight} is not a weight of the models shown.`, error: true });
      return;
    }
    await this.attempt(`Could not ${pinned ? 'pin' : 'unpin'} ${ref.weight}`, async () => {
      await tfjsRequest(session, 'tfjs/pin', { model: ref.model, weight: ref.weight, pinned });
      this.selected = ref;
      await this.refresh();
    });
  }

  /** Sends the selected weight's whole history, if it is still one of the models shown. */
  private async sendSelected(): Promise<void> {
    const session = this.session();
    const ref = this.selected;
    if (!session || !ref || !this.holds(ref.model, ref.weight, ref.layer)) return;
    await this.attempt(`Could not read the history of ${ref.weight}`, async () => {
      const history = await tfjsRequest(session, 'tfjs/history', { model: ref.model, layer: ref.layer });
      const weight = history.layers.flatMap((layer) => layer.weights).find((known) => known.name === ref.weight);
      if (weight) this.post({ type: 'selected', model: ref.model, weight });
    });
  }

  protected forget(): void {
    ModelPanel.one.forget(this);
  }
}
