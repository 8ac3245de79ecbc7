/**
 * Gradient tapes: for each outermost `engine.gradients` call (which `tf.grad`, `grads`,
 * `valueAndGrad(s)`, `variableGrads` and `optimizer.minimize` all go through) the tape nodes
 * as the engine adds them, with the user line of each node's op; the gradient flowing into
 * each node's output and each node's forward value, read as backprop runs; and what the
 * gradients were taken with respect to (the trainable variables) with their gradients.
 *
 * Recording keeps references and typed arrays only: statistics are computed when a tape is
 * asked for, so a training step pays for little more than `dataSync()` of its gradients
 * (the cpu backend's own arrays, no copy). Kept values are bounded by a byte budget; a tape
 * over it keeps statistics only.
 */
import type { TapeGradient, TapeNodeRecord, TapeRecord, TapeSource, TapeTensor, TapeTensorKind } from '../../protocol/runtimeApi';
import type { TensorLike } from '../tensorReader';
import { computeStats } from '../tensorStats';
import type { CallSites } from './callSites';

/** Suffix of the scope names tfjs gives its ops (`mul__op`). */
const opSuffix = '__op';

interface TapeNodeLike {
  id: number;
  gradient?: (dys: (TensorLike | null)[]) => unknown;
}

/** The engine methods the tape recorder wraps. */
export interface TapeEngine {
  backendName: string;
  state: { activeTape: TapeNodeLike[] | null };
  gradients(f: () => unknown, xs: TensorLike[], ...rest: unknown[]): { grads: (TensorLike | null)[] };
  clone(x: TensorLike): TensorLike;
  addTapeNode(kernelName: string, inputs: Record<string, TensorLike>, outputs: TensorLike[], ...rest: unknown[]): void;
}

/**
 * Backends whose tensors live in host memory, where reading a forward value is a reference
 * (cpu) or a copy (wasm); elsewhere it would wait for the device, so forward values are not kept.
 */
const hostMemory = new Set(['cpu', 'wasm']);

/** How many tapes are kept. */
export const keptTapes = 10;
/** Bytes of gradient and forward values kept over all tapes; beyond it only statistics are. */
const keptValueBytes = 64 * 1024 * 1024;

function describeTensor(tensor: TensorLike | null | undefined): TapeTensor | undefined {
  return tensor ? { id: tensor.id, shape: tensor.shape.slice(), dtype: tensor.dtype } : undefined;
}

/** Statistics and L2 norm of float32 values (the norm over the finite elements). */
function gradientOf(shape: number[], values: ArrayLike<number>): TapeGradient {
  const { min, max, mean, std, nanCount, infCount, finiteCount } = computeStats(values);
  const norm = finiteCount === 0 ? 0 : Math.sqrt(finiteCount * (std * std + mean * mean));
  return { shape: shape.slice(), stats: { min, max, mean, std, nanCount, infCount }, norm };
}

/**
 * Float32 values of a tensor as the recorder keeps them: read once, summarised on request,
 * and given up (keeping the summary) when the budget needs the room.
 */
class KeptValues {
  private summary: TapeGradient | undefined;

  constructor(
    readonly shape: number[],
    public values: ArrayLike<number> | undefined,
  ) {}

  get bytes(): number {
    return this.values ? this.values.length * 4 : 0;
  }

  get gradient(): TapeGradient | undefined {
    if (!this.summary && this.values) this.summary = gradientOf(this.shape, this.values);
    return this.summary;
  }

  /** Keeps the statistics and lets the values go. */
  release(): void {
    void this.gradient;
    this.values = undefined;
  }
}

/** Float32 values of a live tensor, counted to `tape`; undefined for other dtypes and disposed tensors. */
function keep(tape: { bytes: number }, tensor: TensorLike | null | undefined): KeptValues | undefined {
  if (!tensor || tensor.isDisposed || tensor.dtype !== 'float32') return undefined;
  // A tensor's shape array is never changed by tfjs: it is kept as is.
  const kept = new KeptValues(tensor.shape, tensor.dataSync() as Float32Array);
  tape.bytes += kept.bytes;
  return kept;
}

/** A tape node as recorded: references, described on request. */
interface PendingNode {
  id: number;
  op: string;
  inputs: Record<string, TensorLike>;
  outputs: TensorLike[];
  source: number;
  /** The gradient into the node's first output, and that output's value, as backprop saw them. */
  gradient: KeptValues | undefined;
  value: KeptValues | undefined;
}

interface PendingSource {
  tensor: TapeTensor & { name?: string; variable: boolean };
  gradient: KeptValues | undefined;
}

interface PendingTape {
  index: number;
  nodes: PendingNode[];
  sources: PendingSource[];
  /** Bytes of the values it keeps. */
  bytes: number;
}

function isVariable(tensor: TensorLike): tensor is TensorLike & { name: string } {
  const v = tensor as unknown as { assign?: unknown; trainable?: unknown; name?: unknown };
  return typeof v.assign === 'function' && typeof v.trainable === 'boolean' && typeof v.name === 'string';
}

/** A read-only tensor-shaped snapshot of kept values, which the tensor reader and views accept. */
function snapshot(id: number, kept: KeptValues): TensorLike {
  const values = kept.values as ArrayLike<number>;
  return { id, dataId: {}, shape: kept.shape.slice(), dtype: 'float32', isDisposed: false, dataSync: () => values };
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
  /** The source id of the op being recorded, from the kernel recorder. */
  currentSource: () => number = () => 0;

  constructor(
    private readonly callSites: CallSites,
    private readonly valueBudget = keptValueBytes,
  ) {}

  /** Wraps the engine's tape methods; tapes are recorded while `enabled()` says so. */
  install(engine: TapeEngine, enabled: () => boolean): void {
    const gradients = engine.gradients;
    engine.gradients = (f, xs, ...rest) => {
      if (this.depth === 0 && !enabled()) return gradients.call(engine, f, xs, ...rest);
      const outermost = this.depth++ === 0;
      if (outermost) this.active = { index: this.nextIndex++, nodes: [], sources: [], bytes: 0 };
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
    engine.addTapeNode = (kernelName, inputs, outputs, ...rest) => {
      addTapeNode.call(engine, kernelName, inputs, outputs, ...rest);
      try {
        const tape = engine.state.activeTape;
        // A custom gradient's node is named after its scope: show the scope's name.
        const op = this.cloning ? 'Identity' : kernelName.endsWith(opSuffix) ? kernelName.slice(0, -opSuffix.length) : kernelName;
        if (this.active && tape && tape.length > 0) this.record(this.active, tape[tape.length - 1], op, inputs, outputs, hostMemory.has(engine.backendName));
      } catch {
        // The recorder never stands in the program's way.
      }
    };
  }

  private record(tape: PendingTape, node: TapeNodeLike, op: string, inputs: Record<string, TensorLike>, outputs: TensorLike[], keepValue: boolean): void {
    // The forward pass's intermediates are disposed before backprop: their values are kept now.
    const value = keepValue ? keep(tape, outputs[0]) : undefined;
    const record: PendingNode = { id: node.id, op, inputs, outputs, source: this.currentSource(), gradient: undefined, value };
    tape.nodes.push(record);
    const gradient = node.gradient;
    if (!gradient) return;
    node.gradient = (dys) => {
      try {
        record.gradient = keep(tape, dys.find((dy) => dy != null));
      } catch {
        // A gradient that cannot be read is left out.
      }
      return gradient(dys);
    };
  }

  private recordSources(tape: PendingTape, xs: TensorLike[], grads: (TensorLike | null)[]): void {
    try {
      tape.sources = xs.map((x, i) => {
        const tensor = { id: x.id, shape: x.shape.slice(), dtype: x.dtype, variable: isVariable(x), ...(isVariable(x) ? { name: x.name } : {}) };
        return { tensor, gradient: keep(tape, grads[i]) };
      });
    } catch {
      // Sources that cannot be read are left out.
    }
  }

  /** Adds a finished tape, dropping the oldest tape, then the oldest values over the budget. */
  private keep(tape: PendingTape): void {
    this.pending.push(tape);
    this.keptBytes += tape.bytes;
    if (this.pending.length > keptTapes) this.keptBytes -= (this.pending.shift() as PendingTape).bytes;
    for (let t = 0; t < this.pending.length && this.keptBytes > this.valueBudget; t++) {
      const oldest = this.pending[t];
      if (oldest.bytes === 0) continue;
      for (const node of oldest.nodes) {
        node.gradient?.release();
        node.value?.release();
      }
      for (const source of oldest.sources) source.gradient?.release();
      this.keptBytes -= oldest.bytes;
      oldest.bytes = 0;
    }
  }

  /** The kept tapes, described (oldest first). */
  describe(): TapeRecord[] {
    return this.pending.map((tape) => ({
      index: tape.index,
      nodes: tape.nodes.map((node) => {
        const location = this.callSites.locations[node.source];
        const described: TapeNodeRecord = {
          id: node.id,
          op: node.op,
          inputs: Object.values(node.inputs).flatMap((input) => describeTensor(input) ?? []),
          outputs: node.outputs.flatMap((output) => describeTensor(output) ?? []),
        };
        if (location) described.source = { path: location.path, line: location.line };
        const gradient = node.gradient?.gradient;
        if (gradient) described.gradient = gradient;
        return described;
      }),
      sources: tape.sources.map(({ tensor, gradient }): TapeSource => {
        const summary = gradient?.gradient;
        return summary ? { ...tensor, gradient: summary } : { ...tensor };
      }),
    }));
  }

  /**
   * A snapshot of tape `index`'s tensor `tensorId`: a node output's forward value or the
   * gradient into it, or a source's gradient. Throws a message for the user when not kept.
   */
  tensor(index: number, tensorId: number, kind: TapeTensorKind): TensorLike {
    const tape = this.pending.find((candidate) => candidate.index === index);
    if (!tape) throw new Error(`tape ${index} is no longer kept: the last ${keptTapes} tapes are`);
    const node = tape.nodes.find((candidate) => candidate.outputs[0]?.id === tensorId);
    const source = tape.sources.find((candidate) => candidate.tensor.id === tensorId);
    const kept = kind === 'value' ? node?.value : (node?.gradient ?? source?.gradient);
    if (!node && !source) throw new Error(`tensor ${tensorId} is not a node output or a source of tape ${index}`);
    if (!kept) {
      const why = kind === 'value' ? 'forward values are kept on the cpu and wasm backends, for float32 outputs' : 'not float32, or no gradient reached it';
      throw new Error(`the ${kind} of tensor ${tensorId} was not recorded (${why})`);
    }
    if (!kept.values) throw new Error(`the ${kind} of tensor ${tensorId} was not kept: recorded values are kept up to ${this.valueBudget / 1024 / 1024} MB, newest tapes first`);
    return snapshot(tensorId, kept);
  }
}
