/**
 * The boundary between the debug adapter and the runtime injected into the program: the
 * non-enumerable global API the adapter calls with `Runtime.callFunctionOn`, the values it
 * returns by value, and the environment variables (Node) or the global (a page) that pass the
 * launch settings over.
 */

/** Name of the non-enumerable global that holds the runtime API inside the program. */
export const runtimeGlobal = '__tfjsDebugger';

/** `sourceURL` of the runtime bundle, so its frames can be hidden from stack traces. */
export const runtimeSourceUrl = 'tfjs-debugger:///runtime.js';

/** `sourceURL` of the browser runtime's bundle (dist/runtime-browser.js), injected into a page. */
export const runtimeBrowserSourceUrl = 'tfjs-debugger:///runtime-browser.js';

/** The `sourceURL`s of both runtime bundles: their frames are never the user's. */
export const runtimeSourceUrls: readonly string[] = [runtimeSourceUrl, runtimeBrowserSourceUrl];

/**
 * Name of the global a page's injector sets to the {@link RuntimeSettings} (a JSON object)
 * before the browser runtime's bundle runs; the runtime reads it once and deletes it.
 */
export const browserSettingsGlobal = '__tfjsDebuggerSettings';

/** Name of the CDP binding (`Runtime.addBinding`) the runtime sends messages through. */
export const outputBinding = '__tfjsDebuggerOutput';

/** A message through {@link outputBinding}: a logpoint's formatted text. */
export interface OutputMessage {
  logpoint: number;
  message: string;
}

/** URL of the script whose `debugger` statement stops the program where a NaN or Inf is born. */
export const nanSentinelUrl = 'tfjs-debugger:///nan-sentinel.js';

/** How the text of a stop in the NaN sentinel begins (`NaN/Inf in output of Log (train.js:12)`). */
export const nanStopText = 'NaN/Inf in output of';

/** The function name of the runtime's wrapper of a layer's `apply`: its frame holds the layer (`this`) and its inputs (`args`). */
export const layerApplyName = 'tfjsDebuggerLayerApply';

/** A layer breakpoint: stop before the layer named `layer` runs, or when its output holds NaN or ±Inf. */
export interface LayerBreakpoint {
  layer: string;
  on: 'run' | 'nan';
}

/** What a stop for a layer breakpoint is for. */
export interface LayerStop {
  layer: string;
  className: string;
  on: 'run' | 'nan';
  /** For `nan`: which output (0 unless the layer returns several) and its counts. */
  output?: number;
  nanCount?: number;
  infCount?: number;
  /** The user's line that started the asynchronous model call (`model.fit`) running the layer, if one is running. */
  calledFrom?: CodeLocation;
}

/** A place in the program's code, as the runtime saw it (generated code: the adapter maps it). */
export interface CodeLocation {
  path: string;
  line: number;
  column: number;
}

/** Where `tfjs/fitStops` stops: at the end of each batch, of each epoch, or not at all. */
export type FitStops = 'off' | 'batch' | 'epoch';

/** One batch of a fit: the training step it was, its epoch and batch (both from 1), and its logs. */
export interface FitCurvePoint {
  step: number;
  epoch: number;
  batch: number;
  logs: Record<string, number>;
}

/** Where a model's last (or running) `fit`/`fitDataset` is, and its logs. */
export interface FitProgressInfo {
  method: string;
  running: boolean;
  /** Epoch and batch (from 1; 0 before the first), and how many there are where tfjs says. */
  epoch: number;
  epochs?: number;
  batch: number;
  batches?: number;
  /** Batches run in this call. */
  step: number;
  /** The last batch's logs (loss, metrics); on webgl and webgpu the last epoch's. */
  logs: Record<string, number>;
  /** Each epoch's logs (validation ones too). */
  epochLogs: { epoch: number; logs: Record<string, number> }[];
  /** Each batch's logs, kept every `curveEvery`-th batch once more than 4096 (none on webgl and webgpu). */
  curve?: FitCurvePoint[];
  curveEvery?: number;
}

/** What a stop at a batch's or an epoch's end is for. */
export interface FitStopInfo {
  model: string;
  at: 'batch' | 'epoch';
  epoch: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  logs: Record<string, number>;
  calledFrom?: CodeLocation;
}

/** Environment variables the adapter sets for the program it launches. */
export const runtimeEnv = {
  /** Path of the adapter's private Unix socket (named pipe on Windows) for the CDP agent. */
  socket: 'TFJS_DEBUGGER_SOCKET',
  /** JSON of {@link RuntimeSettings}. */
  settings: 'TFJS_DEBUGGER_SETTINGS',
} as const;

/** The launch settings the runtime acts on. */
export interface RuntimeSettings {
  backend: 'auto' | 'cpu' | 'wasm' | 'tensorflow' | 'webgpu';
  /** Whether tensor summaries carry statistics. */
  tensorStatistics: boolean;
  /** Record every kernel for `tfjs/profile`. */
  profile: boolean;
  /** Record gradient tapes for `tfjs/tape`. */
  captureTape: boolean;
  /** Note the line that made each live tensor (the leak finder). */
  trackTensors: boolean;
  /** Sum up each training step's weights, gradients and layer outputs (the training history). */
  trainingHistory: boolean;
  /** Memory the training history may take, in MB. */
  historyMB: number;
  /** Stop where a NaN or Inf is born. */
  breakOnNaN: boolean;
  /** Bound of the kernel-event ring buffer. */
  maxProfileEvents: number;
  /** How many gradient tapes are kept. */
  maxTapes: number;
  /**
   * Regex sources (matched against a script's path or URL) of the code that is not the user's,
   * from `skipFiles`: an op is credited to the innermost frame outside it.
   */
  libraryPatterns?: string[];
}

/**
 * What a part of a bundled script was made from, by the script's source map: the user's code,
 * library code (the page's library patterns match its original file), a model package's
 * (tfjs-layers, tfjs-converter, tfjs-data: its methods are the model calls), or code the
 * bundler made itself (no original file).
 */
export type CodeKind = 'user' | 'library' | 'model' | 'generated';

/**
 * The parts of one bundled script, in order: the `i`-th starts at line `starts[2i]`, column
 * `starts[2i + 1]` (both 1-based, as V8's call sites count them) and runs to the next; code
 * before the first is the user's.
 */
export interface ScriptCodeRanges {
  starts: number[];
  kinds: CodeKind[];
}

/** The presentation of one tensor (docs/protocol.md, Tensors in Variables). */
export interface TensorSummary {
  /** e.g. `float32[8,10] min=-1.23 max=4.5 mean=0.01213 std=0.9801`. */
  value: string;
  type: 'tf.Tensor' | 'tf.Variable';
  dtype: string;
  shape: number[];
  disposed: boolean;
}

/** One child of a tensor: an index of its first axis. */
export interface TensorChild {
  /** `[i]`. */
  name: string;
  /** A sub-tensor's presentation, or a leaf's number. */
  value: string;
  /** Shape of a sub-tensor child (rank ≥ 1), which has children of its own; absent for leaves. */
  shape?: number[];
}

/** Full-tensor statistics; min/max/mean/std over the finite elements. */
export interface TensorStatsBody {
  min: number;
  max: number;
  mean: number;
  std: number;
  nanCount: number;
  infCount: number;
}

/** Response body of `tfjs/tensor`. */
export interface TensorResponseBody {
  shape: number[];
  dtype: string;
  stats: TensorStatsBody;
  view: {
    /** `[rows, cols]` of `data` (for `full`, the tensor's size as one row when rank ≠ 2). */
    shape: [number, number];
    /** The slice shown, normalised, e.g. `"0,:,:"`, `"1,2:5,:"`. */
    slice: string;
    /** Block size of the reduction, `[by, bx]`; `[1, 1]` when not reduced. */
    blocks: [number, number];
    /** Base64 of a little-endian Float32Array, row-major. */
    data: string;
  };
}

/** The runtime's `tfjs/tensor` answer: `view.data` is empty when `view.transfer` names raw bytes. */
export type ViewBody = Omit<TensorResponseBody, 'view'> & {
  view: TensorResponseBody['view'] & {
    /** Raw bytes of this view follow through the agent. */
    transfer?: number;
    /** The whole answer (statistics, view and bytes) follows through the agent. */
    pending?: number;
  };
};

/** A tensor as a tape node names it. */
export interface TapeTensor {
  id: number;
  shape: number[];
  dtype: string;
}

/** A gradient as the tape shows it: its shape, statistics and L2 norm (over the finite elements). */
export interface TapeGradient {
  shape: number[];
  stats: TensorStatsBody;
  norm: number;
}

/** One node of a gradient tape: an op, its tensors, its line, and the gradient into its output. */
export interface TapeNodeRecord {
  id: number;
  op: string;
  inputs: TapeTensor[];
  outputs: TapeTensor[];
  source?: { path: string; line: number; column?: number };
  gradient?: TapeGradient;
}

/**
 * A tensor the computation differentiates with respect to: the trainable variables of
 * `variableGrads`/`minimize`, the `xs` of `tf.grads`; with the gradient computed for it.
 */
export interface TapeSource extends TapeTensor {
  /** The variable's name (`dense_Dense1/kernel`), for variables. */
  name?: string;
  /**
   * Where a variable tfjs named by a number (`"0"`) was made: the library class that made it
   * (`AdamOptimizer`), or `variable`, and the user's line that called it.
   */
  origin?: { maker: string; path: string; line: number; column: number };
  /** How the tape panel names it: `name`, or for a numbered variable its maker and line (`AdamOptimizer #0 (train.js:21)`). */
  label?: string;
  variable: boolean;
  gradient?: TapeGradient;
}

/** One recorded `tf.grad`/`variableGrads`/`minimize` call. */
export interface TapeRecord {
  index: number;
  nodes: TapeNodeRecord[];
  sources: TapeSource[];
  /**
   * The tape being recorded now (the program is stopped inside the function being
   * differentiated): its forward nodes so far, and no gradients yet.
   */
  inProgress?: boolean;
}

/** Which tensor of a tape {@link RuntimeApi.tapeTensor} gives: a forward value, or the gradient into it. */
export type TapeTensorKind = 'value' | 'gradient';

/** A frame of the profile's flame tree: program → the user's calls (with the model methods and layers they ran) → op → kernel. */
export interface FlameNode {
  name: string;
  valueMs: number;
  selfMs: number;
  /** How many outermost kernel calls the frame holds (absent in profiles of older runtimes). */
  count?: number;
  /**
   * The GPU's time of the frame's kernels, where the GPU timer measured them
   * ({@link ProfileTiming}); `gpuCount` of its `count` kernels had theirs measured.
   */
  gpuMs?: number;
  gpuCount?: number;
  /** Op and kernel frames: a few of the shapes they ran on, e.g. `[64,8] [8,16] → [64,16]`. */
  shapes?: string[];
  /**
   * What the frame stands for: a line of the user's code (`call`), the model method it called
   * (`api`: `fit`, `predict`), a tf.layers layer running, an op, a kernel; absent on the root
   * and on `(tfjs)` and `(backward pass)`.
   */
  kind?: 'call' | 'api' | 'layer' | 'op' | 'kernel';
  source?: { path: string; line: number; column?: number };
  /** A `call` frame's function name (empty: anonymous or top level), to name it again after mapping. */
  functionName?: string;
  /** Where a `call` frame's anonymous function is defined. */
  defined?: { line: number; column: number };
  children: FlameNode[];
}

/**
 * What a profile's times measure. On cpu, wasm and tensorflow a kernel computes before it
 * returns: its time is the computation (`compute`). webgl and webgpu queue kernels for the GPU:
 * its time is the CPU's dispatch (`dispatch`), and the GPU's work shows up in whatever waits for
 * it (a read); there, the GPU's own time per kernel comes from the backend's timer queries once
 * `tfjs/profile` is asked with `gpuTime: true` (`gpuTime`: `on`, `off`, or `unavailable` where
 * the browser or device offers no timer query).
 */
export interface ProfileTiming {
  /** The backend the program runs on now. */
  backend: string;
  kernelTime: 'compute' | 'dispatch';
  gpuTime?: 'on' | 'off' | 'unavailable';
}

/** `tfjs/profile` in its default `tree` format. */
export interface ProfileBody {
  events: number;
  droppedEvents: number;
  totalMs: number;
  byOp: { op: string; count: number; totalMs: number; selfMs: number; gpuMs?: number; gpuCount?: number }[];
  root: FlameNode;
  /** What the times measure (absent in profiles of older runtimes). */
  timing?: ProfileTiming;
}

/** A complete event of the Trace Event Format (times in microseconds). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: 'X';
  ts: number;
  dur: number;
  pid: number;
  tid: number;
  args: Record<string, unknown>;
}

/** A speedscope file (https://www.speedscope.app/file-format-schema.json), evented. */
export interface SpeedscopeFile {
  $schema: string;
  shared: { frames: { name: string; file?: string; line?: number; col?: number }[] };
  profiles: {
    type: 'evented';
    name: string;
    unit: 'milliseconds';
    startValue: number;
    endValue: number;
    events: { type: 'O' | 'C'; frame: number; at: number }[];
  }[];
  name: string;
}

/** The formats `tfjs/profile` answers in. */
export type ProfileFormat = 'tree' | 'chrome-trace' | 'speedscope';

/** What `tfjs/memory` answers. */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  backend: string;
  /**
   * On webgpu, the adapter it runs on as the device names itself (Dawn's description in Node,
   * e.g. `SwiftShader driver 5.0.0`); a CPU emulating a GPU shows here.
   */
  adapter?: string;
  /**
   * Of the totals, the tensors the debugger made and keeps (Debug Console and Watch results,
   * which stay the user's); they are left out of {@link sincePreviousStop}.
   */
  heldByDebugger?: { numTensors: number; numBytes: number };
  /** The program's change since its previous stop (tensors leaked per step show here). */
  sincePreviousStop?: { numTensors: number; numBytes: number };
  /** What the recorder records now, and how many kernels it has recorded since the last reset (kept and dropped); absent before tfjs created its engine. */
  recording?: { profile: boolean; captureTape: boolean; kernels: number };
  /** Live tensors by the line that made them, when asked (`tfjs/memory` with `byLine`). */
  byLine?: TensorLines;
}

/** Bins of a {@link ValueSummary}'s histogram. */
export const histogramBins = 32;

/**
 * A tensor's values summed up in a few numbers (about 160 bytes): the statistics of its finite
 * elements, how many are exactly zero, and a histogram of the finite ones.
 */
export interface ValueSummary extends TensorStatsBody {
  /** Elements equal to 0. */
  zeroCount: number;
  /** {@link histogramBins} counts of the finite elements over equal bins from `min` to `max` (all in the first when they are equal). */
  histogram: number[];
}

/** The last output of a layer the program ran (not the debugger), summed up when the layer returned it. */
export interface LayerOutputInfo {
  shape: number[];
  dtype: string;
  /** The training step it was made in (`TensorLines.steps` then): a forward pass of step N, or a prediction after it. */
  step: number;
  /** Of several outputs (an LSTM returning its state), the first is summed up; this says how many there were. */
  outputs: number;
  /**
   * Absent for dtypes other than float32. On webgl and webgpu it is computed on the GPU by tfjs
   * ops and read back asynchronously: the layer shows its previous output until it comes.
   */
  summary?: ValueSummary;
  /**
   * For ReLU-like activations (`relu`, `relu6`, a `ReLU` layer): the units (entries of the last
   * axis) that were zero or less for every example of the batch, and how many units there are
   * (not on webgl and webgpu).
   */
  deadUnits?: { dead: number; units: number };
  /** Why there is no summary: `on tensorflow: the values stay on the device` (a backend it cannot be summed up on). */
  unread?: string;
  /**
   * Calls of the layer since this output, passed over to keep summing up within its share of
   * the program's time (2 %; fast kernels, such as wasm's, can take less time than a pass over their output).
   */
  callsSince?: number;
}

/** The gradient of a weight in the program's last complete gradient tape. */
export interface WeightGradientInfo extends TapeGradient {
  /** The tape (`tfjs/tape`'s `id`) and the source's tensor id: `{tape, tensorId, kind: 'gradient'}` shows it in the heatmap. */
  tape: number;
  tensorId: number;
}

/** A weight of a tf.layers layer, with its statistics where they could be read. */
export interface ModelWeightInfo {
  /** As tf.layers names it: `dense_Dense1/kernel`. */
  name: string;
  shape: number[];
  dtype: string;
  trainable: boolean;
  stats?: TensorStatsBody;
  /** Its gradient in the last complete tape that took one. */
  gradient?: WeightGradientInfo;
  /**
   * The last update the program assigned to it (an optimizer's step): ‖Δw‖/‖w‖ with the norms
   * over all elements, w before the update, and the step it was made in.
   */
  update?: { ratio: number; step: number };
}

/** One layer of a tf.layers model, as `model.summary()` lists it, with its weights. */
export interface ModelLayerInfo {
  name: string;
  className: string;
  /** As `model.summary()` prints it: `[null,26,26,8]`, or `not built yet`. */
  outputShape: string;
  params: number;
  trainable: boolean;
  weights: ModelWeightInfo[];
  /** Its last output, where the program has run it on tensors. */
  output?: LayerOutputInfo;
  /** A model used as a layer: its own layers (its weights are theirs). */
  layers?: ModelLayerInfo[];
}

/** A tf.layers model the program built (`tfjs/models`). */
export interface ModelInfo {
  /** Stays the same for the model while the program runs. */
  id: number;
  name: string;
  /** As tf.layers names its class: `Sequential`, `Model` (`tf.model`, functional), or the program's own subclass. */
  className: string;
  trainableParams: number;
  nonTrainableParams: number;
  layers: ModelLayerInfo[];
  /** Its last (or running) `fit` or `fitDataset`. */
  training?: FitProgressInfo;
}

/** What a training history series sums up: a weight's value after each update, its gradient, a layer's output. */
export type HistoryKind = 'value' | 'gradient' | 'output';

/** One tensor's summaries by training step, oldest first. */
export interface HistorySeries {
  steps: number[];
  summaries: ValueSummary[];
  /** Steps older than the last 4096 are kept every this many (a power of two; 1: all). */
  olderEvery: number;
}

/** A weight's history: its values and gradients by step, and for a pinned one the steps its values were kept at. */
export interface WeightHistory {
  name: string;
  value?: HistorySeries;
  gradient?: HistorySeries;
  pinned: boolean;
  /** The steps a pinned weight's values are kept at (`tfjs/tensor` with `step` shows one), oldest first. */
  snapshotSteps?: number[];
}

export interface LayerHistory {
  name: string;
  output?: HistorySeries;
  weights: WeightHistory[];
  layers?: LayerHistory[];
}

/** `tfjs/history`'s answer: a model's training history. */
export interface ModelHistory {
  model: number;
  /** Training steps so far. */
  step: number;
  /** Whether the history is recorded (the launch argument `trainingHistory`). */
  recording: boolean;
  /**
   * The memory it takes of its budget (`historyMB`), and the summaries and snapshots that did
   * not fit; `passedOver`: the summaries passed over to keep summing up within 2 % of the
   * program's time (fast kernels, such as wasm's; pinned weights are always kept).
   */
  memory: { bytes: number; maxBytes: number; dropped: number; passedOver: number };
  layers: LayerHistory[];
}

/** Live tensors made at one line of the user's code (the leak finder). */
export interface TensorLine {
  /** `train.js:47`, or `(tfjs)` for tensors tfjs made with no user frame on the stack, `(backward pass)` for backprop's. */
  name: string;
  /** The line whole (`/work/app/train.js:47`): a `LineTensorsTarget`'s `madeAt`. */
  key: string;
  source?: { path: string; line: number; column: number };
  /** The function the line is in (empty at a module's top level or in an anonymous function). */
  functionName?: string;
  /** Tensors made here and still alive, and their bytes (as tfjs counts `numBytes`). */
  tensors: number;
  bytes: number;
  /** Tensors made here since tracking began, and how many of those were disposed. */
  made: number;
  disposed: number;
  /** The change between the previous stop and this one. */
  sincePreviousStop?: { tensors: number; bytes: number };
  /** That change per training step, where training steps ran between the two stops. */
  perStep?: number;
}

/** Live tensors by the line that made them, the lines that grew most since the previous stop first. */
export interface TensorLines {
  /** Training steps (outermost gradient computations: minimize, variableGrads, a fit batch) so far. */
  steps: number;
  /** Training steps between the previous stop and this one. */
  stepsSincePreviousStop?: number;
  /** Live tensors tracked (those made before tfjs loaded the runtime's hooks, or by the debugger, are not). */
  tracked: number;
  /** Whether tensors are being tracked (the launch argument `trackTensors`). */
  tracking: boolean;
  lines: TensorLine[];
  /** Lines left out of `lines` (it lists at most 500). */
  moreLines?: number;
}

/** The API the runtime installs under {@link runtimeGlobal}. */
export interface RuntimeApi {
  /** Whether the program has loaded tfjs (its engine was seen). */
  readonly tfLoaded: boolean;
  /** Summaries for many values at once (null where a value is not a tensor). */
  describe(...values: unknown[]): (TensorSummary | null)[];
  /**
   * The one-line presentation of a tensor (or tf.layers `LayerVariable`) for another
   * debugger's Variables (js-debug's `customDescriptionGenerator`), undefined for anything
   * else: `float32[64,16] min=… max=… mean=… std=…` where the values are in memory already
   * (cpu, wasm, a GPU tensor's CPU copy), `float32[64,16] (on webgl)` where they are only on
   * a device. It reads properties only (runs under V8's side-effect check), creates no
   * tensor and reads nothing back from a GPU (docs/protocol.md, The browser runtime).
   */
  descriptionOf(value: unknown): string | undefined;
  /** The children `[start, start+count)` of the sub-tensor at `path` of a tensor. */
  children(tensor: unknown, path: number[], start: number, count: number): TensorChild[];
  /**
   * Opens an evaluation: exposes the program's `tf` as a global, pauses gradient taping and
   * opens an engine scope so that temporaries can be disposed by {@link endEvaluation}.
   */
  beginEvaluation(): void;
  /** Closes the evaluation opened last, keeping the tensors reachable from `result`. */
  endEvaluation(result: unknown): TensorSummary | null;
  /**
   * Runs a breakpoint's compiled condition and logpoint as an evaluation (its tensors are
   * disposed, nothing of it is recorded) and says whether it holds.
   */
  evaluateCondition(run: () => unknown): boolean;
  /** The tf.layers models the program built, with their layers and weights. */
  models(): ModelInfo[];
  /**
   * A model's training history (one layer's when `layer` is given), each series cut to at most
   * `points` steps evenly picked when given. Throws with a message naming an unknown model or layer.
   */
  history(model: number, layer: string | undefined, points: number | undefined, histograms?: boolean): ModelHistory;
  /** Pins (or unpins) a weight of a model: its values are kept at every step from now on. Answers the steps kept. */
  pin(model: number, weight: string, pinned: boolean): { pinned: boolean; snapshotSteps: number[] };
  /**
   * A weight of a model: the live variable, or with `step` a read-only snapshot of a pinned
   * weight's values at that step. Throws with a message naming an unknown model or weight, or a
   * step the history does not hold (and the steps it does).
   */
  modelWeight(model: number, weight: string, step: number | undefined): unknown;
  /**
   * The live tensors made at the line `key` (a `TensorLine.key`) as one tensor to view: the one
   * alone, or several of one shape and dtype as a read-only snapshot stacked along a new first
   * axis (oldest first), else the newest. Throws with a message when none lives.
   */
  lineTensors(key: string): unknown;
  /**
   * Tensor memory of the program's engine, or null before tfjs loads; with `byLine`, the live
   * tensors by the line that made them. `atStop`: the program stopped now (the adapter says so
   * once per stop), and the counts per line are kept for the next stop's growth.
   */
  memory(options?: { byLine?: boolean; atStop?: boolean }): MemoryInfo | null;
  /**
   * Edits `target` (or its part at `index`) to `value` (a number that fills, a nested array,
   * or a tensor): undefined when `target` itself now holds the new values (a variable
   * assigned, or a tensor's storage written on cpu and wasm), otherwise the new tensor to put
   * in its place. Throws with a message for the user, e.g.
   * `shape mismatch: expected [8,10], got [10,8]`.
   */
  prepareReplacement(target: unknown, value: unknown, index: number[]): unknown;
  /** Gives a replacement the place of the tensor it replaced in the engine's scopes. */
  settleReplacement(replacement: unknown, original: unknown): void;
  /**
   * The `tfjs/tensor` answer for a value: statistics and a (sliced, block-reduced) 2-D view.
   * With `raw`, the bytes go through the agent's socket and `view.transfer` names them.
   */
  view(value: unknown, slice: string | undefined, maxSize: [number, number], full: boolean, raw: boolean): ViewBody;
  /** The recorded kernels as a flame tree, a Chrome trace or a speedscope file; `reset` starts anew after. */
  /** `gpuTime`, when given, turns the GPU timer of webgl and webgpu kernels on or off from now on. */
  profile(format: ProfileFormat, reset: boolean, gpuTime?: boolean): ProfileBody | { traceEvents: TraceEvent[] } | SpeedscopeFile | null;
  /**
   * Turns kernel and tape recording on or off while the program runs. The adapter does not
   * call it; the recorder benchmarks do, in the program's own process, to compare recording
   * off and on in alternating blocks of one run.
   */
  configureRecording(options: { profile?: boolean; captureTape?: boolean; trackTensors?: boolean; trainingHistory?: boolean }): void;
  /**
   * The recorded tapes (oldest first). With `keepValues`, the tapes recorded from now on keep
   * their forward values also where reading them is a copy (wasm).
   */
  tapes(options?: { keepValues?: boolean }): TapeRecord[];
  /**
   * A read-only snapshot of a tensor of the last tape (by tensor id): its forward value or
   * the gradient into it, as kept while backprop ran. Throws with a message for the user
   * when it was not kept (an older tape, or values larger than the kept budget).
   */
  tapeTensor(tape: number, tensorId: number, kind: TapeTensorKind): unknown;
  /**
   * Says which parts of a bundled script (by its URL) are library code, from its source map:
   * the recorder then credits an op to the innermost frame outside them, as it does outside
   * library scripts. Ops already recorded are credited again; it may come before tfjs loads.
   */
  setLibraryRanges(scriptUrl: string, ranges: ScriptCodeRanges): void;
  /** Turns the NaN/Inf sentinel on or off. */
  setSentinel(on: boolean): void;
  /** What the program is stopped on in the sentinel, if it is. */
  nonFinite(): { kernel: string; path?: string; line?: number; column?: number } | null;
  /** Sets the layer breakpoints (all of them at once). */
  setLayerBreakpoints(breakpoints: LayerBreakpoint[]): void;
  /** What the program is stopped on in the sentinel for a layer breakpoint, if it is. */
  layerStop(): LayerStop | null;
  /** Stops at the end of each batch or epoch of every `fit`/`fitDataset` from now on, or not. */
  setFitStops(at: FitStops): void;
  /** Where fits stop now. */
  fitStops(): FitStops;
  /** What the program is stopped on at a batch's or an epoch's end, if it is. */
  fitStop(): FitStopInfo | null;
  /** Counts a hit of a breakpoint and says whether its hit condition holds. */
  hit(id: number, condition: string): boolean;
  /**
   * Sends a logpoint's message: `texts` interleaved with the formatted values of `expressions`
   * (an expression that throws is logged as its error). Answers false: a logpoint never stops.
   */
  logpoint(id: number, texts: string[], expressions: (() => unknown)[]): false;
  /** Holds one value for an expression evaluated next to pick up with {@link takeStash}. */
  stash(value: unknown): void;
  /** Returns and forgets the stashed value. */
  takeStash(): unknown;
}
