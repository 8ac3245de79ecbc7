/**
 * Tensors the debugger made and left alive: the results of Debug Console and Watch
 * evaluations, which stay the user's. tfjs counts them like any tensor; `tfjs/memory` names
 * them apart, so that the tensors and bytes gained since the previous stop are the program's.
 */
import type { TensorLike } from './tensorReader';

const held = new Set<TensorLike>();

/** Notes a tensor an evaluation made and left alive. */
export function hold(tensor: TensorLike): void {
  held.add(tensor);
}

/** A held tensor the program takes over (an edit's replacement): it counts as the program's from now on. */
export function release(tensor: TensorLike): void {
  held.delete(tensor);
}

/**
 * Bytes of one tensor as tfjs-core's engine counts them per tensor: complex64 counts none (its
 * parts do), nor does a string tensor here (tfjs counts its bytes once per buffer).
 */
function bytesOf(tensor: TensorLike): number {
  const size = tensor.shape.reduce((a, b) => a * b, 1);
  switch (tensor.dtype) {
    case 'float32':
    case 'int32':
      return 4 * size;
    case 'bool':
      return size;
    default:
      return 0;
  }
}

/** The held tensors still alive, and their bytes; disposed ones are let go. */
export function heldMemory(): { numTensors: number; numBytes: number } {
  let numTensors = 0;
  let numBytes = 0;
  for (const tensor of held) {
    if (tensor.isDisposed) {
      held.delete(tensor);
      continue;
    }
    numTensors++;
    numBytes += bytesOf(tensor);
  }
  return { numTensors, numBytes };
}
