/**
 * Gradient tapes: for each outermost `engine.gradients` call (which `tf.grad`, `grads`,
 * `valueAndGrad(s)`, `variableGrads` and `optimizer.minimize` all go through) the tape nodes
 * the engine added, read in one go when the forward pass ends, with the user line of each
 * node's op and each node's forward value; the gradient flowing into each node's output, read
 * as backprop runs; and what the gradients were taken with respect to (the trainable
 * variables) with their gradients.
 *
 * Recording keeps flat arrays of numbers (tapeNodes.ts) and the gradients' values only, copied
 * into one arena per tape: statistics are computed when a tape is asked for. The tape let go
 * lends its storage to the next one, so that a training step makes no tape garbage, and kept
 * tapes hold no tfjs object. Kept values are bounded by a byte budget; a tape over it keeps
 * statistics only.
 */
import { snapshot } from '../tensorSnapshot';
import type { TapeGradient, TapeNodeRecord, TapeRecord, TapeSource, TapeTensor, TapeTensorKind } from '../../protocol/runtimeApi';
import { debuggerWork } from '../debuggerWork';
import type { TensorLike } from '../tensorReader';
import { computeStats } from '../tensorStats';
import type { CallSites } from './callSites';
import { TapeNodes } from './tapeNodes';
import { Arena, valueReading, type ValueReading } from './tapeValues';

/** Suffix of the scope names tfjs gives its ops (`mul__op`). */
export const opSuffix = '__op';

/** The op of a scope name (`mul__op` → `mul`). */
export function opOfScope(scopeName: string): string {
  return scopeName.slice(0, -opSuffix.length);
}

type NodeGradient = (dys: (TensorLike | null)[]) => unknown;

interface TapeNodeLike {
  id: number;
  kernelName: string;
  inputs: Record<string, TensorLike>;
  outputs: TensorLike[];
  gradient?: NodeGradient;
}

/** The engine methods the tape recorder wraps. */
export interface TapeEngine {
  backendName: string;
  /** The backend instance (its wasm heap is read directly). */
  backend?: unknown;
  state: { activeTape: TapeNodeLike[] | null };
  gradients(f: () => unknown, xs: TensorLike[], ...rest: unknown[]): { grads: (TensorLike | null)[] };
  clone(x: TensorLike): TensorLike;
}

/** Bytes of gradients kept over all tapes; beyond it only their statistics are. */
const keptValueBytes = 64 * 1024 * 1024;

/** Statistics and L2 norm of float32 values (the norm over the finite elements). */
function gradientOf(shape: number[], values: ArrayLike<number>): TapeGradient {
  const { min, max, mean, std, nanCount, infCount, finiteCount } = computeStats(values);
  const norm = finiteCount === 0 ? 0 : Math.sqrt(finiteCount * (std * std + mean * mean));
  return { shape: shape.slice(), stats: { min, max, mean, std, nanCount, infCount }, norm };
}

/** A source's gradient as a tape keeps it, summarised on request (the summary stays when the values are let go for the budget). */
interface Kept {
  /** The source's shape (tfjs never changes a tensor's shape array). */
  shape: number[];
  values: Float32Array | undefined;
  summary: TapeGradient | undefined;
}

function summaryOf(kept: Kept | undefined): TapeGradient | undefined {
  if (kept && !kept.summary && kept.values) kept.summary = gradientOf(kept.shape, kept.values);
  return kept?.summary;
}

interface PendingSource {
  tensor: TapeTensor & Pick<TapeSource, 'name' | 'variable' | 'origin'>;
  gradient: Kept | undefined;
}

interface PendingTape {
  index: number;
  /** While the forward pass runs: the engine and what the gradients are taken with respect to. */
  live: { engine: TapeEngine; xs: TensorLike[] } | undefined;
  /** Where its nodes start in the engine's tape (after those of an enclosing, unrecorded tape). */
  firstNode: number;
  /** Per outermost op of the forward pass, in pairs: the engine tape's length when it started, and its source id. */
  opStarts: number[];
  opStartCount: number;
  /** The engine tape's places of the nodes `engine.clone` added, in order. */
  clones: number[];
  cloneCount: number;
  nodes: TapeNodes;
  sources: PendingSource[];
  /**
   * By node place: where the values of the gradient that flowed into the node start in the
   * gradient arena (-1 or missing: none, or let go for the budget) and how many there are,
   * which of the node's outputs it flowed into, and its summary once made.
   */
  gradientStarts: number[];
  gradientLengths: number[];
  gradientOutputs: number[];
  summaries: (TapeGradient | undefined)[];
  /** By node place: the node's own gradient function (the node's is replaced by the one that reads gradients). */
  gradientFunctions: (NodeGradient | undefined)[];
  /**
   * By node place, while the tape records: the tfjs node whose gradient function was replaced,
   * given its own back when the tape ends, in case tfjs runs it later for an enclosing,
   * unrecorded tape.
   */
  replaced: (TapeNodeLike | undefined)[];
  /** How the backend's values are read. */
  reading: ValueReading;
  /**
   * Whether the gradient into each node is read as backprop makes it: where values are in
   * memory, or once the tape panel asked ({@link TapeRecorder.copyValues}). On a GPU each read
   * waits for the device: a webgl training step took 1.13–1.18× as long with them.
   */
  readsGradients: boolean;
  /** The gradients' values (and the sources'), copied as backprop makes them. */
  gradientArena: Arena;
  /**
   * Each node's first output as the forward pass made it, by the node's place (newest tape
   * only): one array, let go at once when a newer tape comes, not a field to clear per node.
   */
  values: (Float32Array | undefined)[] | undefined;
  /** The backend the forward pass ran on, once it ended, and whether its values were read there (see `keepsValues`). */
  backendName: string | undefined;
  valuesRead: boolean;
  /** Copies of forward values where reading one gives memory the backend reuses (wasm); let go with them. */
  valueArena: Arena | undefined;
  /** Bytes of the gradients it keeps. */
  bytes: number;
  /** Bytes of the forward values it keeps, at most the budget. */
  valueBytes: number;
}

/**
 * What a custom gradient (`tf.customGrad`) is called, as a kernel and as a tape node: tfjs names
 * it after the scope it runs in. That is its op (`logSumExp__op` → `logSumExp`), a `tf.tidy`
 * scope of the user's, or, when it runs straight inside the function being differentiated
 * (tfjs's own `forward` scope) or outside any scope, `customGrad`. A kernel's own name, which
 * a tape node of a kernel carries, passes through unchanged.
 */
export function customGradientName(scopeName: string | null | undefined): string {
  if (!scopeName || scopeName === 'forward') return 'customGrad';
  return scopeName.endsWith(opSuffix) ? opOfScope(scopeName) : scopeName;
}

function isVariable(tensor: TensorLike): tensor is TensorLike & { name: string } {
  const v = tensor as unknown as { assign?: unknown; trainable?: unknown; name?: unknown };
  return typeof v.assign === 'function' && typeof v.trainable === 'boolean' && typeof v.name === 'string';
}

/** The values of the gradient into the node at `place`, if kept. */
function gradientValues(tape: PendingTape, place: number): Float32Array | undefined {
  const start = tape.gradientStarts[place];
  return start === undefined || start < 0 ? undefined : tape.gradientArena.view(start, tape.gradientLengths[place]);
}

/** The shape of the gradient into the node at `place`: that of the output it flowed into. */
function gradientShape(tape: PendingTape, place: number, values: Float32Array): number[] {
  return tape.nodes.output(place, tape.gradientOutputs[place])?.shape ?? [values.length];
}

/** A source of a complete tape, with its gradient's summary. */
function describedSource({ tensor, gradient }: PendingSource): TapeSource {
  const summary = summaryOf(gradient);
  return summary ? { ...tensor, gradient: summary } : { ...tensor };
}

/**
 * Calls `visit` with each node the tape's own forward pass added to the engine's tape (after an
 * enclosing tape's, without the clones tfjs saves for backprop), with the source of its op.
 */
function forEachOwnNode(tape: PendingTape, nodes: TapeNodeLike[], visit: (node: TapeNodeLike, source: number) => void): void {
  const { opStarts, opStartCount, clones, cloneCount } = tape;
  let op = 0;
  let source = 0;
  let clone = 0;
  for (let i = tape.firstNode; i < nodes.length; i++) {
    while (op < opStartCount && opStarts[2 * op] <= i) source = opStarts[2 * op++ + 1];
    while (clone < cloneCount && clones[clone] < i) clone++;
    if (clone < cloneCount && clones[clone] === i) continue;
    visit(nodes[i], source);
  }
}

export class TapeRecorder {
  private readonly pending: PendingTape[] = [];
  private active: PendingTape | undefined;
  private depth = 0;
  private nextIndex = 0;
  /** Bytes of the values the kept tapes hold. */
  private keptBytes = 0;
  /** How values were last read, and on which backend instance. */
  private reading: (ValueReading & { backend: unknown }) | undefined;
  /** The oldest tape, let go: the next tape records into its storage. */
  private spare: PendingTape | undefined;
  /** The forward values of the tape before the newest, let go: the next tape's go there. */
  private spareValues: { values: (Float32Array | undefined)[]; arena: Arena } | undefined;
  /**
   * Whether forward values are kept where reading one is a copy (wasm, into the tape's value
   * arena), and not only where it is a reference to the backend's own array (cpu): the copies
   * are paid once the tape panel asks. Elsewhere (GPU, tfjs-node) reading would wait for the
   * device, so forward values are never kept there, and the gradients into ops are read only
   * once the tape panel asks.
   */
  copyValues = false;

  constructor(
    private readonly callSites: CallSites,
    /** How many tapes are kept (the newest). */
    private readonly keptTapes: number,
    private readonly valueBudget = keptValueBytes,
  ) {}

  /**
   * The gradient function of every recorded node: reads the gradient flowing into the node's
   * output, then runs the node's own. One function for all nodes, called as the node's method,
   * that finds the node's place by its id: a closure per node, or fields added to tfjs's node
   * objects (which tfjs copies when it filters the tape), made a training step measurably slower.
   */
  private readonly readingGradient = ((recorder: TapeRecorder): NodeGradient =>
    function (this: TapeNodeLike, dys) {
      const tape = recorder.active;
      const place = tape ? tape.nodes.placeOfId(this.id) : -1;
      const own = place < 0 ? undefined : tape?.gradientFunctions[place];
      if (!tape || !own) throw new Error(`tfjs-debugger: the gradient function of tape node ${this.id} was lost`);
      try {
        let output = 0;
        while (output < dys.length - 1 && dys[output] == null) output++;
        const values = tape.readsGradients ? tape.reading.read(dys[output]) : undefined;
        if (values) {
          tape.gradientStarts[place] = tape.gradientArena.append(values);
          tape.gradientLengths[place] = values.length;
          tape.gradientOutputs[place] = output;
          tape.bytes += values.byteLength;
        }
      } catch {
        // A gradient that cannot be read is left out.
      }
      return own.call(this, dys);
    })(this);

  /**
   * Wraps the engine's tape methods; tapes are recorded while `enabled()` says so, and never
   * for the debugger's work (a `tf.grad` evaluated in the Debug Console).
   */
  install(engine: TapeEngine, enabled: () => boolean): void {
    const gradients = engine.gradients;
    engine.gradients = (f, xs, ...rest) => {
      if (debuggerWork.depth !== 0 || (this.depth === 0 && !enabled())) return gradients.call(engine, f, xs, ...rest);
      const outermost = this.depth++ === 0;
      const tape = outermost ? (this.active = this.startTape(engine, xs)) : undefined;
      try {
        const forward = tape
          ? () => {
              const y = f();
              this.recordForward(engine, tape);
              return y;
            }
          : f;
        const result = gradients.call(engine, forward, xs, ...rest);
        if (outermost && this.active) this.recordSources(this.active, xs, result.grads);
        return result;
      } finally {
        this.depth--;
        if (outermost && this.active) this.keep(this.active);
        if (outermost) this.active = undefined;
      }
    };
    const clone = engine.clone;
    engine.clone = (x) => {
      const y = clone.call(engine, x);
      if (debuggerWork.depth === 0) this.cloned(engine);
      return y;
    };
  }

  /**
   * `engine.clone` added a node: tfjs saves a kernel's inputs and outputs for backprop as clones
   * (many in a training step), whose nodes no other node reads and no gradient reaches. They
   * are bookkeeping, not the model's ops, and are not recorded.
   */
  private cloned(engine: TapeEngine): void {
    const tape = this.active;
    if (tape) tape.clones[tape.cloneCount++] = (engine.state.activeTape?.length ?? 0) - 1;
  }

  /**
   * An outermost op starts, called from `source`: the tape nodes it adds get that line. Marked
   * here, once per op, and matched with the nodes when the forward pass ends.
   */
  opStarted(engine: TapeEngine, source: number): void {
    const tape = this.active;
    if (!tape) return;
    const at = 2 * tape.opStartCount++;
    tape.opStarts[at] = engine.state.activeTape?.length ?? 0;
    tape.opStarts[at + 1] = source;
  }

  /**
   * The forward pass ends (its intermediates are still alive): records the tape's nodes in one
   * go, rather than per node as the engine adds them, which cost a wrapper call per node.
   */
  private recordForward(engine: TapeEngine, tape: PendingTape): void {
    tape.live = undefined;
    try {
      const nodes = engine.state.activeTape;
      if (!nodes) return;
      const keepValue = this.keepsValues(engine.backendName);
      tape.backendName = engine.backendName;
      tape.valuesRead = keepValue;
      forEachOwnNode(tape, nodes, (node, source) => this.record(tape, node, source, keepValue));
    } catch {
      // The recorder never stands in the program's way.
    }
  }

  /** A new tape, in the storage of the tape last let go (or sized like the newest one's, so that it need not grow). */
  private startTape(engine: TapeEngine, xs: TensorLike[]): PendingTape | undefined {
    let reading: ValueReading;
    let firstNode: number;
    try {
      reading = this.readingFor(engine);
      firstNode = engine.state.activeTape?.length ?? 0;
    } catch {
      return undefined;
    }
    const previous = this.pending.at(-1);
    const spare = this.spare;
    this.spare = undefined;
    const gradientArena = spare?.gradientArena.reset() ?? new Arena(previous?.gradientArena.size ?? 0);
    const spareValues = this.spareValues;
    this.spareValues = undefined;
    const valueArena = spareValues?.arena.reset() ?? new Arena(previous?.valueArena?.size ?? 0);
    return {
      index: this.nextIndex++,
      live: { engine, xs },
      firstNode,
      opStarts: spare?.opStarts ?? [],
      opStartCount: 0,
      clones: spare?.clones ?? [],
      cloneCount: 0,
      nodes: spare?.nodes.clear() ?? new TapeNodes(),
      sources: [],
      gradientStarts: spare ? spare.gradientStarts.fill(-1) : [],
      gradientLengths: spare?.gradientLengths ?? [],
      gradientOutputs: spare?.gradientOutputs ?? [],
      summaries: spare ? spare.summaries.fill(undefined) : [],
      gradientFunctions: spare ? spare.gradientFunctions.fill(undefined) : [],
      replaced: spare?.replaced ?? [],
      reading,
      readsGradients: reading.inMemory || this.copyValues,
      gradientArena,
      values: spareValues?.values.fill(undefined) ?? [],
      backendName: undefined,
      valuesRead: false,
      valueArena,
      bytes: 0,
      valueBytes: 0,
    };
  }

  /** How values are read on the engine's backend (made once per backend instance). */
  private readingFor(engine: TapeEngine): ValueReading {
    const backend = engine.backend;
    if (!this.reading || this.reading.backend !== backend) this.reading = { backend, ...valueReading(engine) };
    return this.reading;
  }

  private keepsValues(backend: string): boolean {
    return backend === 'cpu' || (backend === 'wasm' && this.copyValues);
  }

  private record(tape: PendingTape, node: TapeNodeLike, source: number, keepValue: boolean): void {
    const { outputs } = node;
    const place = tape.nodes.add(node.id, node.kernelName, source, node.inputs, outputs);
    // The forward pass's intermediates are disposed before backprop: their values are read now.
    let value = keepValue && tape.valueBytes < this.valueBudget ? tape.reading.read(outputs[0]) : undefined;
    if (value && tape.reading.transient) value = tape.valueArena?.copy(value);
    if (value) tape.valueBytes += value.byteLength;
    if (tape.valueBytes > this.valueBudget) value = undefined;
    if (value && tape.values) tape.values[place] = value;
    const gradient = node.gradient;
    if (!gradient) return;
    tape.gradientFunctions[place] = gradient;
    tape.replaced[place] = node;
    node.gradient = this.readingGradient;
  }

  /** Gives the tape's tfjs nodes their own gradient functions back, and lets go of the nodes. */
  private restoreGradients(tape: PendingTape): void {
    const { replaced, gradientFunctions } = tape;
    for (let place = 0; place < tape.nodes.length; place++) {
      const node = replaced[place];
      const own = gradientFunctions[place];
      if (node && own) node.gradient = own;
    }
    replaced.fill(undefined);
  }

  /** The statistics of the gradient into the node at `place`, made once. */
  private gradientSummary(tape: PendingTape, place: number): TapeGradient | undefined {
    const values = gradientValues(tape, place);
    if (!tape.summaries[place] && values) tape.summaries[place] = gradientOf(gradientShape(tape, place, values), values);
    return tape.summaries[place];
  }

  private recordSources(tape: PendingTape, xs: TensorLike[], grads: (TensorLike | null)[]): void {
    try {
      tape.sources = xs.map((x, i) => {
        const tensor = this.describeSource(x);
        const now = tape.reading.read(grads[i]);
        const values = now && tape.gradientArena.copy(now);
        if (values) tape.bytes += values.byteLength;
        return { tensor, gradient: values && { shape: x.shape, values, summary: undefined } };
      });
    } catch {
      // Sources that cannot be read are left out.
    }
  }

  /**
   * Adds a finished tape: the one before gives up its forward values (only the newest tape
   * keeps them), the oldest tape goes, then the oldest gradients over the budget (their
   * statistics stay).
   */
  private keep(tape: PendingTape): void {
    tape.live = undefined;
    this.restoreGradients(tape);
    const previous = this.pending.at(-1);
    if (previous?.values && previous.valueArena) {
      // Its values are let go: the next tape's are kept in the same memory.
      this.spareValues = { values: previous.values, arena: previous.valueArena };
      previous.values = undefined;
      previous.valueArena = undefined;
    }
    this.pending.push(tape);
    this.keptBytes += tape.bytes;
    if (this.pending.length > this.keptTapes) {
      const evicted = this.pending.shift() as PendingTape;
      this.keptBytes -= evicted.bytes;
      // Nothing refers to it any more: the next tape records into the same memory.
      this.spare = evicted;
    }
    for (let t = 0; t < this.pending.length && this.keptBytes > this.valueBudget; t++) {
      const oldest = this.pending[t];
      if (oldest.bytes === 0) continue;
      for (let place = 0; place < oldest.nodes.length; place++) this.gradientSummary(oldest, place);
      oldest.gradientStarts.fill(-1);
      oldest.gradientArena = new Arena(0);
      for (const { gradient } of oldest.sources) {
        summaryOf(gradient);
        if (gradient) gradient.values = undefined;
      }
      this.keptBytes -= oldest.bytes;
      oldest.bytes = 0;
    }
  }

  /** The kept tapes, described (oldest first), then the one being recorded, if any. */
  /** The complete tapes' sources with their gradients (oldest first), without their nodes: what the model panel needs. */
  sources(): { index: number; sources: TapeSource[] }[] {
    return this.pending.map((tape) => ({ index: tape.index, sources: tape.sources.map(describedSource) }));
  }

  describe(): TapeRecord[] {
    const described = this.pending.map((tape) => {
      const nodes: TapeNodeRecord[] = [];
      for (let place = 0; place < tape.nodes.length; place++) {
        const described = this.describeNode(tape.nodes, place);
        const gradient = this.gradientSummary(tape, place);
        if (gradient) described.gradient = gradient;
        nodes.push(described);
      }
      return { index: tape.index, nodes, sources: tape.sources.map(describedSource) };
    });
    const recording = this.active && this.describeRecording(this.active);
    return recording ? [...described, recording] : described;
  }

  /**
   * The tape whose forward pass runs now (the program stopped inside the function being
   * differentiated), read from the engine's own tape as it stands: nodes and sources, no gradients.
   */
  private describeRecording(tape: PendingTape): TapeRecord | undefined {
    const live = tape.live;
    const engineNodes = live?.engine.state.activeTape;
    if (!live || !engineNodes) return undefined;
    const scratch = new TapeNodes();
    forEachOwnNode(tape, engineNodes, (node, source) => scratch.add(node.id, node.kernelName, source, node.inputs, node.outputs));
    const nodes: TapeNodeRecord[] = [];
    for (let place = 0; place < scratch.length; place++) nodes.push(this.describeNode(scratch, place));
    const sources = live.xs.map((x) => this.describeSource(x));
    return { index: tape.index, nodes, sources, inProgress: true };
  }

  /** What a gradient is taken with respect to: a variable by its name (and where a numbered one was made), or a tensor. */
  private describeSource(x: TensorLike): PendingSource['tensor'] {
    const tensor: PendingSource['tensor'] = { id: x.id, shape: x.shape.slice(), dtype: x.dtype, variable: isVariable(x) };
    if (!isVariable(x)) return tensor;
    tensor.name = x.name;
    const origin = this.callSites.variableOrigins.get(x.name);
    if (origin) tensor.origin = origin;
    return tensor;
  }

  /** A node's op, tensors and line. */
  private describeNode(nodes: TapeNodes, place: number): TapeNodeRecord {
    const { id, kernelName, source } = nodes.facts(place);
    const location = this.callSites.locations[source];
    const described: TapeNodeRecord = { id, op: customGradientName(kernelName), ...nodes.tensorsOf(place) };
    if (location) described.source = { path: location.path, line: location.line, column: location.column };
    return described;
  }

  /**
   * A snapshot of tape `index`'s tensor `tensorId`: a node output's forward value or the
   * gradient into it, or a source's gradient. Throws a message for the user when not kept.
   */
  tensor(index: number, tensorId: number, kind: TapeTensorKind): TensorLike {
    const tape = this.pending.find((candidate) => candidate.index === index);
    if (!tape) throw new Error(this.missingTape(index));
    const place = tape.nodes.placeOfOutput(tensorId);
    const source = tape.sources.find((candidate) => candidate.tensor.id === tensorId);
    if (place < 0 && !source) {
      throw new Error(`tensor ${tensorId} is not a node output or a source of tape ${index}: take a tensor id from that tape's nodes or sources (tfjs/tape)`);
    }
    if (kind === 'value') {
      const output = place < 0 ? undefined : tape.nodes.output(place, 0);
      const value = place < 0 ? undefined : tape.values?.[place];
      if (!value || !output) throw new Error(`the value of tensor ${tensorId} was not kept: ${this.whyNotKept(tape, place, output)}`);
      return snapshot(tensorId, output.shape, value);
    }
    // A gradient let go for the budget left its summary behind.
    const recorded = place >= 0 ? tape.gradientStarts[place] >= 0 || tape.summaries[place] !== undefined : source?.gradient !== undefined;
    if (!recorded) {
      const why = tape.readsGradients
        ? 'not float32, or no gradient reached it'
        : `on ${tape.backendName ?? 'this backend'}, the gradients into ops are read for the tapes recorded once the tape panel is open`;
      throw new Error(`the gradient of tensor ${tensorId} was not recorded (${why})`);
    }
    const values = place >= 0 ? gradientValues(tape, place) : source?.gradient?.values;
    if (!values)
      throw new Error(
        `the gradient of tensor ${tensorId} was not kept: recorded gradients are kept up to ${this.valueBudget / 1024 / 1024} MB, newest tapes first`,
      );
    return snapshot(tensorId, place >= 0 ? gradientShape(tape, place, values) : (source?.gradient?.shape ?? [values.length]), values);
  }

  /** Why a node output's forward value was not kept. */
  private whyNotKept(tape: PendingTape, place: number, output: TapeTensor | undefined): string {
    if (place < 0) return "it is a source of the tape, not an op's output: its value is the tensor itself (Variables or Watch)";
    if (tape !== this.pending.at(-1)) return 'forward values are kept for the newest tape only';
    if (output && output.dtype !== 'float32') return `forward values are kept for float32 outputs, this one is ${output.dtype}`;
    if (!tape.valuesRead) {
      return tape.backendName === 'wasm'
        ? "on wasm, forward values are kept for the tapes recorded once the tape panel is open (the next step's, now that it is)"
        : `forward values are kept on the cpu and wasm backends, where reading them costs no wait for a device; this tape ran on ${tape.backendName ?? 'a backend not known yet'}`;
    }
    if (tape.valueBytes >= this.valueBudget) return `the step's forward values passed the ${this.valueBudget / 1024 / 1024} MB kept per tape`;
    return 'its memory was freed while the forward pass ran (an intermediate inside a layer or a tf.tidy that backprop does not need)';
  }

  /** Why tape `index` is not among the kept ones, and what to read instead. */
  private missingTape(index: number): string {
    if (this.active?.index === index)
      return `tape ${index} is still being recorded: its values and gradients can be read once the gradient computation returns`;
    if (!Number.isInteger(index) || index < 0 || index >= this.nextIndex) {
      const newest = this.nextIndex === 0 ? 'none has been recorded yet' : `the newest is tape ${this.nextIndex - 1}`;
      return `tape ${index} was never recorded (${newest}): take a tape's id from tfjs/tape`;
    }
    return `tape ${index} is no longer kept: maxTapes keeps the newest ${this.keptTapes}; open a newer one (tfjs/tape lists them), or raise maxTapes`;
  }
}
