/**
 * The one list of the adapter's custom DAP requests (`session.customRequest(name, args)`):
 * names, arguments and response bodies, used by the adapter, the extension and the tests.
 * docs/protocol.md, Custom requests, describes their faces.
 */
import type {
  FitStops,
  MemoryInfo,
  ModelHistory,
  ModelInfo,
  ProfileBody,
  ProfileFormat,
  SpeedscopeFile,
  TapeNodeRecord,
  TapeSource,
  TapeTensorKind,
  TensorResponseBody,
  TraceEvent,
} from './runtimeApi';

// The runtime makes these bodies itself: they are declared with its API, and are faces of these requests too.
export type { TapeTensorKind, TensorResponseBody, TensorStatsBody } from './runtimeApi';

/** A tensor named by an expression, evaluated in the frame (or globally while running). */
export interface ExpressionTarget {
  expression: string;
  tape?: never;
  model?: never;
  madeAt?: never;
}

/**
 * The live tensors made at one line (the leak finder's `TensorLine.key`), shown together: one
 * tensor as it is, several of one shape and dtype stacked along a new first axis (oldest
 * first), several of other shapes the newest alone. Read-only.
 */
export interface LineTensorsTarget {
  madeAt: string;
  expression?: never;
  tape?: never;
  model?: never;
}

/**
 * A weight of a tf.layers model as `tfjs/models` names it: the live variable (edits assign
 * it), or with `step` a pinned weight's values at that training step, a read-only snapshot.
 */
export interface ModelWeightTarget {
  /** The model's `id` from `tfjs/models`. */
  model: number;
  /** The weight's name: `conv/kernel`. */
  weight: string;
  /** A training step the history kept the pinned weight's values at (`tfjs/history`'s `snapshotSteps`). */
  step?: number;
  expression?: never;
  tape?: never;
  madeAt?: never;
}

/**
 * A tensor a gradient tape kept: the forward value of a node's output, or the gradient into
 * it (or into a source). It is a snapshot the program never reads again, so it can be viewed
 * but not edited.
 */
export interface TapeTensorTarget {
  /** The tape's `id` from `tfjs/tape`. */
  tape: number;
  /** The id of a node output or a source of that tape. */
  tensorId: number;
  kind: TapeTensorKind;
  expression?: never;
  model?: never;
  madeAt?: never;
}

/** Which tensor `tfjs/tensor` and `tfjs/setTensor` act on, given as data (never as code to run). */
export type TensorTarget = ExpressionTarget | TapeTensorTarget | ModelWeightTarget | LineTensorsTarget;

/** Arguments of `tfjs/tensor`: the target's fields, and how to view it. */
export type TensorRequestArgs = TensorTarget & {
  frameId?: number;
  /**
   * Which 2-D view of an N-D tensor: per axis an index, `:` or a numpy-style range `start:stop[:step]`, one or two axes
   * spanned, e.g. `"0,:,:"`, `"1,2:5,:"` (docs/protocol.md, `tfjs/tensor`). Default: leading axes at 0.
   */
  slice?: string;
  /** Largest view returned, `[rows, cols]`; a larger view is block-reduced (mean). Default `[512, 512]`. */
  maxSize?: [number, number];
  /** Return the whole tensor in `data` instead of a view. */
  full?: boolean;
};

/** Arguments of `tfjs/setTensor`: the target's fields (a tape tensor is refused), and the edit. */
export type SetTensorArgs = TensorTarget & {
  frameId?: number;
  /** Index of one element (or, shorter than the rank, of a sub-tensor); the whole tensor when absent. */
  index?: number[];
  /** A number, or an expression evaluated in the frame (an array literal or a tensor). */
  value: number | string;
};

/** Arguments of `tfjs/profile`. */
export interface ProfileArgs {
  /** Start a new recording once this one is answered. */
  reset?: boolean;
  /** `tree` (default), `chrome-trace` (Trace Event Format, for Perfetto) or `speedscope`. */
  format?: ProfileFormat;
  /**
   * On webgl and webgpu, time each kernel on the GPU too from now on (true), or stop (false);
   * the answer's `timing` says whether the backend can (`ProfileTiming`).
   */
  gpuTime?: boolean;
}

/** Arguments of `tfjs/tape`. */
export interface TapeArgs {
  /** Which kept tape (0 = the oldest); the last by default. */
  index?: number;
  /**
   * Keep the forward values of the tapes recorded from now on also where reading them is a
   * copy (the wasm backend), for "Show value"; on cpu they are always kept.
   */
  values?: boolean;
}

/** Response body of `tfjs/tape`: one recorded gradient computation. */
export interface TapeBody {
  /** How many tapes are kept. */
  count: number;
  /** Which one this is (0 = the oldest kept). */
  index: number;
  /** The tape's own number, which stays as newer tapes come (a {@link TapeTensorTarget}'s `tape`). */
  id: number;
  nodes: TapeNodeRecord[];
  /** What the gradients were taken with respect to (the trainable variables), with their gradients. */
  sources: TapeSource[];
  /** The tape being recorded at this stop: the forward nodes so far, no gradients yet. */
  inProgress?: boolean;
}

/** `tfjs/memory`'s arguments. */
export interface MemoryArgs {
  /** Also the live tensors by the line that made them, with their growth since the previous stop (the leak finder). */
  byLine?: boolean;
}

/** Arguments of `tfjs/history`. */
export interface HistoryArgs {
  /** The model's `id` from `tfjs/models`. */
  model: number;
  /** One layer (by name) and its weights; all of the model's when absent. */
  layer?: string;
  /** Cut each series to at most this many steps, evenly picked (for sparklines); whole when absent. */
  points?: number;
  /** `false` leaves each summary's histogram empty (sparklines draw none); they come by default. */
  histograms?: boolean;
}

/** Arguments of `tfjs/pin`. */
export interface PinArgs {
  model: number;
  /** The weight's name: `conv/kernel`. */
  weight: string;
  /** Keep its values at every step from now on (true), or stop and let them go (false). */
  pinned: boolean;
}

/** Every custom request: its arguments and its response body. */
export interface CustomRequests {
  /** Tensor memory of the program's tfjs engine. */
  'tfjs/memory': { args: MemoryArgs; body: MemoryInfo };
  /** A tensor's statistics and a 2-D view of it as float32 bytes, for the heatmap. */
  'tfjs/tensor': { args: TensorRequestArgs; body: TensorResponseBody };
  /** Sets a tensor, or one element of it, as `setExpression` does. */
  'tfjs/setTensor': { args: SetTensorArgs; body: { value: string } };
  /** The recorded kernels: flame tree and totals, or a Chrome trace. */
  'tfjs/profile': { args: ProfileArgs; body: ProfileBody | { traceEvents: TraceEvent[] } | SpeedscopeFile };
  /** One recorded gradient tape (the last by default). */
  'tfjs/tape': { args: TapeArgs; body: TapeBody };
  /** The tf.layers models the program built: layer by layer, with their weights' statistics. */
  'tfjs/models': { args: Record<string, never>; body: { models: ModelInfo[] } };
  /** A model's training history: each weight's values and gradients, each layer's output, summed up by step. */
  'tfjs/history': { args: HistoryArgs; body: ModelHistory };
  /** Keeps a weight's values at every training step (for the step scrubber), or stops. */
  'tfjs/pin': { args: PinArgs; body: { pinned: boolean; snapshotSteps: number[] } };
  /** Stops at the end of each batch or epoch of every `model.fit`/`fitDataset` from now on, or not; without `at`, says which. */
  'tfjs/fitStops': { args: { at?: FitStops }; body: { at: FitStops } };
}

export type CustomRequestName = keyof CustomRequests;
export type CustomRequestArgs<N extends CustomRequestName> = CustomRequests[N]['args'];
export type CustomRequestBody<N extends CustomRequestName> = CustomRequests[N]['body'];

/** The names, for dispatch and for callers that need them as values. */
export const customRequestNames: readonly CustomRequestName[] = [
  'tfjs/memory',
  'tfjs/tensor',
  'tfjs/setTensor',
  'tfjs/profile',
  'tfjs/tape',
  'tfjs/models',
  'tfjs/history',
  'tfjs/pin',
  'tfjs/fitStops',
];
