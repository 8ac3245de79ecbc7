/**
 * A tape's nodes as flat arrays of numbers and interned strings. Recording a node allocates no
 * object and keeps no tfjs tensor alive: the tensors of ten training steps, kept through their
 * tape nodes, were survivors the garbage collector copied again on every step.
 */
import type { TapeTensor } from '../../protocol/runtimeApi';
import type { TensorLike } from '../tensorReader';

const dtypes = ['float32', 'int32', 'bool', 'complex64', 'string'];

function dtypeIndex(dtype: string): number {
  const index = dtypes.indexOf(dtype);
  return index < 0 ? 0 : index;
}

/** A node's own facts, as read back. */
export interface TapeNodeFacts {
  id: number;
  kernelName: string;
  /** Made by `engine.clone`, whose node is named after the enclosing op's scope. */
  cloned: boolean;
  source: number;
}

export class TapeNodes {
  private readonly ids: number[] = [];
  private readonly kernels: string[] = [];
  private readonly sources: number[] = [];
  private readonly clones: boolean[] = [];
  /** Per node, where its tensors start in `tensors`. */
  private readonly starts: number[] = [];
  /** Per node: its input count, its output count, then per tensor its id, dtype, rank and dims. */
  private readonly tensors: number[] = [];

  get length(): number {
    return this.ids.length;
  }

  /** Records a node; returns its place. */
  add(id: number, kernelName: string, cloned: boolean, source: number, inputs: Record<string, TensorLike | null>, outputs: (TensorLike | null)[]): number {
    const place = this.ids.length;
    this.ids.push(id);
    this.kernels.push(kernelName);
    this.clones.push(cloned);
    this.sources.push(source);
    const tensors = this.tensors;
    const start = tensors.length;
    this.starts.push(start);
    tensors.push(0, 0);
    let count = 0;
    for (const name in inputs) count += this.write(inputs[name]);
    tensors[start] = count;
    count = 0;
    for (const output of outputs) count += this.write(output);
    tensors[start + 1] = count;
    return place;
  }

  facts(place: number): TapeNodeFacts {
    return { id: this.ids[place], kernelName: this.kernels[place], cloned: this.clones[place], source: this.sources[place] };
  }

  /** The node's inputs and outputs. */
  tensorsOf(place: number): { inputs: TapeTensor[]; outputs: TapeTensor[] } {
    const start = this.starts[place];
    const inputs: TapeTensor[] = [];
    const outputs: TapeTensor[] = [];
    let at = start + 2;
    for (let i = 0; i < this.tensors[start] + this.tensors[start + 1]; i++) {
      (i < this.tensors[start] ? inputs : outputs).push(this.tensorAt(at));
      at = this.after(at);
    }
    return { inputs, outputs };
  }

  /** The node's `index`-th output. */
  output(place: number, index: number): TapeTensor | undefined {
    if (index >= this.tensors[this.starts[place] + 1]) return undefined;
    let at = this.outputsAt(place);
    for (let i = 0; i < index; i++) at = this.after(at);
    return this.tensorAt(at);
  }

  /** The place of the node whose first output is tensor `tensorId`, or -1. */
  placeOfOutput(tensorId: number): number {
    for (let place = 0; place < this.ids.length; place++) {
      if (this.tensors[this.starts[place] + 1] > 0 && this.tensors[this.outputsAt(place)] === tensorId) return place;
    }
    return -1;
  }

  /** Where the node's first output is described in `tensors`. */
  private outputsAt(place: number): number {
    const start = this.starts[place];
    let at = start + 2;
    for (let i = 0; i < this.tensors[start]; i++) at = this.after(at);
    return at;
  }

  /** Where the description after the one at `at` starts. */
  private after(at: number): number {
    return at + 3 + this.tensors[at + 2];
  }

  /** The tensor described at `at`. */
  private tensorAt(at: number): TapeTensor {
    return { id: this.tensors[at], dtype: dtypes[this.tensors[at + 1]], shape: this.tensors.slice(at + 3, this.after(at)) };
  }

  /** Writes a tensor's description; 0 for a missing one, which is left out. */
  private write(tensor: TensorLike | null | undefined): number {
    if (!tensor) return 0;
    const shape = tensor.shape;
    this.tensors.push(tensor.id, dtypeIndex(tensor.dtype), shape.length);
    for (let d = 0; d < shape.length; d++) this.tensors.push(shape[d]);
    return 1;
  }
}
