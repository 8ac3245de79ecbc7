/**
 * Recorded tapes for the tape panel's tests, as `tfjs/tape` answers them: the example MLP's
 * training step (examples/mlp/train.js), the same with an exploding gradient (norm 1e6) or
 * with NaN, and an RNN unrolled over 500 steps (2,000 ops from four source lines, with
 * gradients that vanish back in time).
 */
import type { TapeBody } from '../protocol/customRequests';
import type { TapeGradient, TapeNodeRecord, TapeSource, TapeTensor } from '../protocol/runtimeApi';

export const TRAIN_JS = '/work/examples/mlp/train.js';
export const RNN_JS = '/work/examples/rnn/train.js';

/** A gradient of `shape` with the given norm (and statistics that agree with it roughly). */
export function gradient(shape: number[], norm: number, nanCount = 0): TapeGradient {
  const size = shape.reduce((a, b) => a * b, 1);
  const mean = norm / Math.sqrt(size);
  return { shape, stats: { min: -mean, max: mean, mean: 0, std: mean, nanCount, infCount: 0 }, norm };
}

/** Builds tapes: tensors with fresh ids, op nodes with fresh ids. */
class TapeWriter {
  private nextTensor = 1;
  private nextNode = 100;
  readonly nodes: TapeNodeRecord[] = [];
  readonly sources: TapeSource[] = [];

  tensor(shape: number[]): TapeTensor {
    return { id: this.nextTensor++, shape, dtype: 'float32' };
  }

  variable(name: string, shape: number[], norm: number, nanCount = 0): TapeTensor {
    const tensor = this.tensor(shape);
    this.sources.push({ ...tensor, name, variable: true, gradient: gradient(shape, norm, nanCount) });
    return tensor;
  }

  op(op: string, inputs: TapeTensor[], shape: number[], path: string, line: number, norm?: number, nanCount = 0): TapeTensor {
    const output = this.tensor(shape);
    this.nodes.push({
      id: this.nextNode++,
      op,
      inputs,
      outputs: [output],
      source: { path, line },
      ...(norm === undefined ? {} : { gradient: gradient(shape, norm, nanCount) }),
    });
    return output;
  }

  body(id: number): TapeBody {
    return { count: 1, index: 0, id, nodes: this.nodes, sources: this.sources };
  }
}

export interface MlpOptions {
  /** Norm of the gradient into the second MatMul (line 23) and into w2. */
  explode?: number;
  /** NaN elements in the gradient into Sub (line 28) and into w1. */
  nan?: number;
}

/**
 * The MLP of examples/mlp/train.js: relu(x·w1 + b1)·w2 + b2 against y, mean squared error.
 * Eight ops: MatMul Add Relu (line 22), MatMul Add (line 23), Sub Square Mean (line 28).
 * The gradient into Relu's output vanishes (1e-9).
 */
export function mlpTape({ explode, nan }: MlpOptions = {}): TapeBody {
  const t = new TapeWriter();
  const x = t.tensor([64, 8]);
  const y = t.tensor([64, 1]);
  const w1 = t.variable('w1', [8, 16], 0.8, nan ?? 0);
  const b1 = t.variable('b1', [16], 0.2);
  const w2 = t.variable('w2', [16, 1], explode ?? 1.5);
  const b2 = t.variable('b2', [1], 0.4);
  const h0 = t.op('MatMul', [x, w1], [64, 16], TRAIN_JS, 22, 0.05);
  const h1 = t.op('Add', [h0, b1], [64, 16], TRAIN_JS, 22, 0.05);
  const h = t.op('Relu', [h1], [64, 16], TRAIN_JS, 22, 1e-9);
  const o0 = t.op('MatMul', [h, w2], [64, 1], TRAIN_JS, 23, explode ?? 0.3);
  const out = t.op('Add', [o0, b2], [64, 1], TRAIN_JS, 23, 0.3);
  const diff = t.op('Sub', [out, y], [64, 1], TRAIN_JS, 28, 0.3, nan ?? 0);
  const square = t.op('Square', [diff], [64, 1], TRAIN_JS, 28, 0.125);
  t.op('Mean', [square], [], TRAIN_JS, 28, 1);
  return t.body(7);
}

/** h ← tanh(x·Wx + h·Wh + b), 500 times: 2,000 ops on lines 10–13; the gradient shrinks tenfold every 50 steps back. */
export function rnnTape(steps = 500): TapeBody {
  const t = new TapeWriter();
  const x = t.tensor([1, 32]);
  const wx = t.variable('Wx', [32, 32], 0.5);
  const wh = t.variable('Wh', [32, 32], 0.7);
  const b = t.variable('b', [32], 0.1);
  let h = t.tensor([1, 32]);
  for (let step = 0; step < steps; step++) {
    const norm = 10 ** (-(steps - 1 - step) / 50);
    const a = t.op('MatMul', [x, wx], [1, 32], RNN_JS, 10, norm);
    const c = t.op('MatMul', [h, wh], [1, 32], RNN_JS, 11, norm);
    const s = t.op('Add', [a, c, b], [1, 32], RNN_JS, 12, norm);
    h = t.op('Tanh', [s], [1, 32], RNN_JS, 13, norm);
  }
  return t.body(42);
}
