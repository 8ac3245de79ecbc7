/**
 * 2-D views of tensors for the heatmap (`tfjs/tensor`): a slice of an N-D tensor picked by
 * one index, `:` or range per axis (common/tensorSlices.ts), block-reduced by mean within it
 * to a maximum size (a block with a NaN is NaN), as float32. Pure functions over the values,
 * so that they never create tensors.
 */
import type { TensorStatsBody, ViewBody } from '../protocol/runtimeApi';
import { fullIndex, parseSlice, rangeLength, rangeOf, type AxisRange, type Slice } from '../common/tensorSlices';
import { runtimeHost } from './host';
import { asTensor } from './tensorReader';
import { tensorValues } from './tensorValues';
import { blockMeans, computeStats, type NumericArray, statsAndBlocks } from './tensorStats';

/** The elements of a slice as a rows × cols float32 matrix (possibly a window on `values`). */
export function sliceValues(values: NumericArray, shape: readonly number[], slice: Slice): { rows: number; cols: number; data: Float32Array } {
  const strides: number[] = new Array<number>(shape.length);
  for (let axis = shape.length - 1, stride = 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  const base = fullIndex(slice.parts, 0, 0).reduce((sum, index, axis) => sum + index * strides[axis], 0);
  // How many elements a spanned axis shows and how far apart they lie; a missing one is a single row.
  const walk = (axis: number | undefined): { count: number; stride: number } => {
    if (axis === undefined) return { count: 1, stride: 0 };
    const range = rangeOf(slice.parts[axis] as ':' | AxisRange, shape[axis]);
    return { count: rangeLength(range), stride: strides[axis] * range.step };
  };
  const [rowsAxis, colsAxis] = slice.spanned.length === 2 ? slice.spanned : [undefined, slice.spanned[0]];
  const { count: rows, stride: rowStride } = walk(rowsAxis);
  const { count: cols, stride: colStride } = walk(colsAxis);
  // A view of whole last axes is one run of float32 values: a window on them, not a copy
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
  const values = tensorValues(tensor) as NumericArray;
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
