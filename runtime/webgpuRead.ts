/**
 * Reads a webgpu tensor's values synchronously, which works while the program is paused at a
 * breakpoint: tfjs's own `dataSync()` there needs a browser's OffscreenCanvas, and `data()`
 * waits for the event loop, which does not run while paused. Dawn's Node bindings finish a
 * buffer mapping in `wgpuInstanceProcessEvents`, which they schedule with `setImmediate` and a
 * native callback: running that pending callback by hand maps the buffer at once. The read
 * copies into a staging buffer of its own, so the program's buffers, buffer pool and tensor
 * entries are left as they were (no values are cached into them); only work the program had
 * already queued is submitted first, as tfjs's own read does. Measured and explained in
 * /work/shared/webgpu-readback.md; it relies on Node's Immediate internals (`_idlePrev`,
 * `_onImmediate`, `_destroyed`).
 */
import { entryOf } from './residentValues';

/** The parts of a GPUBuffer the read uses. */
interface GpuBufferLike {
  size: number;
  mapState: string;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

interface GpuDeviceLike {
  createBuffer(descriptor: { size: number; usage: number }): GpuBufferLike;
  createCommandEncoder(): {
    copyBufferToBuffer(from: GpuBufferLike, fromOffset: number, to: GpuBufferLike, toOffset: number, size: number): void;
    finish(): unknown;
  };
  queue: { submit(buffers: unknown[]): void };
}

/** The parts of tfjs's WebGPUBackend the read uses. */
export interface WebGpuBackendLike {
  device: GpuDeviceLike;
  tensorMap: unknown;
  commandEncoder: unknown;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

interface TensorEntry {
  dtype: string;
  shape: number[];
  values?: ArrayLike<number> | null;
  resource?: GpuBufferLike | null;
  complexTensorInfos?: { real: { dataId: object }; imag: { dataId: object } };
}

/** Node's Immediate, as its linked list holds it. */
interface ImmediateNode {
  _idlePrev: ImmediateNode | null;
  _onImmediate: ((...args: unknown[]) => void) | null;
  _destroyed: boolean;
}

/** WebGPU's constants (GPUBufferUsage.MAP_READ, .COPY_DST, GPUMapMode.READ), fixed by the standard. */
const mapRead = 0x0001;
const copyDst = 0x0008;
const readMode = 0x0001;

/** How long one read may wait for its mapping before the value is reported unreadable. */
export const readTimeoutMs = 2000;

/** An N-API function: Dawn's; a program's own callback, even a bound one, is not one of these. */
function isNativeCallback(callback: unknown): callback is () => void {
  return typeof callback === 'function' && callback.name === '' && /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(callback));
}

/** Runs the native callbacks pending in Node's immediate queue (Dawn's event processing) now. */
function pumpDawn(): void {
  const probe = setImmediate(() => undefined) as unknown as ImmediateNode;
  const pending: ImmediateNode[] = [];
  for (let node = probe._idlePrev; node; node = node._idlePrev) {
    if (!node._destroyed && isNativeCallback(node._onImmediate)) pending.push(node);
  }
  clearImmediate(probe as unknown as NodeJS.Immediate);
  for (const node of pending) {
    // clearImmediate empties `_onImmediate`: taken first.
    const callback = node._onImmediate as () => void;
    clearImmediate(node as unknown as NodeJS.Immediate);
    callback();
  }
}

/** The bytes of `source`, copied through a staging buffer mapped by pumping Dawn; undefined past the timeout. */
function readBuffer(backend: WebGpuBackendLike, source: GpuBufferLike): ArrayBuffer | undefined {
  // Work the program queued but has not submitted may be what computes this buffer.
  if (backend.commandEncoder) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  const staging = backend.device.createBuffer({ size: source.size, usage: mapRead | copyDst });
  try {
    const encoder = backend.device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, 0, staging, 0, source.size);
    backend.device.queue.submit([encoder.finish()]);
    // Rejected when the buffer is destroyed before it maps: the timeout says so instead.
    staging.mapAsync(readMode).catch(() => undefined);
    const deadline = Date.now() + readTimeoutMs;
    while (staging.mapState !== 'mapped' && Date.now() < deadline) pumpDawn();
    if (staging.mapState !== 'mapped') return undefined;
    const bytes = staging.getMappedRange().slice(0);
    staging.unmap();
    return bytes;
  } finally {
    staging.destroy();
  }
}

/** The `size` values of one real entry in its dtype's array. */
function entryValues(backend: WebGpuBackendLike, entry: TensorEntry, size: number): ArrayLike<number> | undefined {
  if (entry.values != null) return entry.values;
  if (!entry.resource) return size === 0 ? new Float32Array(0) : undefined;
  const bytes = readBuffer(backend, entry.resource);
  if (!bytes) return undefined;
  if (entry.dtype === 'int32') return new Int32Array(bytes, 0, size);
  // bool is held as int32 on the GPU.
  if (entry.dtype === 'bool') return Uint8Array.from(new Int32Array(bytes, 0, size));
  return new Float32Array(bytes, 0, size);
}

/**
 * The values of the tensor whose data is `dataId` on the webgpu backend `backend` (complex64
 * interleaved, as `dataSync()` gives them); undefined when they could not be read in time.
 */
export function readWebGpu(backend: WebGpuBackendLike, dataId: object, size: number): ArrayLike<number> | undefined {
  const entry = entryOf(backend.tensorMap, dataId) as TensorEntry | undefined;
  if (!entry) return undefined;
  const parts = entry.complexTensorInfos;
  if (entry.dtype !== 'complex64' || !parts || entry.values != null) return entryValues(backend, entry, size);
  const real = readWebGpu(backend, parts.real.dataId, size);
  const imag = real && readWebGpu(backend, parts.imag.dataId, size);
  if (!real || !imag) return undefined;
  const merged = new Float32Array(2 * size);
  for (let i = 0; i < size; i++) {
    merged[2 * i] = real[i];
    merged[2 * i + 1] = imag[i];
  }
  return merged;
}
