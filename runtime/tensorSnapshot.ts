/**
 * A read-only, tensor-shaped snapshot of kept values (a tape's tensor, a pinned weight at an
 * earlier step): the tensor reader and views accept it, and it is no tensor of the engine.
 */
import type { TensorLike } from './tensorReader';

export function snapshot(id: number, shape: number[], values: Float32Array): TensorLike {
  return { id, dataId: {}, shape: shape.slice(), dtype: 'float32', isDisposed: false, dataSync: () => values };
}
