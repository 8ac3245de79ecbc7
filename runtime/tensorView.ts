/**
 * 2-D views of tensors for the heatmap (`tfjs/tensor`): a slice of an N-D tensor picked by
 * one index or `:` per axis, block-reduced by mean to a maximum size (a block with a NaN is
 * NaN), as float32. Pure functions over the values, so that they never create tensors.
 */
import type { TensorResponseBody, TensorStatsBody } from '../protocol/customRequests';
import { asTensor } from './tensorReader';
import { computeStats, type NumericArray } from './tensorStats';

/** A parsed slice: an index per fixed axis, and the two axes shown (or one, as a row). */
export interface ParsedSlice {
  /** Per axis: the fixed index, or undefined for a shown axis. */
  indices: (number | undefined)[];
  /** The axes shown as rows and columns (rows is undefined for a one-axis view). */
  rowsAxis: number | undefined;
  colsAxis: number | undefined;
  /** The slice normalised, e.g. `0,:,:`. */
  text: string;
}

/** The default slice: leading axes at 0, the last two shown. */
export function defaultSlice(rank: number): string {
  return Array.from({ length: rank }, (_, axis) => (axis >= rank - 2 ? ':' : '0')).join(',');
}

/** Parses `"0,:,:"` for a tensor of `shape`; throws a message naming the problem. */
export function parseSlice(text: string | undefined, shape: readonly number[]): ParsedSlice {
  const rank = shape.length;
  if (rank === 0) return { indices: [], rowsAxis: undefined, colsAxis: undefined, text: '' };
  const source = text === undefined || text.trim() === '' ? defaultSlice(rank) : text;
  const parts = source.split(',').map((part) => part.trim());
  const wanted = `one entry per axis (${rank}), each an index or ':'`;
  if (parts.length !== rank) throw new Error(`slice: expected ${wanted}, got "${text}"`);
  const indices = parts.map((part, axis) => {
    if (part === ':') return undefined;
    const index = Number(part);
    if (!/^-?\d+$/.test(part) || index < -shape[axis] || index >= shape[axis]) {
      throw new Error(`slice: index ${part} of axis ${axis} is outside 0..${shape[axis] - 1}`);
    }
    return index < 0 ? index + shape[axis] : index;
  });
  const shown = indices.flatMap((index, axis) => (index === undefined ? [axis] : []));
  if (shown.length < 1 || shown.length > 2) throw new Error(`slice: expected one or two ':' (the axes shown), got "${text}"`);
  return {
    indices,
    rowsAxis: shown.length === 2 ? shown[0] : undefined,
    colsAxis: shown[shown.length - 1],
    text: indices.map((index) => (index === undefined ? ':' : String(index))).join(','),
  };
}

/** The elements of a slice as a rows × cols float32 matrix. */
export function sliceValues(values: NumericArray, shape: readonly number[], slice: ParsedSlice): { rows: number; cols: number; data: Float32Array } {
  const strides: number[] = new Array<number>(shape.length);
  for (let axis = shape.length - 1, stride = 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  const base = slice.indices.reduce<number>((sum, index, axis) => sum + (index ?? 0) * strides[axis], 0);
  const rows = slice.rowsAxis === undefined ? 1 : shape[slice.rowsAxis];
  const cols = slice.colsAxis === undefined ? 1 : shape[slice.colsAxis];
  const rowStride = slice.rowsAxis === undefined ? 0 : strides[slice.rowsAxis];
  const colStride = slice.colsAxis === undefined ? 0 : strides[slice.colsAxis];
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const rowBase = base + r * rowStride;
    for (let c = 0; c < cols; c++) data[r * cols + c] = Number(values[rowBase + c * colStride]);
  }
  return { rows, cols, data };
}

/** Means of `by × bx` blocks (edge blocks are smaller); a block holding a NaN is NaN. */
export function blockReduce(data: Float32Array, rows: number, cols: number, by: number, bx: number): { rows: number; cols: number; data: Float32Array } {
  if (by === 1 && bx === 1) return { rows, cols, data };
  const outRows = Math.ceil(rows / by);
  const outCols = Math.ceil(cols / bx);
  const out = new Float32Array(outRows * outCols);
  for (let R = 0; R < outRows; R++) {
    for (let C = 0; C < outCols; C++) {
      let sum = 0;
      let count = 0;
      const rowEnd = Math.min(rows, (R + 1) * by);
      const colEnd = Math.min(cols, (C + 1) * bx);
      for (let r = R * by; r < rowEnd; r++) {
        for (let c = C * bx; c < colEnd; c++) {
          sum += data[r * cols + c];
          count++;
        }
      }
      out[R * outCols + C] = sum / count;
    }
  }
  return { rows: outRows, cols: outCols, data: out };
}

/** Full-tensor statistics as `tfjs/tensor` reports them. */
export function statsBody(values: NumericArray): TensorStatsBody {
  const { min, max, mean, std, nanCount, infCount } = computeStats(values);
  return { min, max, mean, std, nanCount, infCount };
}

/** Base64 of a Float32Array's bytes (little-endian on every platform Node runs on). */
function base64Of(data: Float32Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** The `tfjs/tensor` answer for a value of the program. */
export function viewOf(value: unknown, slice: string | undefined, maxSize: [number, number], full: boolean): TensorResponseBody {
  const found = asTensor(value);
  if (!found) throw new Error('the expression does not give a tensor');
  const { tensor } = found;
  const shape = tensor.shape.slice();
  if (tensor.isDisposed) throw new Error(`${tensor.dtype}[${shape.join(',')}] is disposed`);
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') throw new Error(`a ${tensor.dtype} tensor has no real numbers to show`);
  const values = tensor.dataSync() as NumericArray;
  const stats = statsBody(values);
  if (full) {
    const data = values instanceof Float32Array ? new Float32Array(values) : Float32Array.from(values);
    const view: [number, number] = shape.length === 2 ? [shape[0], shape[1]] : [1, data.length];
    return { shape, dtype: tensor.dtype, stats, view: { shape: view, slice: shape.map(() => ':').join(','), blocks: [1, 1], data: base64Of(data) } };
  }
  const [maxRows, maxCols] = maxSize;
  if (!(maxRows >= 1 && maxCols >= 1)) throw new Error(`maxSize: expected [rows, cols] of at least 1, got [${maxSize.join(',')}]`);
  const parsed = parseSlice(slice, shape);
  const sliced = sliceValues(values, shape, parsed);
  const by = Math.ceil(sliced.rows / maxRows);
  const bx = Math.ceil(sliced.cols / maxCols);
  const reduced = blockReduce(sliced.data, sliced.rows, sliced.cols, by, bx);
  return {
    shape,
    dtype: tensor.dtype,
    stats,
    view: { shape: [reduced.rows, reduced.cols], slice: parsed.text, blocks: [by, bx], data: base64Of(reduced.data) },
  };
}
