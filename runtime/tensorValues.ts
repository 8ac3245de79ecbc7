/**
 * The values of a program's tensor for the debugger's reads (summaries, children, views,
 * edits): `dataSync()` where the backend reads synchronously (webgpu in a page too), and on
 * webgpu in Node, whose `dataSync()` needs a browser's OffscreenCanvas and whose `data()` needs
 * the event loop that a stop halts, the synchronous read of webgpuRead.ts. A value that cannot be read in time raises
 * `NotReadable`, whose message says so plainly.
 */
import { currentEngine } from './programTfjs';
import { type BackendsEngine, holderOf } from './residentValues';
import type { TensorLike } from './tensorReader';
import { readTimeoutMs, readWebGpu, type WebGpuBackendLike } from './webgpuRead';

/** A tensor whose values its backend could not give in time. */
export class NotReadable extends Error {
  constructor(
    readonly backend: string,
    tensor: TensorLike,
  ) {
    super(
      `${tensor.dtype}[${tensor.shape.join(',')}] is on ${backend} and could not be read within ${readTimeoutMs} ms; continue or step, and look again at the next stop`,
    );
  }
}

/** The tensor's values in row-major order (complex64 interleaved), as `dataSync()` gives them. */
export function tensorValues(tensor: TensorLike): ArrayLike<number | string | boolean> {
  const engine = currentEngine() as unknown as BackendsEngine | undefined;
  const holder = engine ? holderOf(engine, tensor.dataId) : undefined;
  // A page has OffscreenCanvas, through which webgpu's own dataSync reads; Node has none.
  const canvasRead = (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== undefined;
  if (holder?.name !== 'webgpu' || canvasRead) return tensor.dataSync();
  const size = tensor.shape.reduce((a, b) => a * b, 1);
  const values = readWebGpu(holder.backend as WebGpuBackendLike, tensor.dataId, size);
  if (!values) throw new NotReadable('webgpu', tensor);
  return values;
}
