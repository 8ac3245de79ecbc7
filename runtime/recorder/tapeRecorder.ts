/**
 * Gradient tapes: for each outermost `engine.gradients` call (which `tf.grad`, `grads`,
 * `valueAndGrad(s)`, `variableGrads` and `optimizer.minimize` all go through) the tape nodes
 * as the engine adds them, with the user line of each node's op, and the statistics of the
 * gradient flowing into each node's output, read as backprop runs it. The last few tapes
 * are kept.
 */
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

export class TapeRecorder {
  readonly records: TapeRecord[] = [];
  private active: TapeRecord | undefined;
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
          this.records.push(this.active);
          if (this.records.length > keptTapes) this.records.shift();
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

  private record(tape: TapeRecord, node: TapeNodeLike, op: string, inputs: Record<string, TensorLike>, outputs: TensorLike[]): void {
    const location = this.callSites.locations[this.currentSource()];
    const record: TapeNodeRecord = {
      id: node.id,
      op,
      inputs: Object.values(inputs).flatMap((input) => describeTensor(input) ?? []),
      outputs: outputs.flatMap((output) => describeTensor(output) ?? []),
      source: location ? { path: location.path, line: location.line } : undefined,
    };
    tape.nodes.push(record);
    const gradient = node.gradient;
    if (!gradient) return;
    node.gradient = (dys) => {
      try {
        const dy = dys.find((item) => item != null);
        if (dy && !dy.isDisposed && dy.dtype === 'float32') {
          const { min, max, mean, std, nanCount, infCount } = computeStats(dy.dataSync() as Float32Array);
          record.gradient = { shape: dy.shape.slice(), stats: { min, max, mean, std, nanCount, infCount } };
        }
      } catch {
        // A gradient that cannot be read is left out.
      }
      return gradient(dys);
    };
  }
}
