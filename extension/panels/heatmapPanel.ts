/**
 * The heatmap panel's host side: one webview panel per target — an expression, or a tensor a
 * gradient tape kept — sent to the adapter as data. It reads the tensor with `tfjs/tensor` in
 * the focused frame of the paused `tfjs` session, again at every stop (and when the user
 * focuses another frame), keeps each slice's view of the previous stop for the webview's diff,
 * and carries out what the webview asks for — another slice, an element edit (`tfjs/setTensor`
 * with the whole target and the element's index), an export to `.npy` or CSV — after
 * validating every message.
 */
import { fileNameOf } from '../../common/frameNames';
import * as vscode from 'vscode';
import type { TensorResponseBody, TensorTarget } from '../../protocol/customRequests';
import { parseHeatmapMessage, type HeatmapToHost, type HeatmapView, type HostToHeatmap, type RestoredPanel } from '../../protocol/webviewMessages';
import type { DebugStops, FocusedFrame } from '../debugStops';
import { decodeFloat32, encodeCsv, encodeNpy } from '../tensorFiles';
import { tfjsRequest } from '../tfjsRequest';
import { loadPage, openPanel, type PanelOptions } from './openPanel';
import { PanelHost, type WebviewHandlers } from './panelHost';

const NOT_PAUSED = 'Not paused in a TF.js debug session.';

/** Largest view the panel asks for; larger slices come block-reduced. */
const MAX_VIEW: [number, number] = [512, 512];

/** How the panel names its target: the expression, which tensor of which tape, or which weight (at which step). */
export function targetLabel(target: TensorTarget): string {
  if (target.madeAt !== undefined) return `tensors made at ${fileNameOf(target.madeAt)}`;
  if (target.model !== undefined) return target.step === undefined ? target.weight : `${target.weight} at step ${target.step}`;
  if (target.tape === undefined) return target.expression;
  return `${target.kind === 'gradient' ? 'gradient into' : 'value of'} tensor ${target.tensorId} (tape ${target.tape})`;
}

/** The target alone, whatever else the object it came in holds: what the panel sends with every request. */
function targetOf(target: TensorTarget): TensorTarget {
  if (target.madeAt !== undefined) return { madeAt: target.madeAt };
  if (target.model !== undefined) return { model: target.model, weight: target.weight, ...(target.step !== undefined && { step: target.step }) };
  return target.tape === undefined ? { expression: target.expression } : { tape: target.tape, tensorId: target.tensorId, kind: target.kind };
}

/** The webview's view of a `tfjs/tensor` answer: the float32 data as an ArrayBuffer. */
export function toHeatmapView(label: string, body: TensorResponseBody, readOnly?: string): HeatmapView {
  const data = decodeFloat32(body.view.data);
  return {
    ...(readOnly === undefined ? {} : { readOnly }),
    expression: label,
    shape: body.shape,
    dtype: body.dtype,
    stats: body.stats,
    viewShape: body.view.shape,
    slice: body.view.slice,
    blocks: body.view.blocks,
    data: data.buffer as ArrayBuffer,
  };
}

/** Why a target's cells cannot be edited: a tape's tensor is a snapshot of what the step computed. */
function readOnlyReason(target: TensorTarget): string | undefined {
  if (target.madeAt !== undefined)
    return `Editing is off: these are the live tensors made at ${target.madeAt}, shown together; edit the one the program holds from Variables or Watch.`;
  if (target.model !== undefined) {
    return target.step === undefined
      ? undefined
      : `Editing is off: this is ${target.weight} as the history kept it at step ${target.step}, a copy; edit the weight as it is now.`;
  }
  if (target.tape === undefined) return undefined;
  return `Editing is off: this is the ${target.kind === 'gradient' ? 'gradient' : 'value'} tape ${target.tape} recorded, a snapshot; edit the program's tensors from Variables or Watch.`;
}

/** A number for `tfjs/setTensor`: DAP is JSON, so NaN and ±Inf go as expressions. */
function setTensorValue(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** The target a restored panel's subject names (JSON the host wrote, kept by the page): checked field by field. */
export function parseTarget(subject: string | undefined): TensorTarget | undefined {
  let value: unknown;
  try {
    value = subject === undefined ? undefined : JSON.parse(subject);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { expression, tape, tensorId, kind, model, weight, step, madeAt } = value as Record<string, unknown>;
  if (typeof madeAt === 'string' && madeAt.length > 0) return { madeAt };
  const isId = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (isId(model) && typeof weight === 'string' && weight.length > 0 && (step === undefined || isId(step))) {
    return { model, weight, ...(step !== undefined && { step }) };
  }
  if (typeof expression === 'string' && expression.length > 0 && tape === undefined) return { expression };
  if (isId(tape) && isId(tensorId) && (kind === 'value' || kind === 'gradient')) return { tape, tensorId, kind };
  return undefined;
}

/** The key of a target's panel: a weight's whatever step it shows. */
function panelKey(target: TensorTarget): string {
  return JSON.stringify(target.model !== undefined ? { model: target.model, weight: target.weight } : target);
}

function panelOptions(target: TensorTarget, key: string): PanelOptions {
  return {
    viewType: 'tfjs.heatmap',
    title: `Heatmap: ${targetLabel(target)}`,
    pageTitle: 'Tensor heatmap',
    page: 'heatmap',
    subject: key,
    retainContextWhenHidden: true,
  };
}

/** A file name for the tensor a label names: `model.w[0]` → `model.w_0_`. */
function fileStem(label: string): string {
  return label.replace(/[^\w.-]+/g, '_').slice(0, 64) || 'tensor';
}

export class HeatmapPanel extends PanelHost<HostToHeatmap, HeatmapToHost> {
  private static readonly panels = new Map<string, HeatmapPanel>();

  /**
   * Opens the panel of `target`, or reveals it (and reads the tensor again) when open. A
   * weight has one panel whatever step it shows: the model panel's step scrubber moves it.
   */
  static show(extensionUri: vscode.Uri, stops: DebugStops, target: TensorTarget): HeatmapPanel {
    const subject = targetOf(target);
    const key = panelKey(subject);
    const open = HeatmapPanel.panels.get(key);
    if (open) {
      open.retarget(subject);
      open.reveal();
      return open;
    }
    const panel = openPanel(extensionUri, panelOptions(subject, key));
    const created = new HeatmapPanel(panel, stops, subject, key);
    HeatmapPanel.panels.set(key, created);
    return created;
  }

  /**
   * Takes over a heatmap panel VS Code restored after a reload, showing the target its page
   * kept; a panel whose target cannot be read back is closed. A second panel of a target
   * already open is closed too (one panel per target).
   */
  static restore(extensionUri: vscode.Uri, stops: DebugStops, panel: vscode.WebviewPanel, restored: RestoredPanel): void {
    const target = parseTarget(restored.subject);
    const key = target && panelKey(target);
    if (!target || !key || HeatmapPanel.panels.has(key)) {
      panel.dispose();
      return;
    }
    loadPage(extensionUri, panel, panelOptions(target, key));
    HeatmapPanel.panels.set(key, new HeatmapPanel(panel, stops, target, key, restored));
  }

  /** Closes every open heatmap panel (deactivation). */
  static disposeAll(): void {
    for (const panel of [...HeatmapPanel.panels.values()]) panel.dispose();
  }

  /** The slice the user chose; undefined: the adapter's default. */
  private slice: string | undefined;
  /** Views by slice at this stop and at the latest earlier stop the panel saw. */
  private history: { sessionId: string; stop: number; views: Map<string, HeatmapView> }[] = [];

  /** How the panel names its target, in its header, messages and file names. */
  private label: string;

  private constructor(
    panel: vscode.WebviewPanel,
    stops: DebugStops,
    private target: TensorTarget,
    private readonly key: string,
    restored?: RestoredPanel,
  ) {
    // Another stop or another frame: an expression may name another tensor.
    super(panel, stops, { parse: parseHeatmapMessage, followsFrames: true });
    this.label = targetLabel(target);
    this.start(restored);
  }

  protected readonly handlers: WebviewHandlers<HeatmapToHost> = {
    refresh: () => this.refresh(),
    slice: (message) => {
      this.slice = message.slice;
      return this.refresh();
    },
    edit: (message) => this.edit(message.index, message.value),
    export: (message) => this.export(message.format),
  };

  /** Shows another step of the same weight (a target of the same panel key). */
  private retarget(target: TensorTarget): void {
    if (JSON.stringify(target) === JSON.stringify(this.target)) return;
    this.target = target;
    this.label = targetLabel(target);
    this.panel.title = `Heatmap: ${this.label}`;
    // The diff is with the same tensor at the previous stop: another step is another tensor.
    this.history = [];
  }

  private focusedOrReport(): FocusedFrame | undefined {
    const frame = this.frame();
    if (!frame) this.post({ type: 'error', message: NOT_PAUSED });
    return frame;
  }

  /** Reads the tensor in the focused frame and shows it, with the previous stop's view for the diff. */
  async refresh(): Promise<void> {
    const read = (frame: FocusedFrame) =>
      tfjsRequest(frame.session, 'tfjs/tensor', { ...this.target, frameId: frame.frameId, slice: this.slice, maxSize: MAX_VIEW });
    await this.refreshFrom(
      this.frame(),
      NOT_PAUSED,
      read,
      (body, frame) => this.show(body, frame),
      (error) => `${this.label}: ${error}`,
    );
  }

  private show(body: TensorResponseBody, frame: FocusedFrame): void {
    const view = toHeatmapView(this.label, body, readOnlyReason(this.target));
    let entry = this.history.find((e) => e.sessionId === frame.session.id && e.stop === frame.stop);
    if (!entry) {
      entry = { sessionId: frame.session.id, stop: frame.stop, views: new Map() };
      this.history.push(entry);
    }
    entry.views.set(view.slice, view);
    // This stop's views and the latest earlier stop's (that of this session), no more.
    this.history = this.history
      .filter((e) => e.sessionId === frame.session.id && e.stop <= frame.stop)
      .sort((a, b) => b.stop - a.stop)
      .slice(0, 2);
    const previous = this.history.find((e) => e.stop < frame.stop)?.views.get(view.slice);
    this.post({ type: 'view', view, previous });
  }

  private async edit(index: number[], value: number): Promise<void> {
    const frame = this.focusedOrReport();
    if (!frame) return;
    await this.attempt(`Could not set [${index.join(',')}]`, async () => {
      const body = await tfjsRequest(frame.session, 'tfjs/setTensor', {
        ...this.target,
        frameId: frame.frameId,
        index,
        value: setTensorValue(value),
      });
      this.post({ type: 'status', message: `Set ${this.label}[${index.join(',')}]: ${body.value}` });
      await this.refresh();
    });
  }

  private async export(format: 'npy' | 'csv'): Promise<void> {
    const frame = this.focusedOrReport();
    if (!frame) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${fileStem(this.label)}.${format}`;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'npy' ? { 'NumPy array': ['npy'] } : { CSV: ['csv'] },
      title: `Export ${this.label}`,
    });
    if (!uri) return;
    await this.attempt('Export failed', async () => {
      const body = await tfjsRequest(frame.session, 'tfjs/tensor', {
        ...this.target,
        frameId: frame.frameId,
        full: true,
      });
      const data = decodeFloat32(body.view.data);
      const size = body.shape.reduce((a, b) => a * b, 1);
      if (data.length !== size) throw new Error(`expected ${size} values, got ${data.length}`);
      const bytes = format === 'npy' ? encodeNpy(body.shape, data) : Buffer.from(encodeCsv(body.shape, data), 'utf8');
      await vscode.workspace.fs.writeFile(uri, bytes);
      this.post({ type: 'status', message: `Saved ${body.dtype}[${body.shape.join(',')}] to ${uri.fsPath}` });
    });
  }

  protected forget(): void {
    HeatmapPanel.panels.delete(this.key);
  }
}
