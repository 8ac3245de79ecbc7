/**
 * Gradient tapes: for each outermost `engine.gradients` call (which `tf.grad`, `grads`,
 * `valueAndGrad(s)`, `variableGrads` and `optimizer.minimize` all go through) the tape nodes
 * as the engine adds them, with the user line of each node's op; the gradient flowing into
 * each node's output and each node's forward value, read as backprop runs; and what the
 * gradients were taken with respect to (the trainable variables) with their gradients.
 *
 * Recording keeps flat arrays of numbers (tapeNodes.ts) and the gradients' values only:
 * statistics are computed when a tape is asked for, so a training step pays for little more
 * than reading its gradients (the cpu backend's own arrays; on wasm a copy into an arena).
 * Kept values are bounded by a byte budget; a tape over it keeps statistics only.
 */
import type { TapeGradient, TapeNodeRecord, TapeRecord, TapeSource, TapeTensor, TapeTensorKind } from '../../protocol/runtimeApi';
import type { TensorLike } from '../tensorReader';
import { computeStats } from '../tensorStats';
import type { CallSites } from './callSites';
import { TapeNodes } from './tapeNodes';
import { Arena, valueReader, type ValueReader } from './tapeValues';

/** Suffix of the scope names tfjs gives its ops (`mul__op`). */
export const opSuffix = '__op';

/** The op of a scope name (`mul__op` → `mul`). */
export function opOfScope(scopeName: string): string {
  return scopeName.slice(0, -opSuffix.length);
}

interface TapeNodeLike {
  id: number;
  inputs: Record<string, TensorLike>;
  outputs: TensorLike[];
  gradient?: (dys: (TensorLike | null)[]) => unknown;
}

/** The engine methods the tape recorder wraps. */
export interface TapeEngine {
  backendName: string;
  /** The backend instance (its wasm heap is read directly). */
  backend?: unknown;
  state: { activeTape: TapeNodeLike[] | null };
  gradients(f: () => unknown, xs: TensorLike[], ...rest: unknown[]): { grads: (TensorLike | null)[] };
  clone(x: TensorLike): TensorLike;
  addTapeNode(kernelName: string, inputs: Record<string, TensorLike>, outputs: TensorLike[], gradientsFunc: unknown, saved: unknown, attrs: unknown): void;
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
  tensor: TapeTensor & { name?: string; variable: boolean };
  gradient: Kept | undefined;
}

interface PendingTape {
  index: number;
  nodes: TapeNodes;
  sources: PendingSource[];
  /**
   * By node place: the gradient that flowed into the node (its values, let go for the budget),
   * which of the node's outputs it flowed into, and its summary once made.
   */
  gradients: (Float32Array | undefined)[];
  gradientOutputs: number[];
  summaries: (TapeGradient | undefined)[];
  /** Reads gradients (into the tape's gradient arena where reading is a copy). */
  readGradient: ValueReader;
  /** Reads forward values (into an arena of their own, let go with them). */
  readValue: ValueReader;
  gradientArena: Arena;
  /**
   * Each node's first output as the forward pass made it, by the node's place (newest tape
   * only): one array, let go at once when a newer tape comes, not a field to clear per node.
   */
  values: (Float32Array | undefined)[] | undefined;
  /** Let go with the forward values, when a newer tape comes. */
  valueArena: Arena | undefined;
  /** Bytes of the gradients it keeps. */
  bytes: number;
  /** Bytes of the forward values it keeps, at most the budget. */
  valueBytes: number;
}

/** The op a node stands for: a custom gradient's node is named after its scope (`mul__op`). */
function opName(kernelName: string, cloned: boolean): string {
  if (cloned) return 'Identity';
  return kernelName.endsWith(opSuffix) ? opOfScope(kernelName) : kernelName;
}

function isVariable(tensor: TensorLike): tensor is TensorLike & { name: string } {
  const v = tensor as unknown as { assign?: unknown; trainable?: unknown; name?: unknown };
  return typeof v.assign === 'function' && typeof v.trainable === 'boolean' && typeof v.name === 'string';
}

/** Where a recorded tape node keeps its own gradient function and its record (tfjs's tape filtering copies them with the node). */
const ownGradient = Symbol('tfjs-debugger.ownGradient');
const placeOf = Symbol('tfjs-debugger.place');
const tapeOf = Symbol('tfjs-debugger.tape');

interface WrappedNode extends TapeNodeLike {
  [ownGradient]: NonNullable<TapeNodeLike['gradient']>;
  [placeOf]: number;
  [tapeOf]: PendingTape;
}

/**
 * The gradient function of every recorded node: reads the gradient flowing into the node's
 * output, then runs the node's own. One function for all nodes, called as the node's method:
 * a closure per node made a training step measurably slower.
 */
function readingGradient(this: WrappedNode, dys: (TensorLike | null)[]): unknown {
  try {
    let output = 0;
    while (output < dys.length - 1 && dys[output] == null) output++;
    const tape = this[tapeOf];
    const values = tape.readGradient(dys[output]);
    if (values) {
      tape.gradients[this[placeOf]] = values;
      tape.gradientOutputs[this[placeOf]] = output;
      tape.bytes += values.byteLength;
    }
  } catch {
    // A gradient that cannot be read is left out.
  }
  return this[ownGradient](dys);
}

/** The shape of the gradient into the node at `place`: that of the output it flowed into. */
function gradientShape(tape: PendingTape, place: number, values: Float32Array): number[] {
  return tape.nodes.output(place, tape.gradientOutputs[place])?.shape ?? [values.length];
}

/** A read-only tensor-shaped snapshot of kept values, which the tensor reader and views accept. */
function snapshot(id: number, shape: number[], values: Float32Array): TensorLike {
  return { id, dataId: {}, shape: shape.slice(), dtype: 'float32', isDisposed: false, dataSync: () => values };
}

export class TapeRecorder {
  private readonly pending: PendingTape[] = [];
  private active: PendingTape | undefined;
  private depth = 0;
  private nextIndex = 0;
  /** Bytes of the values the kept tapes hold. */
  private keptBytes = 0;
  /** Set while `engine.clone` runs: its node is named after the enclosing op's scope. */
  private cloning = false;
  /** The arenas of the last tape's gradients and values let go, for the next tape. */
  private spareArena: Arena | undefined;
  private spareValueArena: Arena | undefined;
  /** The source id of the op being recorded, from the kernel recorder. */
  currentSource: () => number = () => 0;
  /**
   * Whether forward values are kept where reading one is a copy (wasm, into the tape's value
   * arena), and not only where it is a reference to the backend's own array (cpu): the copies
   * are paid once the tape panel asks. Elsewhere (GPU, tfjs-node) reading would wait for the
   * device, so forward values are never kept there.
   */
  copyValues = false;

  constructor(
    private readonly callSites: CallSites,
    /** How many tapes are kept (the newest). */
    private readonly keptTapes: number,
    private readonly valueBudget = keptValueBytes,
  ) {}

  /** Wraps the engine's tape methods; tapes are recorded while `enabled()` says so. */
  install(engine: TapeEngine, enabled: () => boolean): void {
    const gradients = engine.gradients;
    engine.gradients = (f, xs, ...rest) => {
      if (this.depth === 0 && !enabled()) return gradients.call(engine, f, xs, ...rest);
      const outermost = this.depth++ === 0;
      if (outermost) this.active = this.startTape(engine);
      try {
        const result = gradients.call(engine, f, xs, ...rest);
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
      this.cloning = true;
      try {
        return clone.call(engine, x);
      } finally {
        this.cloning = false;
      }
    };
    const addTapeNode = engine.addTapeNode;
    // Its parameters spelled out: a rest array per tape node is garbage a step makes dozens of.
    engine.addTapeNode = (kernelName, inputs, outputs, gradientsFunc, saved, attrs) => {
      addTapeNode.call(engine, kernelName, inputs, outputs, gradientsFunc, saved, attrs);
      const active = this.active;
      if (!active) return;
      try {
        const tape = engine.state.activeTape;
        if (tape && tape.length > 0) this.record(active, tape[tape.length - 1], kernelName, this.keepsValues(engine.backendName));
      } catch {
        // The recorder never stands in the program's way.
      }
    };
  }

  /** A new tape, its arenas sized like the last tape's so that they need not grow. */
  private startTape(engine: TapeEngine): PendingTape {
    const previous = this.pending.at(-1);
    const gradientArena = this.spareArena?.reset() ?? new Arena(previous?.gradientArena.size ?? 0);
    this.spareArena = undefined;
    const valueArena = this.spareValueArena?.reset() ?? new Arena(previous?.valueArena?.size ?? 0);
    this.spareValueArena = undefined;
    return {
      index: this.nextIndex++,
      nodes: new TapeNodes(),
      sources: [],
      gradients: [],
      gradientOutputs: [],
      summaries: [],
      readGradient: valueReader(engine, gradientArena),
      readValue: valueReader(engine, valueArena),
      gradientArena,
      values: [],
      valueArena,
      bytes: 0,
      valueBytes: 0,
    };
  }

  private keepsValues(backend: string): boolean {
    return backend === 'cpu' || (backend === 'wasm' && this.copyValues);
  }

  private record(tape: PendingTape, node: TapeNodeLike, kernelName: string, keepValue: boolean): void {
    const { id, inputs, outputs } = node;
    const place = tape.nodes.add(id, kernelName, this.cloning, this.currentSource(), inputs, outputs);
    // The engine's own copies (a dozen a training step) carry their input's value and pass
    // the gradient through: only their place in the graph is recorded.
    if (this.cloning) {
      tape.values?.push(undefined);
      return;
    }
    // The forward pass's intermediates are disposed before backprop: their values are read now.
    let value = keepValue && tape.valueBytes < this.valueBudget ? tape.readValue(outputs[0]) : undefined;
    if (value) tape.valueBytes += value.byteLength;
    if (tape.valueBytes > this.valueBudget) value = undefined;
    tape.values?.push(value);
    const gradient = node.gradient;
    if (!gradient) return;
    const wrapped = node as WrappedNode;
    wrapped[ownGradient] = gradient;
    wrapped[placeOf] = place;
    wrapped[tapeOf] = tape;
    node.gradient = readingGradient;
  }

  /** The statistics of the gradient into the node at `place`, made once. */
  private gradientSummary(tape: PendingTape, place: number): TapeGradient | undefined {
    const values = tape.gradients[place];
    if (!tape.summaries[place] && values) tape.summaries[place] = gradientOf(gradientShape(tape, place, values), values);
    return tape.summaries[place];
  }

  private recordSources(tape: PendingTape, xs: TensorLike[], grads: (TensorLike | null)[]): void {
    try {
      tape.sources = xs.map((x, i) => {
        const variable = isVariable(x);
        const tensor = { id: x.id, shape: x.shape.slice(), dtype: x.dtype, variable, ...(variable ? { name: x.name } : {}) };
        const values = tape.readGradient(grads[i]);
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
    const previous = this.pending.at(-1);
    if (previous) {
      previous.values = undefined;
      // Its values are let go: the next tape's are copied into the same memory.
      this.spareValueArena = previous.valueArena;
      previous.valueArena = undefined;
    }
    this.pending.push(tape);
    this.keptBytes += tape.bytes;
    if (this.pending.length > this.keptTapes) {
      const evicted = this.pending.shift() as PendingTape;
      this.keptBytes -= evicted.bytes;
      // Nothing refers to its gradients any more: the next tape copies into the same memory.
      this.spareArena = evicted.gradientArena;
    }
    for (let t = 0; t < this.pending.length && this.keptBytes > this.valueBudget; t++) {
      const oldest = this.pending[t];
      if (oldest.bytes === 0) continue;
      for (let place = 0; place < oldest.nodes.length; place++) this.gradientSummary(oldest, place);
      oldest.gradients = [];
      for (const { gradient } of oldest.sources) {
        summaryOf(gradient);
        if (gradient) gradient.values = undefined;
      }
      this.keptBytes -= oldest.bytes;
      oldest.bytes = 0;
    }
  }

  /** The kept tapes, described (oldest first). */
  describe(): TapeRecord[] {
    return this.pending.map((tape) => {
      const nodes: TapeNodeRecord[] = [];
      for (let place = 0; place < tape.nodes.length; place++) {
        const { id, kernelName, cloned, source } = tape.nodes.facts(place);
        const location = this.callSites.locations[source];
        const described: TapeNodeRecord = { id, op: opName(kernelName, cloned), ...tape.nodes.tensorsOf(place) };
        if (location) described.source = { path: location.path, line: location.line };
        const gradient = this.gradientSummary(tape, place);
        if (gradient) described.gradient = gradient;
        nodes.push(described);
      }
      const sources = tape.sources.map(({ tensor, gradient }): TapeSource => {
        const summary = summaryOf(gradient);
        return summary ? { ...tensor, gradient: summary } : { ...tensor };
      });
      return { index: tape.index, nodes, sources };
    });
  }

  /**
   * A snapshot of tape `index`'s tensor `tensorId`: a node output's forward value or the
   * gradient into it, or a source's gradient. Throws a message for the user when not kept.
   */
  tensor(index: number, tensorId: number, kind: TapeTensorKind): TensorLike {
    const tape = this.pending.find((candidate) => candidate.index === index);
    if (!tape) throw new Error(`tape ${index} is no longer kept: the last ${this.keptTapes} tapes are`);
    const place = tape.nodes.placeOfOutput(tensorId);
    const source = tape.sources.find((candidate) => candidate.tensor.id === tensorId);
    if (place < 0 && !source) throw new Error(`tensor ${tensorId} is not a node output or a source of tape ${index}`);
    if (kind === 'value') {
      const output = place < 0 ? undefined : tape.nodes.output(place, 0);
      const value = place < 0 ? undefined : tape.values?.[place];
      if (!value || !output) {
        const why =
          tape !== this.pending.at(-1)
            ? 'they are kept for the newest tape only'
            : `they are kept for float32 outputs up to ${this.valueBudget / 1024 / 1024} MB: on the cpu backend always, on wasm for the tapes recorded once the tape panel is open`;
        throw new Error(`the value of tensor ${tensorId} was not kept (${why})`);
      }
      return snapshot(tensorId, output.shape, value);
    }
    // A gradient let go for the budget left its summary behind.
    const recorded = place >= 0 ? tape.gradients[place] !== undefined || tape.summaries[place] !== undefined : source?.gradient !== undefined;
    if (!recorded) throw new Error(`the gradient of tensor ${tensorId} was not recorded (not float32, or no gradient reached it)`);
    const values = place >= 0 ? tape.gradients[place] : source?.gradient?.values;
    if (!values) throw new Error(`the gradient of tensor ${tensorId} was not kept: recorded gradients are kept up to ${this.valueBudget / 1024 / 1024} MB, newest tapes first`);
    return snapshot(tensorId, place >= 0 ? gradientShape(tape, place, values) : (source?.gradient?.shape ?? [values.length]), values);
  }
}
