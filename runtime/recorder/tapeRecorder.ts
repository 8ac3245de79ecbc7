/**
 * Gradient tapes: for each outermost `engine.gradients` call (which `tf.grad`, `grads`,
 * `valueAndGrad(s)`, `variableGrads` and `optimizer.minimize` all go through) the tape nodes
 * as the engine adds them, with the user line of each node's op, and the statistics of the
 * gradient flowing into each node's output, read as backprop runs it. The last few tapes
 * are kept.
 */
import type { TensorStatsBody } from '../../protocol/customRequests';
import type { TapeNodeRecord, TapeRecord, TapeTensor } from '../../protocol/runtimeApi';
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
  state: { activeTape: TapeNodeLike[] | null };
  gradients(...args: unknown[]): unknown;
  clone(x: TensorLike): TensorLike;
  addTapeNode(kernelName: string, inputs: Record<string, TensorLike>, outputs: TensorLike[], ...rest: unknown[]): void;
}

/** How many tapes are kept. */
const keptTapes = 10;

function describeTensor(tensor: TensorLike | null | undefined): TapeTensor | undefined {
  return tensor ? { id: tensor.id, shape: tensor.shape.slice(), dtype: tensor.dtype } : undefined;
}

/** A tape node as recorded: references, described on request. */
interface PendingNode {
  id: number;
  op: string;
  inputs: Record<string, TensorLike>;
  outputs: TensorLike[];
  source: number;
  gradient: { shape: number[]; stats: TensorStatsBody } | undefined;
}

interface PendingTape {
  index: number;
  nodes: PendingNode[];
}

export class TapeRecorder {
  private readonly pending: PendingTape[] = [];
  private active: PendingTape | undefined;
  private depth = 0;
  private nextIndex = 0;
  /** Set while `engine.clone` runs: its node is named after the enclosing op's scope. */
  private cloning = false;
  /** The source id of the op being recorded, from the kernel recorder. */
  currentSource: () => number = () => 0;

  constructor(private readonly callSites: CallSites) {}

  /** Wraps the engine's tape methods; tapes are recorded while `enabled()` says so. */
  install(engine: TapeEngine, enabled: () => boolean): void {
    const gradients = engine.gradients;
    engine.gradients = (...args: unknown[]) => {
      if (this.depth === 0 && !enabled()) return gradients.apply(engine, args);
      const outermost = this.depth++ === 0;
      if (outermost) this.active = { index: this.nextIndex++, nodes: [] };
      try {
        return gradients.apply(engine, args);
      } finally {
        this.depth--;
        if (outermost && this.active) {
          this.pending.push(this.active);
          if (this.pending.length > keptTapes) this.pending.shift();
          this.active = undefined;
        }
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
        if (this.active && tape && tape.length > 0) this.record(this.active, tape[tape.length - 1], op, inputs, outputs);
      } catch {
        // The recorder never stands in the program's way.
      }
    };
  }

  private record(tape: PendingTape, node: TapeNodeLike, op: string, inputs: Record<string, TensorLike>, outputs: TensorLike[]): void {
    // Kept as references and described only when a tape is asked for: a training step
    // adds dozens of nodes, and most tapes are never looked at.
    const record: PendingNode = { id: node.id, op, inputs, outputs, source: this.currentSource(), gradient: undefined };
    tape.nodes.push(record);
    const gradient = node.gradient;
    if (!gradient) return;
    node.gradient = (dys) => {
      try {
        const dy = dys.find((item) => item != null);
        if (dy && !dy.isDisposed && dy.dtype === 'float32') {
          const { min, max, mean, std, nanCount, infCount } = computeStats(dy.dataSync() as Float32Array);
          record.gradient = { shape: dy.shape, stats: { min, max, mean, std, nanCount, infCount } };
        }
      } catch {
        // A gradient that cannot be read is left out.
      }
      return gradient(dys);
    };
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
        if (node.gradient) described.gradient = { shape: node.gradient.shape.slice(), stats: node.gradient.stats };
        return described;
      }),
    }));
  }
}
