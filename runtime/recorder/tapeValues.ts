/**
 * Float32 values of tensors read while a training step runs, as cheaply as the backend allows:
 * on cpu the backend's own array, looked up in its storage directly (`dataSync` takes five map
 * lookups to get there); on wasm a view of the wasm heap, since a fresh typed array per tensor
 * (what `dataSync` makes there) costs 0.6–1.4 µs; elsewhere `dataSync`, or on webgpu in Node
 * the debugger's own synchronous read (tensorValues.ts). What is kept past the
 * moment is copied into an arena: one buffer per tape, reused by a later tape, so that kept
 * values are no objects for the garbage collector to copy step after step.
 */
import { entryOf } from '../residentValues';
import { readQuietly } from '../readWarning';
import type { TensorLike } from '../tensorReader';
import { NotReadable, tensorValues } from '../tensorValues';

/** A float32 tensor's values now; undefined for other dtypes and disposed tensors. */
export type ValueSource = (tensor: TensorLike | null | undefined) => Float32Array | undefined;

/** How a backend's values are read. */
export interface ValueReading {
  read: ValueSource;
  /** Whether what `read` gives is memory the backend reuses (the wasm heap), to be copied before the next kernel. */
  transient: boolean;
  /**
   * Whether the values are in the program's memory (cpu, wasm); elsewhere (webgl, webgpu,
   * tfjs-node) `read` waits for the device to finish and copy them back.
   */
  inMemory: boolean;
}

/**
 * Append-only float32 storage, allocated on its first append; a view handed out stays valid
 * when it grows (the old buffer stays with the view).
 */
export class Arena {
  private data: Float32Array | undefined;
  private used = 0;

  constructor(private readonly capacity: number) {}

  /** Empties the arena for another tape (once nothing handed out from it is in use). */
  reset(): this {
    this.used = 0;
    return this;
  }

  /** Floats held, to size the next tape's arena so that it need not grow. */
  get size(): number {
    return this.used;
  }

  /** Appends `values`; returns where they start. */
  append(values: Float32Array): number {
    let data = this.data;
    if (!data || this.used + values.length > data.length) {
      const grown = new Float32Array(Math.max(1024, this.capacity, 2 * (data?.length ?? 0), this.used + values.length));
      if (data) grown.set(data.subarray(0, this.used));
      this.data = data = grown;
    }
    const at = this.used;
    data.set(values, at);
    this.used += values.length;
    return at;
  }

  /** The `length` values appended at `start`. */
  view(start: number, length: number): Float32Array {
    return (this.data ?? new Float32Array(0)).subarray(start, start + length);
  }

  /** A copy of `values`, in the arena. */
  copy(values: Float32Array): Float32Array {
    return this.view(this.append(values), values.length);
  }
}

/** The part of the wasm backend whose heap holds the tensors (`dataIdMap`: a DataStorage). */
interface WasmBackendLike {
  dataIdMap?: unknown;
  wasm?: { HEAPF32?: Float32Array };
}

/** The part of the cpu backend that stores the tensors' values (a map by data id). */
interface CpuBackendLike {
  data?: { data?: unknown };
}

interface ReadableTensor extends TensorLike {
  size?: number;
}

/**
 * Whether a tensor's values may be looked up in its backend's storage: float32, and possibly
 * disposed: an op's output disposed inside a layer's `tf.tidy` before the forward pass ends
 * still has its data while backprop's saved clone of it shares the data id.
 */
function stored(tensor: TensorLike | null | undefined): tensor is ReadableTensor {
  return !!tensor && tensor.dtype === 'float32';
}

/** Whether a tensor can be read through tfjs: float32 and not disposed. */
function readable(tensor: TensorLike | null | undefined): tensor is ReadableTensor {
  return stored(tensor) && !tensor.isDisposed;
}

/** A view of a wasm tensor's values on the wasm heap (valid until the next kernel runs), if the backend is laid out as expected. */
function wasmHeapView(backend: WasmBackendLike, tensor: ReadableTensor): Float32Array | undefined {
  const offset = entryOf(backend.dataIdMap, tensor.dataId)?.memoryOffset;
  const heap = backend.wasm?.HEAPF32;
  if (typeof offset !== 'number' || !heap || typeof tensor.size !== 'number') return undefined;
  const start = offset / 4;
  return heap.subarray(start, start + tensor.size);
}

/** The cpu backend's value storage, if the backend is laid out as expected. */
function cpuStorage(backend: CpuBackendLike | undefined): WeakMap<object, { values?: unknown }> | undefined {
  const storage = backend?.data?.data;
  return storage instanceof WeakMap ? storage : undefined;
}

/** How values are read on the engine's current backend. */
export function valueReading(engine: { backendName: string; backend?: unknown }): ValueReading {
  if (engine.backendName === 'wasm') {
    const backend = engine.backend as WasmBackendLike;
    const read: ValueSource = (tensor) => {
      if (!stored(tensor)) return undefined;
      return wasmHeapView(backend, tensor) ?? (readable(tensor) ? (tensor.dataSync() as Float32Array) : undefined);
    };
    return { read, transient: true, inMemory: true };
  }
  const storage = engine.backendName === 'cpu' ? cpuStorage(engine.backend as CpuBackendLike) : undefined;
  if (storage) {
    const read: ValueSource = (tensor) => {
      if (!stored(tensor)) return undefined;
      const values = storage.get(tensor.dataId)?.values;
      if (values instanceof Float32Array) return values;
      return readable(tensor) ? (tensor.dataSync() as Float32Array) : undefined;
    };
    return { read, transient: false, inMemory: true };
  }
  const read: ValueSource = (tensor) => (readable(tensor) ? readQuietly(() => deviceValues(tensor)) : undefined);
  return { read, transient: false, inMemory: false };
}

/** A float32 tensor's values read back from its device; undefined when they could not be read in time. */
function deviceValues(tensor: ReadableTensor): Float32Array | undefined {
  try {
    return tensorValues(tensor) as Float32Array;
  } catch (error) {
    if (error instanceof NotReadable) return undefined;
    throw error;
  }
}
