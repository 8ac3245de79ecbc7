/**
 * The messages between the extension host and its webviews (heatmap, profile, gradient tape, model),
 * both ways. The host trusts nothing a webview sends: every message goes through that panel's
 * parse function, which answers `undefined` for anything that is not exactly one of its shapes.
 * Tensor data travels as an ArrayBuffer of float32 values (row-major), never as text.
 */
import type { TapeBody, TensorStatsBody } from './customRequests';
import type { FitStops, ModelHistory, ModelInfo, ProfileBody, TapeTensorKind, WeightHistory } from './runtimeApi';

/** One 2-D view of a tensor, as the webview draws it. */
export interface HeatmapView {
  /** How the panel names the tensor: the expression as the user gave it, or which tensor of which tape (`gradient into tensor 12 (tape 3)`). */
  expression: string;
  /** The tensor's full shape and dtype. */
  shape: number[];
  dtype: string;
  /** Statistics of the whole tensor. */
  stats: TensorStatsBody;
  /** `[rows, cols]` of `data`. */
  viewShape: [number, number];
  /** The slice shown, normalised: one index, `:` or range per axis, e.g. `"0,:,:"`, `"0,2:5,:"`. */
  slice: string;
  /** Block size of the reduction, `[by, bx]`; `[1, 1]` when every cell is one element. */
  blocks: [number, number];
  /** `rows * cols` float32 values, row-major. */
  data: ArrayBuffer;
  /** Why its cells cannot be edited (a tape's recorded snapshot), shown when the user tries; absent when they can. */
  readOnly?: string;
}

/**
 * Where a panel's content was read: which session, at which stop (none: while it ran), and
 * whether that session has ended since (the content is then what was last seen). A page
 * restored after a reload shows its saved origin as ended.
 */
export interface PanelOrigin {
  /** The session's name, as the Call Stack shows it. */
  session: string;
  /** The session's stop the content was read at (1 = its first); absent: read while it ran. */
  stop?: number;
  ended: boolean;
}

/**
 * Host → any panel's webview: `error`, why there is nothing to show (no session, the read
 * failed), shown in place of the content, which the page clears; `status`, the outcome of
 * something the webview asked for, in its status line; `origin`, where the content (or the
 * error) comes from, sent after each read and when the session ends (`null`: from no session).
 */
export type PanelNotice =
  { type: 'error'; message: string } | { type: 'status'; message: string; error?: boolean } | { type: 'origin'; origin: PanelOrigin | null };

/** Host → webview. */
export type HostToHeatmap =
  /** A new view; `previous` is the same slice at the previous stop, when there is one. */
  | { type: 'view'; view: HeatmapView; previous?: HeatmapView }
  /** `error`: the tensor could not be read (not a tensor, the session ended, ...); `status`: the outcome of an `edit` (the new presentation string) or of an `export`. */
  | PanelNotice;

/** Webview → host. */
export type HeatmapToHost =
  /** The page has loaded and listens; the host answers with the current view. */
  | { type: 'ready' }
  /** Show another slice: per axis an index, `:` or a range `start:stop[:step]`, one or two axes spanned (`"0,2:5,:"`). */
  | { type: 'slice'; slice: string }
  /** Read the tensor again. */
  | { type: 'refresh' }
  /** Set one element: `index` into the full tensor. */
  | { type: 'edit'; index: number[]; value: number }
  /** Save the whole tensor to a file the user picks. */
  | { type: 'export'; format: 'npy' | 'csv' };

const MAX_RANK = 32;
/** One axis of a slice as the page sends it (normalised, so never negative): an index, or a range whose bounds and step may be left out. */
const SLICE_PART = String.raw`(\d{1,9}|(\d{1,9})?:(\d{1,9})?(:\d{1,9})?)`;
const SLICE_PATTERN = new RegExp(`^${SLICE_PART}(,${SLICE_PART}){0,${MAX_RANK - 1}}$`);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function hasOnlyKeys(value: Record<string, unknown>, keys: string[], optional: string[] = []): boolean {
  return Object.keys(value).every((key) => keys.includes(key) || optional.includes(key)) && keys.every((key) => key in value);
}

/** How one message type is checked: its fields besides `type` (and those it may leave out), and the message they make (`undefined`: a field is wrong). */
interface MessageShape<T> {
  fields: string[];
  optional?: string[];
  build(value: Record<string, unknown>): T | undefined;
}

/**
 * A panel's parse function: the message, when `value` is a plain object whose `type` is one
 * of `shapes`, with exactly that shape's fields, which its `build` accepts; else `undefined`.
 */
function messageParser<T extends { type: string }>(shapes: Record<T['type'], MessageShape<T>>): (value: unknown) => T | undefined {
  return (value) => {
    if (!isPlainObject(value) || typeof value.type !== 'string' || !Object.prototype.hasOwnProperty.call(shapes, value.type)) return undefined;
    const shape = shapes[value.type as T['type']];
    return hasOnlyKeys(value, ['type', ...shape.fields], shape.optional) ? shape.build(value) : undefined;
  };
}

/** A message that is its type alone (`ready`, `refresh`, ...). */
function bare<K extends string>(type: K): MessageShape<{ type: K }> {
  return { fields: [], build: () => ({ type }) };
}

/** Whether `slice` is one index, `:` or range per axis, at most `MAX_RANK` axes (the program checks it against the shape). */
export function isSliceString(slice: unknown): slice is string {
  return typeof slice === 'string' && SLICE_PATTERN.test(slice);
}

/**
 * The message, when `value` is exactly one of `HeatmapToHost` (no extra fields, every
 * index a non-negative integer); otherwise `undefined`. An edit's value may be NaN or ±Inf.
 */
export const parseHeatmapMessage = messageParser<HeatmapToHost>({
  ready: bare('ready'),
  refresh: bare('refresh'),
  slice: { fields: ['slice'], build: ({ slice }) => (isSliceString(slice) ? { type: 'slice', slice } : undefined) },
  edit: {
    fields: ['index', 'value'],
    build: ({ index, value }) => {
      if (!Array.isArray(index) || index.length > MAX_RANK) return undefined;
      if (!index.every((i) => Number.isSafeInteger(i) && (i as number) >= 0)) return undefined;
      if (typeof value !== 'number') return undefined;
      return { type: 'edit', index: [...(index as number[])], value };
    },
  },
  export: { fields: ['format'], build: ({ format }) => (format === 'npy' || format === 'csv' ? { type: 'export', format } : undefined) },
});

const MAX_PATH = 4096;

/** Webview → host (profile and tape): open the editor at `line` of `path`. */
export type GoToSource = { type: 'goToSource'; path: string; line: number };

/** A `goToSource` whose `path` is a non-empty string without NUL (at most 4096 long) and `line` a positive integer. */
const goToSource: MessageShape<GoToSource> = {
  fields: ['path', 'line'],
  build: ({ path, line }) => {
    if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH || path.includes('\0')) return undefined;
    if (!Number.isSafeInteger(line) || (line as number) < 1) return undefined;
    return { type: 'goToSource', path, line: line as number };
  },
};

/** The files `tfjs/profile` exports, besides its tree. */
export type ProfileExportFormat = 'chrome-trace' | 'speedscope';

/**
 * A profile's flame tree as the webview receives it: one entry per frame in depth-first
 * order (the root first), in ArrayBuffers, so that a tree of 100k+ frames crosses to the
 * webview as a few buffers and not as 100k+ objects to clone.
 */
/** A flame frame's kind in `FlameData.kinds`: the root and stand-ins, a user line, a model method, a layer, an op, a kernel. */
export const enum FlameKind {
  Other = 0,
  Call = 1,
  Api = 2,
  Layer = 3,
  Op = 4,
  Kernel = 5,
}

export interface FlameData {
  /** How many frames. */
  size: number;
  /** Distinct frame names; `nameIds` index them. */
  names: string[];
  /** Distinct source lines; `sourceIds` index them. */
  sources: { path: string; line: number }[];
  /** Int32 per frame: index into `names`. */
  nameIds: ArrayBuffer;
  /** Uint8 per frame: 0 for the root, its children 1, ... */
  depths: ArrayBuffer;
  /** Uint8 per frame: its {@link FlameKind} (what it stands for, which its colour tells). */
  kinds: ArrayBuffer;
  /** Float64 per frame: total milliseconds (`FlameNode.valueMs`). */
  values: ArrayBuffer;
  /** Float64 per frame: self milliseconds. */
  selfs: ArrayBuffer;
  /** Float64 per frame: calls, NaN where the tree did not say. */
  counts: ArrayBuffer;
  /** Float64 per frame: the GPU's milliseconds of its timed kernels, NaN where none was timed. */
  gpus: ArrayBuffer;
  /** Float64 per frame: how many of its kernels the GPU timer measured (0 where none). */
  gpuCounts: ArrayBuffer;
  /** Int32 per frame: index into `sources`, -1 for none. */
  sourceIds: ArrayBuffer;
  /** Distinct shape lists of op and kernel frames; `shapeIds` index them. */
  shapes: string[][];
  /** Int32 per frame: index into `shapes`, -1 for none. */
  shapeIds: ArrayBuffer;
}

/** `tfjs/profile`'s answer but its tree. */
export type ProfileSummary = Omit<ProfileBody, 'root'>;

/** Host → profile webview. */
export type HostToProfile =
  /** A recording to show (where it was read comes as an `origin` notice). */
  | { type: 'profile'; summary: ProfileSummary; flame: FlameData }
  /** `error`: no profile could be read (no session, recording off, ...); `status`: the outcome of a reset or an export. */
  | PanelNotice;

/** Profile webview → host. */
export type ProfileToHost =
  /** The page has loaded and listens; the host answers with the last profile. */
  | { type: 'ready' }
  /** Read the profile again (the program may be running). */
  | { type: 'refresh' }
  /** Start a new recording. */
  | { type: 'reset' }
  /** Save the recording to a file the user picks. */
  | { type: 'export'; format: ProfileExportFormat }
  /** Time the kernels on the GPU too from now on, or stop (webgl, webgpu). */
  | { type: 'gpuTime'; on: boolean }
  /** Open the editor at a frame's source line. */
  | GoToSource;

/**
 * The message, when `value` is exactly one of `ProfileToHost` (no extra fields; a `goToSource`'s
 * path a non-empty string without NUL, its line a positive integer); otherwise `undefined`.
 * Whether a `goToSource` names a line of the profile shown is for the host to check.
 */
export const parseProfileMessage = messageParser<ProfileToHost>({
  ready: bare('ready'),
  refresh: bare('refresh'),
  reset: bare('reset'),
  export: {
    fields: ['format'],
    build: ({ format }) => (format === 'chrome-trace' || format === 'speedscope' ? { type: 'export', format } : undefined),
  },
  gpuTime: {
    fields: ['on'],
    build: ({ on }) => (typeof on === 'boolean' ? { type: 'gpuTime', on } : undefined),
  },
  goToSource,
});

/** Host → tape webview. */
export type HostToTape =
  /** A recorded tape to draw (the last one unless the user picked another). */
  | { type: 'tape'; tape: TapeBody }
  /**
   * `error`: no tape to draw, and why (no session, none recorded yet, recording off), shown
   * in the graph's place, not as a popup; `status`: the outcome of a request the panel made
   * (a tensor that could not be shown, a missing file).
   */
  | PanelNotice;

/** Tape webview → host. */
export type TapeToHost =
  /** The page has loaded and listens; the host answers with the tape it holds. */
  | { type: 'ready' }
  /** Read the tape again. */
  | { type: 'refresh' }
  /** Show the recorded tape at `index` (0 = the oldest kept). */
  | { type: 'selectTape'; index: number }
  /** Open the heatmap of a tape tensor: a node output's forward value, or the gradient into it. */
  | { type: 'showTensor'; tapeId: number; tensorId: number; kind: TapeTensorKind }
  /** Open the editor at the line that called an op. */
  | GoToSource;

function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * The message, when `value` is exactly one of `TapeToHost` (no extra fields, ids and indices
 * non-negative safe integers, a line ≥ 1, a path a plain non-empty string); otherwise
 * `undefined`. The host still checks that ids and lines belong to the tape it sent.
 */
export const parseTapeMessage = messageParser<TapeToHost>({
  ready: bare('ready'),
  refresh: bare('refresh'),
  selectTape: { fields: ['index'], build: ({ index }) => (isIndex(index) ? { type: 'selectTape', index } : undefined) },
  showTensor: {
    fields: ['tapeId', 'tensorId', 'kind'],
    build: ({ tapeId, tensorId, kind }) =>
      isIndex(tapeId) && isIndex(tensorId) && (kind === 'value' || kind === 'gradient') ? { type: 'showTensor', tapeId, tensorId, kind } : undefined,
  },
  goToSource,
});

/** Host → model webview. */
export type HostToModel =
  /**
   * The tf.layers models the program built (`tfjs/models`), read at this stop, with their
   * training histories cut to a few points a series (for the sparklines), in the same order.
   */
  | { type: 'models'; models: ModelInfo[]; histories: (ModelHistory | null)[]; fitStops: FitStops }
  /** The weight the user selected, with its whole history (the distribution band and the step scrubber). */
  | { type: 'selected'; model: number; weight: WeightHistory }
  /** The layer breakpoints set (function breakpoints `layer:<name>`, `layer:<name>:nan`), enabled ones only. */
  | { type: 'layerBreakpoints'; names: string[] }
  /** `error`: nothing to show, and why (no session, tfjs not loaded); `status`: the outcome of a request. */
  | PanelNotice;

/** A model's weight, as the page names it to the host. */
export interface WeightRef {
  model: number;
  layer: string;
  weight: string;
}

/** Model webview → host. */
export type ModelToHost =
  /** The page has loaded and listens; the host answers with the models it holds. */
  | { type: 'ready' }
  /** Read the models again. */
  | { type: 'refresh' }
  /** Open the heatmap of a weight: as it is now, or (a pinned one) at an earlier step. */
  | { type: 'showWeight'; model: number; weight: string; step?: number }
  /** Open the heatmap of a weight's gradient in the last tape (its source tensor). */
  | { type: 'showGradient'; tape: number; tensorId: number }
  /** Keep a weight's values at every step from now on, or stop. */
  | ({ type: 'pin'; pinned: boolean } & WeightRef)
  /** Show a weight's whole history (its distribution band and the step scrubber). */
  | ({ type: 'select' } & WeightRef)
  /** Set, or clear, the breakpoint that stops before `layer` runs (`run`) or when its output holds NaN or Inf (`nan`). */
  | { type: 'breakOnLayer'; layer: string; on: 'run' | 'nan' }
  /** Stop at the end of each batch or epoch of the program's fits, or not. */
  | { type: 'fitStops'; at: FitStops };

const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_PATH;
const isWeightRef = (value: Record<string, unknown>): boolean => isIndex(value.model) && isName(value.layer) && isName(value.weight);

/**
 * The message, when `value` is exactly one of `ModelToHost`; otherwise `undefined`. The host
 * still checks that the weight belongs to the models it sent.
 */
export const parseModelMessage = messageParser<ModelToHost>({
  ready: bare('ready'),
  refresh: bare('refresh'),
  showWeight: {
    fields: ['model', 'weight'],
    optional: ['step'],
    build: ({ model, weight, step }) =>
      isIndex(model) && isName(weight) && (step === undefined || isIndex(step))
        ? { type: 'showWeight', model, weight, ...(step !== undefined && { step }) }
        : undefined,
  },
  showGradient: {
    fields: ['tape', 'tensorId'],
    build: ({ tape, tensorId }) => (isIndex(tape) && isIndex(tensorId) ? { type: 'showGradient', tape, tensorId } : undefined),
  },
  pin: {
    fields: ['model', 'layer', 'weight', 'pinned'],
    build: (value) =>
      isWeightRef(value) && typeof value.pinned === 'boolean'
        ? { type: 'pin', model: value.model as number, layer: value.layer as string, weight: value.weight as string, pinned: value.pinned }
        : undefined,
  },
  fitStops: {
    fields: ['at'],
    build: ({ at }) => (at === 'off' || at === 'batch' || at === 'epoch' ? { type: 'fitStops', at } : undefined),
  },
  breakOnLayer: {
    fields: ['layer', 'on'],
    build: ({ layer, on }) => (isName(layer) && (on === 'run' || on === 'nan') ? { type: 'breakOnLayer', layer, on } : undefined),
  },
  select: {
    fields: ['model', 'layer', 'weight'],
    build: (value) =>
      isWeightRef(value) ? { type: 'select', model: value.model as number, layer: value.layer as string, weight: value.weight as string } : undefined,
  },
});

/** What a restored panel's host takes from the state its page kept (pageMemory.ts): the page's subject and last origin. */
export interface RestoredPanel {
  /** The `data-subject` the page was loaded with (JSON the host wrote), if any. */
  subject?: string;
  origin?: PanelOrigin;
}

function isOrigin(value: unknown): value is PanelOrigin {
  if (!isPlainObject(value) || typeof value.session !== 'string' || value.session.length > MAX_PATH || typeof value.ended !== 'boolean') return false;
  return value.stop === undefined || isIndex(value.stop);
}

/**
 * The subject and origin in the state VS Code hands back for a panel restored after a
 * reload (what the page saved, checked like any message from it); what is missing or
 * malformed is left out.
 */
export function parseRestoredPanel(state: unknown): RestoredPanel {
  const kept = isPlainObject(state) ? state.kept : undefined;
  if (!isPlainObject(kept)) return {};
  const subject = typeof kept.subject === 'string' && kept.subject.length <= MAX_PATH ? kept.subject : undefined;
  const origin = isPlainObject(kept.origin) && isOrigin(kept.origin.origin) ? kept.origin.origin : undefined;
  return {
    ...(subject !== undefined && { subject }),
    ...(origin && { origin: { session: origin.session, ...(origin.stop !== undefined && { stop: origin.stop }), ended: origin.ended } }),
  };
}
