/**
 * Writes an edit's values into the edited tensor's own storage, where its backend keeps it in
 * this process's memory: the cpu backend's typed array, the wasm backend's heap.
 *
 * This is what keeps an edit truthful. The tensor stays the one the program holds (its id,
 * its scope, every reference to it), so nothing is rebound and no tensor is made; inside a
 * gradient computation the op after the edit reads the very tensor the tape knows as its
 * producer's output, so the tape changes only by the value and gradients flow through it to
 * that producer. A new tensor would be a second tensor on the tape (disconnected, or joined
 * by an op the program never ran), and one more in tfjs's memory. Tensors that share the
 * storage see the new values too, as they would had the op produced them: tfjs shares it,
 * without copying, between a tensor and its reshapes and clones (the ones it saves for
 * backprop included) and a `tf.variable` made from it.
 */
import { type BackendsEngine, holderOf, wasmHeapPlace } from './residentValues';
import type { TensorLike } from './tensorReader';

/** The part of tfjs-core's engine that tells where a tensor's data lives. */
export type StorageEngine = BackendsEngine;

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
}

/** How the cpu and wasm backends store each dtype they can take new values for. */
const storageTypes: Record<string, Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor> = {
  float32: Float32Array,
  int32: Int32Array,
  bool: Uint8Array,
};

/** Values of `dtype` as its storage holds them: truncated to integers for int32, 0 or 1 for bool (as `tf.cast` makes them). */
export function storedValues(dtype: string, values: ArrayLike<number>): Float32Array | Int32Array | Uint8Array {
  const Typed = storageTypes[dtype] ?? Float32Array;
  return dtype === 'bool' ? Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0)) : Typed.from(values);
}

/**
 * Writes `values` into `tensor`'s storage from element `offset` on. False, with nothing
 * changed, where the storage is out of reach (another backend, or a layout not as expected).
 */
export function writeStorage(engine: StorageEngine, tensor: TensorLike, offset: number, values: Float32Array | Int32Array | Uint8Array): boolean {
  const Typed = storageTypes[tensor.dtype];
  const holder = holderOf(engine, tensor.dataId);
  if (!Typed || !holder) return false;
  const { name: kind, backend } = holder;
  if (kind === 'cpu') {
    const entry = (backend as CpuBackendLike).data?.get(tensor.dataId);
    if (!entry || !(entry.values instanceof Typed)) return false;
    // A new array in its place, not a write into the old one: the old one may be the
    // program's own (`tf.tensor(array)` keeps it, `dataSync()` hands it out) or a recorded
    // tape's forward value, which must stay what the forward pass computed.
    const edited = entry.values.slice();
    edited.set(values, offset);
    entry.values = edited;
    return true;
  }
  if (kind === 'wasm') {
    const place = wasmHeapPlace(backend, tensor.dataId);
    if (!place) return false;
    // A read of a wasm tensor is a copy out of the heap, or a view used at once and let go, so no one else holds these bytes.
    new Typed(place.heap.buffer, place.offset + offset * Typed.BYTES_PER_ELEMENT, values.length).set(values);
    return true;
  }
  return false;
}
