/**
 * 2-D views of tensors for the heatmap (`tfjs/tensor`): a slice of an N-D tensor picked by
 * one index or `:` per axis, block-reduced by mean to a maximum size (a block with a NaN is
 * NaN), as float32. Pure functions over the values, so that they never create tensors.
 */
import type { TensorStatsBody, ViewBody } from '../protocol/runtimeApi';
import { runtimeHost } from './host';
import { asTensor } from './tensorReader';
import { blockMeans, computeStats, type NumericArray, statsAndBlocks } from './tensorStats';

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

/** The elements of a slice as a rows × cols float32 matrix (possibly a window on `values`). */
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
  // A view of the last axes is one run of float32 values: a window on them, not a copy
  // (the caller copies before anything leaves the program, and never writes to it).
  if (values instanceof Float32Array && colStride === 1 && (rows === 1 || rowStride === cols)) {
    return { rows, cols, data: values.subarray(base, base + rows * cols) };
  }
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const rowBase = base + r * rowStride;
    for (let c = 0; c < cols; c++) data[r * cols + c] = Number(values[rowBase + c * colStride]);
  }
  return { rows, cols, data };
}

/**
 * Means of `by × bx` blocks (edge blocks are smaller); a block holding a NaN is NaN. An
 * unreduced view is copied, so the result never shares the backend's memory.
 */
export function blockReduce(data: Float32Array, rows: number, cols: number, by: number, bx: number): { rows: number; cols: number; data: Float32Array } {
  if (by === 1 && bx === 1) return { rows, cols, data: data.slice() };
  return { rows: Math.ceil(rows / by), cols: Math.ceil(cols / bx), data: blockMeans(data, 0, rows, cols, by, bx) };
}

/** Full-tensor statistics as `tfjs/tensor` reports them. */
export function statsBody(values: NumericArray): TensorStatsBody {
  const { min, max, mean, std, nanCount, infCount } = computeStats(values);
  return { min, max, mean, std, nanCount, infCount };
}

/** What a view is made of, before its bytes are sent. */
export interface ComputedView {
  stats: TensorStatsBody;
  view: { shape: [number, number]; slice: string; blocks: [number, number] };
  data: Float32Array;
}

/** Statistics of all values and the (sliced, block-reduced) view of them; `full` copies them all. */
export function computeView(values: NumericArray, shape: number[], slice: string | undefined, maxSize: [number, number], full: boolean): ComputedView {
  if (!full && shape.length === 2 && values instanceof Float32Array && parseSlice(slice, shape).text === ':,:') {
    const [rows, cols] = shape;
    const by = Math.ceil(rows / maxSize[0]);
    const bx = Math.ceil(cols / maxSize[1]);
    if (by > 1 || bx > 1) {
      // One pass gives both the statistics and the blocks of the whole matrix.
      const fused = statsAndBlocks(values, 0, rows, cols, by, bx);
      const { min, max, mean, std, nanCount, infCount } = fused.stats;
      return {
        stats: { min, max, mean, std, nanCount, infCount },
        view: { shape: [fused.rows, fused.cols], slice: ':,:', blocks: [by, bx] },
        data: fused.means,
      };
    }
  }
  const stats = statsBody(values);
  if (full) {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const view: [number, number] = shape.length === 2 ? [shape[0], shape[1]] : [1, data.length];
    return { stats, view: { shape: view, slice: shape.map(() => ':').join(','), blocks: [1, 1] }, data };
  }
  const parsed = parseSlice(slice, shape);
  const sliced = sliceValues(values, shape, parsed);
  const by = Math.ceil(sliced.rows / maxSize[0]);
  const bx = Math.ceil(sliced.cols / maxSize[1]);
  const reduced = blockReduce(sliced.data, sliced.rows, sliced.cols, by, bx);
  return { stats, view: { shape: [reduced.rows, reduced.cols], slice: parsed.text, blocks: [by, bx] }, data: reduced.data };
}

/** Tensors this large are viewed on the agent's thread (the paused main thread runs slowly). */
const offloadFrom = 1 << 16;

/**
 * The `tfjs/tensor` answer for a value of the program. With `raw` and the agent present, the
 * bytes go through the agent's socket (`view.transfer` names them); a large tensor is copied
 * once into shared memory and viewed on the agent's thread (`view.pending` names the answer
 * that follows there). Otherwise the bytes travel as base64 of little-endian float32.
 */
export function viewOf(value: unknown, slice: string | undefined, maxSize: [number, number], full: boolean, raw = false): ViewBody {
  const found = asTensor(value);
  if (!found) throw new Error('the expression does not give a tensor');
  const { tensor } = found;
  const shape = tensor.shape.slice();
  if (tensor.isDisposed) throw new Error(`${tensor.dtype}[${shape.join(',')}] is disposed`);
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') throw new Error(`a ${tensor.dtype} tensor has no real numbers to show`);
  if (!(maxSize[0] >= 1 && maxSize[1] >= 1)) throw new Error(`maxSize: expected [rows, cols] of at least 1, got [${maxSize.join(',')}]`);
  if (!full) parseSlice(slice, shape); // a bad slice is refused here, whichever thread views it
  const values = tensor.dataSync() as NumericArray;
  const empty = {
    stats: { min: NaN, max: NaN, mean: NaN, std: NaN, nanCount: 0, infCount: 0 },
    view: { shape: [0, 0] as [number, number], slice: '', blocks: [1, 1] as [number, number], data: '' },
  };
  // Without the agent's channel (attach, a page) the bytes travel as base64.
  const channel = raw ? runtimeHost().binary : undefined;
  if (channel && values.length >= offloadFrom) {
    const pending = channel.offloadView(values, { shape, slice, maxSize, full });
    if (pending !== undefined) return { shape, dtype: tensor.dtype, stats: empty.stats, view: { ...empty.view, pending } };
  }
  const computed = computeView(values, shape, slice, maxSize, full);
  // The backend's own array must never leave the program: a full view of it is copied.
  const data = computed.data === values ? new Float32Array(computed.data) : computed.data;
  const id = channel?.transfer(data);
  const bytes = id !== undefined ? { data: '', transfer: id } : { data: runtimeHost().base64(data) };
  return { shape, dtype: tensor.dtype, stats: computed.stats, view: { ...computed.view, ...bytes } };
}
