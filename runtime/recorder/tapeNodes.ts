/**
 * A tape's nodes as flat typed arrays of numbers, plus the kernel names. Recording a node
 * allocates nothing once the arrays have grown to a step's size, keeps no tfjs tensor alive,
 * and `clear` keeps the arrays for the next tape: the recorder reuses the storage of the tape it
 * lets go, so a training step leaves no tape garbage for the collector to copy.
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
  source: number;
}

/** A typed array twice as long, holding what `array` held. */
function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, atLeast: number): T {
  const larger = new (array.constructor as new (length: number) => T)(Math.max(2 * array.length, atLeast));
  larger.set(array);
  return larger;
}

const initialNodes = 64;

export class TapeNodes {
  private count = 0;
  /** tfjs's node ids (a count over the whole program: float64, not int32). */
  private ids = new Float64Array(initialNodes);
  /** Stale names past `count` are overwritten, never read. */
  private readonly kernels: string[] = [];
  private sources = new Int32Array(initialNodes);
  /** Per node, where its tensors start in `tensors`. */
  private starts = new Int32Array(initialNodes);
  /** Per node: its input count, its output count, then per tensor its id, dtype, rank and dims. */
  private tensors = new Float64Array(16 * initialNodes);
  private used = 0;

  get length(): number {
    return this.count;
  }

  /** Forgets every node, keeping the storage. */
  clear(): this {
    this.count = 0;
    this.used = 0;
    return this;
  }

  /** Records a node; returns its place. */
  add(id: number, kernelName: string, source: number, inputs: Record<string, TensorLike | null>, outputs: (TensorLike | null)[]): number {
    const place = this.count++;
    if (place === this.ids.length) {
      this.ids = grown(this.ids, 0);
      this.sources = grown(this.sources, 0);
      this.starts = grown(this.starts, 0);
    }
    this.ids[place] = id;
    this.kernels[place] = kernelName;
    this.sources[place] = source;
    if (this.used + 2 > this.tensors.length) this.tensors = grown(this.tensors, this.used + 2);
    const start = this.used;
    this.starts[place] = start;
    this.used += 2;
    let count = 0;
    for (const name in inputs) count += this.write(inputs[name]);
    this.tensors[start] = count;
    count = 0;
    for (let i = 0; i < outputs.length; i++) count += this.write(outputs[i]);
    this.tensors[start + 1] = count;
    return place;
  }

  facts(place: number): TapeNodeFacts {
    return { id: this.ids[place], kernelName: this.kernels[place], source: this.sources[place] };
  }

  /** The place of the node with tfjs id `id`, or -1 (nodes are added in the order of their ids). */
  placeOfId(id: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const at = this.ids[middle];
      if (at === id) return middle;
      if (at < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
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
    for (let place = 0; place < this.count; place++) {
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
    return { id: this.tensors[at], dtype: dtypes[this.tensors[at + 1]], shape: Array.from(this.tensors.subarray(at + 3, this.after(at))) };
  }

  /** Writes a tensor's description; 0 for a missing one, which is left out. */
  private write(tensor: TensorLike | null | undefined): number {
    if (!tensor) return 0;
    const shape = tensor.shape;
    const rank = shape.length;
    if (this.used + 3 + rank > this.tensors.length) this.tensors = grown(this.tensors, this.used + 3 + rank);
    const tensors = this.tensors;
    let at = this.used;
    tensors[at++] = tensor.id;
    tensors[at++] = dtypeIndex(tensor.dtype);
    tensors[at++] = rank;
    for (let d = 0; d < rank; d++) tensors[at++] = shape[d];
    this.used = at;
    return 1;
  }
}
