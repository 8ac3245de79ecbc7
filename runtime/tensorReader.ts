/**
 * Recognises the program's tensors and reads them for presentation. Tensors are recognised
 * by shape (duck typing), not by class, so any copy of tfjs-core is understood. Reading uses
 * `dataSync()` (on webgpu a read of its own: tensorValues.ts), which on the cpu backend returns
 * the backend's live array: it is only read here, never written or handed out, and no tensor
 * is created or disposed.
 */
import type { TensorChild, TensorSummary } from '../protocol/runtimeApi';
import { currentSettings } from './settings';
import { NotReadable, tensorValues } from './tensorValues';
import { formatComplex, formatCount, formatElement, formatHeader, presentValues } from './tensorStats';

/** The part of a tfjs Tensor the reader uses. */
export interface TensorLike {
  id: number;
  dataId: object;
  shape: number[];
  dtype: string;
  isDisposed: boolean;
  dataSync(): ArrayLike<number | string | boolean>;
}

/** A tfjs-layers `LayerVariable`: a named wrapper around a `tf.Variable` in `val`. */
interface LayerVariableLike {
  val: TensorLike;
  read(): unknown;
}

/** Whether a value is a tfjs Tensor (or Variable). */
export function isTensor(value: unknown): value is TensorLike {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<TensorLike>;
  return typeof t.id === 'number' && typeof t.dataId === 'object' && Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.dataSync === 'function';
}

function isLayerVariable(value: unknown): value is LayerVariableLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<LayerVariableLike>;
  return typeof v.read === 'function' && isTensor(v.val);
}

/** A tensor, or the variable inside a layers `LayerVariable`; undefined for anything else. */
export function asTensor(value: unknown): { tensor: TensorLike; variable: boolean } | undefined {
  if (isTensor(value)) return { tensor: value, variable: isVariable(value) };
  if (isLayerVariable(value)) return { tensor: value.val, variable: true };
  return undefined;
}

function isVariable(tensor: TensorLike): boolean {
  const v = tensor as unknown as { assign?: unknown; trainable?: unknown };
  return typeof v.assign === 'function' && typeof v.trainable === 'boolean';
}

/**
 * Tensors larger than this are summarised without statistics (and without reading them):
 * Variables, Watch and hovers must not stall on a 16M-element tensor, several of which a
 * frame may hold. The heatmap computes their statistics on the agent's thread.
 */
export const summaryStatisticsLimit = 1 << 22;

/** The summary of a value (docs/protocol.md, Tensors in Variables), or null when it is not a tensor. */
export function summarize(value: unknown): TensorSummary | null {
  const found = asTensor(value);
  if (!found) return null;
  const { tensor, variable } = found;
  const shape = tensor.shape.slice();
  const base = { type: variable ? 'tf.Variable' : 'tf.Tensor', dtype: tensor.dtype, shape } as const;
  if (tensor.isDisposed) {
    return { ...base, value: `${formatHeader(tensor.dtype, shape)} (disposed)`, disposed: true };
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size > summaryStatisticsLimit && tensor.dtype !== 'string') {
    return { ...base, value: `${formatHeader(tensor.dtype, shape)} (${formatCount(size)} elements: statistics in Show as Heatmap)`, disposed: false };
  }
  const statistics = currentSettings().tensorStatistics;
  // Without statistics the values are not read at all, except a 0-d tensor's one value.
  let values: ArrayLike<number | string | boolean> = [];
  try {
    if (statistics || shape.length === 0) values = tensorValues(tensor);
  } catch (error) {
    if (!(error instanceof NotReadable)) throw error;
    return { ...base, value: `${formatHeader(tensor.dtype, shape)} (on ${error.backend}, not readable yet)`, disposed: false };
  }
  return { ...base, value: presentValues(tensor.dtype, shape, values, 0, statistics), disposed: false };
}

/**
 * Children `[start, start+count)` of the sub-tensor at `path` (indices into the leading
 * axes): sub-tensor presentations while rank remains, numbers at the last axis.
 */
export function childrenOf(value: unknown, path: readonly number[], start: number, count: number): TensorChild[] {
  const found = asTensor(value);
  if (!found || found.tensor.isDisposed) return [];
  const { tensor } = found;
  const shape = tensor.shape;
  if (path.length >= shape.length) return [];
  const values = tensorValues(tensor);
  const strides = rowMajorStrides(shape);
  let offset = 0;
  path.forEach((index, axis) => (offset += index * strides[axis]));
  const axis = path.length;
  const end = Math.min(shape[axis], start + count);
  const childShape = shape.slice(axis + 1);
  const children: TensorChild[] = [];
  // complex64 values interleave real and imaginary parts.
  const complex = tensor.dtype === 'complex64';
  for (let i = Math.max(0, start); i < end; i++) {
    const childOffset = offset + i * strides[axis];
    const leaf = (): string =>
      complex ? formatComplex(Number(values[2 * childOffset]), Number(values[2 * childOffset + 1])) : formatElement(values[childOffset], tensor.dtype);
    children.push(
      childShape.length === 0
        ? { name: `[${i}]`, value: leaf() }
        : {
            name: `[${i}]`,
            value: presentValues(tensor.dtype, childShape, values, childOffset, currentSettings().tensorStatistics),
            shape: childShape,
          },
    );
  }
  return children;
}

/** Elements to skip per step along each axis of a row-major tensor. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}
