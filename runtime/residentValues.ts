/**
 * Which backend holds a tensor's data, and the tensor's values where they already are in this
 * process's memory: on cpu and wasm always (`dataSync()`: the cpu backend's own array; a float32
 * wasm tensor as a view on the wasm heap, read at once, where `dataSync()` would copy); on other backends only the copy they keep on the CPU side, looked up
 * in their entries (webgl's `texData` holds `values` from an upload until the data first moves
 * to the GPU, and again once a read has cached them; webgpu's and tfjs-node's `tensorMap`
 * entries hold theirs alike), since `dataSync()` there would read the device back.
 *
 * Nothing here writes, moves data or calls into a device, so V8 runs it under its side-effect
 * check (`throwOnSideEffect`).
 */
import type { TensorLike } from './tensorReader';

/** The part of tfjs-core's engine that tells which backend holds a tensor's data. */
export interface BackendsEngine {
  registry: Record<string, unknown>;
  state: { tensorInfo: { get(dataId: object): { backend: unknown } | undefined } };
}

/** The backend that holds the data of `dataId`, and the name the engine registered it under. */
export function holderOf(engine: BackendsEngine, dataId: object): { name: string | undefined; backend: object } | undefined {
  const backend = engine.state?.tensorInfo?.get(dataId)?.backend;
  if (typeof backend !== 'object' || backend === null) return undefined;
  return { name: Object.keys(engine.registry).find((name) => engine.registry[name] === backend), backend };
}

/**
 * The entry of `dataId` in a backend's `DataStorage`, read from its WeakMap: `DataStorage.get`
 * of an id it does not hold tries to move the data from another backend.
 */
export function entryOf(storage: unknown, dataId: object): Record<string, unknown> | undefined {
  const map = (storage as { data?: unknown } | undefined)?.data;
  const entry = map instanceof WeakMap ? map.get(dataId) : undefined;
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : undefined;
}

/** The backends whose tensors' values are all in this process's memory. */
const inMemory = new Set(['cpu', 'wasm']);

/** The backends' `DataStorage` fields whose entries keep CPU values: webgl's `texData`, webgpu's and tfjs-node's `tensorMap`. */
const valueStorages = ['texData', 'tensorMap'];

/** The values a backend's entry keeps on the CPU side, when it keeps them whole. */
function keptValues(backend: Record<string, unknown>, tensor: TensorLike, size: number): ArrayLike<number> | undefined {
  for (const field of valueStorages) {
    const entry = entryOf(backend[field], tensor.dataId);
    if (!entry) continue;
    // A webgl slice copies its source's entry, `values` too: the source's, of another length.
    const values = entry.values;
    return ArrayBuffer.isView(values) && (values as unknown as ArrayLike<number>).length === size ? (values as unknown as ArrayLike<number>) : undefined;
  }
  return undefined;
}

/** The parts of tfjs-backend-wasm's backend that locate a tensor's data in its heap. */
interface WasmHeap {
  dataIdMap?: { get(dataId: object): { memoryOffset?: number | null } | undefined };
  wasm?: { HEAPU8?: Uint8Array<ArrayBuffer> };
}

/** Where tfjs-backend-wasm keeps the data of `dataId`: its heap and the byte offset there. */
export function wasmHeapPlace(backend: object, dataId: object): { heap: Uint8Array<ArrayBuffer>; offset: number } | undefined {
  const { dataIdMap, wasm } = backend as WasmHeap;
  const offset = dataIdMap?.get?.(dataId)?.memoryOffset;
  const heap = wasm?.HEAPU8;
  return typeof offset === 'number' && heap ? { heap, offset } : undefined;
}

/**
 * A float32 wasm tensor's values as a view on the wasm heap, where `dataSync()` would copy them
 * out: for a read done at once (the heap's buffer is replaced when it grows, which detaches it).
 */
function wasmHeapView(backend: object, tensor: TensorLike, size: number): Float32Array | undefined {
  if (tensor.dtype !== 'float32') return undefined;
  const place = wasmHeapPlace(backend, tensor.dataId);
  if (!place || place.offset % 4 !== 0 || place.offset + 4 * size > place.heap.buffer.byteLength) return undefined;
  return new Float32Array(place.heap.buffer, place.offset, size);
}

/**
 * The `size` numeric values of `tensor` (float32, int32 or bool) where they are in memory now,
 * and the name of the backend that holds them; `values` is undefined when they are only on a
 * device (or laid out otherwise than expected).
 */
export function residentValues(
  engine: BackendsEngine,
  tensor: TensorLike,
  size: number,
): { backend: string | undefined; values: ArrayLike<number> | undefined } {
  const holder = holderOf(engine, tensor.dataId);
  if (!holder) return { backend: undefined, values: undefined };
  const values =
    holder.name !== undefined && inMemory.has(holder.name)
      ? (wasmHeapView(holder.backend, tensor, size) ?? (tensor.dataSync() as ArrayLike<number>))
      : keptValues(holder.backend as Record<string, unknown>, tensor, size);
  return { backend: holder.name, values };
}
