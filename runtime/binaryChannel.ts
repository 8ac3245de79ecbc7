/**
 * Tensor bytes from the program's main thread to the adapter without JSON: the buffer is
 * transferred (not copied) to the agent worker, which writes it raw on the adapter's socket
 * next to a small message naming it. Only a launched program has the agent; under `attach`
 * the bytes travel as base64 through CDP instead.
 */
import type { Worker } from 'node:worker_threads';
import { sharedHeaderBytes, takeShared } from './sharedPool';

/** What the main thread posts to the agent worker for a transfer. */
export interface BinaryTransfer {
  binary: number;
  buffer: ArrayBuffer;
}

/** A view for the agent worker to compute from a copy of a tensor's values. */
export interface ViewJob {
  view: number;
  /** From `takeShared`: the values follow its header; the worker releases it once read. */
  shared: SharedArrayBuffer;
  length: number;
  shape: number[];
  slice: string | undefined;
  maxSize: [number, number];
  full: boolean;
}

let agent: Worker | undefined;
let nextId = 1;

/** Remembers the agent worker that carries transfers. */
export function useAgent(worker: Worker): void {
  agent = worker;
}

/** Copies values into shared memory for the agent to view; returns the job's id, or undefined without an agent. */
export function offloadView(values: ArrayLike<number>, job: Omit<ViewJob, 'view' | 'shared' | 'length'>): number | undefined {
  if (!agent) return undefined;
  const shared = takeShared(values.length * Float32Array.BYTES_PER_ELEMENT);
  new Float32Array(shared, sharedHeaderBytes, values.length).set(values);
  const id = nextId++;
  const message: ViewJob = { view: id, shared, length: values.length, ...job };
  agent.postMessage(message);
  return id;
}

/** Sends bytes to the adapter; returns the transfer's id, or undefined without an agent. */
export function transfer(data: Float32Array): number | undefined {
  if (!agent) return undefined;
  // A view of part of a buffer is copied out, so that only its bytes are transferred.
  const buffer = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer : data.slice().buffer;
  const id = nextId++;
  const message: BinaryTransfer = { binary: id, buffer: buffer as ArrayBuffer };
  agent.postMessage(message, [buffer as ArrayBuffer]);
  return id;
}
