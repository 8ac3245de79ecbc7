/**
 * Shared buffers for the views the agent worker computes, used again and again: a fresh
 * 4 MB SharedArrayBuffer costs about 2 ms in page faults on its first write, ten times the
 * copy itself. Each buffer starts with a busy flag (an Int32) that the main thread sets when
 * it hands the buffer over and the worker clears when it has read it; the main thread, which
 * may be paused and cannot receive messages, only ever looks at the flag.
 */

/** Bytes before the values: the busy flag, padded to keep float64 alignment. */
export const sharedHeaderBytes = 8;
/** Buffers up to this size are kept for reuse; larger ones are used once. */
const keptUpTo = 64 * 1024 * 1024;
/** How many buffers are kept. */
const keptCount = 2;

const pool: SharedArrayBuffer[] = [];

function flagOf(buffer: SharedArrayBuffer): Int32Array {
  return new Int32Array(buffer, 0, 1);
}

/** A shared buffer with room for `bytes` after its header, marked busy. */
export function takeShared(bytes: number): SharedArrayBuffer {
  let buffer = pool.find((candidate) => candidate.byteLength - sharedHeaderBytes >= bytes && Atomics.load(flagOf(candidate), 0) === 0);
  if (!buffer) {
    buffer = new SharedArrayBuffer(sharedHeaderBytes + bytes);
    if (buffer.byteLength <= keptUpTo) {
      // A full pool gives up its smallest idle buffer for the new one.
      if (pool.length >= keptCount) {
        const idle = pool.filter((candidate) => Atomics.load(flagOf(candidate), 0) === 0).sort((a, b) => a.byteLength - b.byteLength)[0];
        if (idle) pool.splice(pool.indexOf(idle), 1);
      }
      if (pool.length < keptCount) pool.push(buffer);
    }
  }
  Atomics.store(flagOf(buffer), 0, 1);
  return buffer;
}

/** Marks a buffer from {@link takeShared} free again (on the thread that read it). */
export function releaseShared(buffer: SharedArrayBuffer): void {
  Atomics.store(flagOf(buffer), 0, 0);
}
