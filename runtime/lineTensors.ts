/**
 * The leak finder's "show the tensors": the live tensors made at one line, as one tensor the
 * heatmap can view. Several of one shape and dtype are stacked, oldest first, into a
 * read-only snapshot (no tensor is made: their values are read where they live); a line's
 * tensors of mixed shapes show the newest one.
 */
import { snapshot } from './tensorSnapshot';
import type { TensorLike } from './tensorReader';
import { tensorValues } from './tensorValues';

/** Values a stacked snapshot holds at most: beyond it, the newest tensors that fit. */
const stackedValues = 16 * 1024 * 1024;

export function lineTensorsView(key: string, tensors: TensorLike[]): unknown {
  const live = tensors.filter((tensor) => !tensor.isDisposed);
  if (live.length === 0) throw new Error(`no live tensor was made at ${key}: the memory report lists the lines that hold some`);
  const newest = live[live.length - 1];
  if (live.length === 1) return newest;
  const same = live.every((tensor) => tensor.dtype === newest.dtype && tensor.shape.join() === newest.shape.join());
  if (!same || newest.dtype === 'string' || newest.dtype === 'complex64') return newest;
  const size = newest.shape.reduce((a, b) => a * b, 1);
  const shown = live.slice(-Math.max(1, Math.floor(stackedValues / Math.max(1, size))));
  const values = new Float32Array(shown.length * size);
  shown.forEach((tensor, i) => values.set(tensorValues(tensor) as ArrayLike<number>, i * size));
  return snapshot(newest.id, [shown.length, ...newest.shape], values);
}
