/**
 * Statistics and presentation strings of tensor values (docs/protocol.md, Tensors in
 * Variables). Pure functions over typed arrays, so they are unit-tested without tfjs and never
 * create tensors.
 */
import type { TensorStatsBody } from '../protocol/runtimeApi';
import { formatNumber } from '../common/numberFormat';

export { formatNumber };

/** Statistics of the finite elements; NaN and ±Inf are counted apart. */
export interface TensorStats extends TensorStatsBody {
  finiteCount: number;
}

/** A numeric array as tfjs backends hand them out. */
export type NumericArray = ArrayLike<number>;

/** Statistics of a rows × cols region and the means of its `by × bx` blocks. */
export interface StatsAndBlocks {
  stats: TensorStats;
  rows: number;
  cols: number;
  /** Block means, row-major; a block holding a NaN is NaN, edge blocks are smaller. */
  means: Float32Array;
}

/**
 * Statistics of the `count` values from `start` on: min, max, mean and std of the finite
 * ones, NaN and ±Inf counted apart. The variance is accumulated in float64 over values
 * shifted by the first one ("shifted data"): a plain sum of squares loses the variance of
 * large-mean data to cancellation, the shift keeps it, and one pass instead of two halves
 * what a million elements cost. `std` is the population deviation, as `tf.moments` computes
 * it. The first pass assumes every value is finite (no per-element test, which is what a
 * million elements cost most); a non-finite sum shows that one was not, and a careful pass
 * counts them.
 */
function statsOf(values: NumericArray, start: number, count: number): TensorStats {
  const end = start + count;
  if (count === 0) return { min: NaN, max: NaN, mean: NaN, std: NaN, nanCount: 0, infCount: 0, finiteCount: 0 };
  const shift = values[start];
  let min = shift;
  let max = shift;
  // Two interleaved accumulators each: independent chains that the CPU runs side by side.
  let sum0 = 0;
  let sum1 = 0;
  let squares0 = 0;
  let squares1 = 0;
  let i = start;
  for (const pairs = end - ((end - start) & 1); i < pairs; i += 2) {
    const v0 = values[i];
    const v1 = values[i + 1];
    if (v0 < min) min = v0;
    else if (v0 > max) max = v0;
    if (v1 < min) min = v1;
    else if (v1 > max) max = v1;
    const d0 = v0 - shift;
    const d1 = v1 - shift;
    sum0 += d0;
    sum1 += d1;
    squares0 += d0 * d0;
    squares1 += d1 * d1;
  }
  if (i < end) {
    const v = values[i];
    if (v < min) min = v;
    else if (v > max) max = v;
    sum0 += v - shift;
    squares0 += (v - shift) * (v - shift);
  }
  const squares = squares0 + squares1;
  if (Number.isFinite(squares)) return finish(min, max, shift, sum0 + sum1, squares, 0, 0, count);
  return carefulStats(values, start, end);
}

/** {@link statsOf} for values that hold NaN or ±Inf, tested one by one. */
function carefulStats(values: NumericArray, start: number, end: number): TensorStats {
  let min = Infinity;
  let max = -Infinity;
  let nanCount = 0;
  let infCount = 0;
  let shift = NaN;
  let sum = 0;
  let squares = 0;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v !== v) nanCount++;
    else if (v === Infinity || v === -Infinity) infCount++;
    else {
      if (shift !== shift) shift = v;
      if (v < min) min = v;
      if (v > max) max = v;
      const d = v - shift;
      sum += d;
      squares += d * d;
    }
  }
  return finish(min, max, shift, sum, squares, nanCount, infCount, end - start - nanCount - infCount);
}

function finish(min: number, max: number, shift: number, sum: number, squares: number, nanCount: number, infCount: number, finiteCount: number): TensorStats {
  if (finiteCount === 0) return { min: NaN, max: NaN, mean: NaN, std: NaN, nanCount, infCount, finiteCount };
  const meanShift = sum / finiteCount;
  const std = Math.sqrt(Math.max(0, squares / finiteCount - meanShift * meanShift));
  return { min, max, mean: shift + meanShift, std, nanCount, infCount, finiteCount };
}

/**
 * Means of the `by × bx` blocks of a rows × cols region from `start` on, row-major; edge
 * blocks are smaller. A plain sum per block, so a block holding a NaN is NaN (and one
 * holding an Inf is ±Inf), as the view must show.
 */
export function blockMeans(values: NumericArray, start: number, rows: number, cols: number, by: number, bx: number): Float32Array {
  const outRows = Math.ceil(rows / by);
  const outCols = Math.ceil(cols / bx);
  const means = new Float32Array(outRows * outCols);
  // One output row's sums at a time: a small buffer that stays in cache.
  const sums = new Float64Array(outCols);
  const fullCols = Math.floor(cols / bx) * bx;
  for (let R = 0; R < outRows; R++) {
    sums.fill(0);
    const height = Math.min(by, rows - R * by);
    for (let r = R * by; r < R * by + height; r++) {
      const rowBase = start + r * cols;
      let c = 0;
      let C = 0;
      if (bx === 1) {
        for (; c < cols; c++) sums[c] += values[rowBase + c];
        continue;
      }
      if (bx === 2) {
        for (; c < fullCols; c += 2) sums[C++] += values[rowBase + c] + values[rowBase + c + 1];
      } else {
        for (; c < fullCols; c += bx) {
          let block = 0;
          for (let k = 0; k < bx; k++) block += values[rowBase + c + k];
          sums[C++] += block;
        }
      }
      let edge = 0;
      for (; c < cols; c++) edge += values[rowBase + c];
      if (fullCols < cols) sums[C] += edge;
    }
    const base = R * outCols;
    for (let C = 0; C < outCols; C++) means[base + C] = sums[C] / (height * Math.min(bx, cols - C * bx));
  }
  return means;
}

/**
 * Statistics of the rows × cols values from `start` on and the means of their `by × bx`
 * blocks: two tight passes in memory order, which cost less than one pass doing both.
 */
export function statsAndBlocks(values: NumericArray, start: number, rows: number, cols: number, by: number, bx: number): StatsAndBlocks {
  const stats = statsOf(values, start, rows * cols);
  return { stats, rows: Math.ceil(rows / by), cols: Math.ceil(cols / bx), means: blockMeans(values, start, rows, cols, by, bx) };
}

/** Statistics of the values in `[start, end)`. */
export function computeStats(values: NumericArray, start = 0, end = values.length): TensorStats {
  return statsOf(values, start, Math.max(0, end - start));
}

/** One element as shown for a leaf or a 0-d tensor: integers exactly, floats to 4 digits. */
export function formatElement(value: number | string | boolean, dtype: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (dtype === 'bool') return value ? 'true' : 'false';
  if (dtype === 'int32') return String(value);
  return formatNumber(Number(value));
}

/** `<dtype>[<shape>]`, e.g. `float32[8,10]`, `int32[]`. */
export function formatHeader(dtype: string, shape: readonly number[]): string {
  return `${dtype}[${shape.join(',')}]`;
}

/** `16.8M`, `4.2M`: an element count in millions, to 3 digits. */
export function formatCount(count: number): string {
  return `${Number((count / 1e6).toPrecision(3))}M`;
}

/** A bool tensor's counts: `true=3 false=1`. */
export function formatTruthCounts(values: NumericArray, start: number, end: number): string {
  let trues = 0;
  for (let i = start; i < end; i++) if (values[i]) trues++;
  return `true=${trues} false=${end - start - trues}`;
}

/** A complex element from its real and imaginary parts: `1+3i`, `-2-4i`. */
export function formatComplex(real: number, imaginary: number): string {
  const sign = imaginary < 0 || Object.is(imaginary, -0) ? '-' : '+';
  return `${formatNumber(real)}${sign}${formatNumber(Math.abs(imaginary))}i`;
}

/** The statistics part: `min=… max=… mean=… std=…` then ` NaN=n` / ` Inf=n` when non-zero. */
export function formatStats(stats: TensorStats): string {
  const parts: string[] = [];
  if (stats.finiteCount > 0) {
    parts.push(`min=${formatNumber(stats.min)}`, `max=${formatNumber(stats.max)}`, `mean=${formatNumber(stats.mean)}`, `std=${formatNumber(stats.std)}`);
  }
  if (stats.nanCount > 0) parts.push(`NaN=${stats.nanCount}`);
  if (stats.infCount > 0) parts.push(`Inf=${stats.infCount}`);
  return parts.join(' ');
}

/**
 * The presentation of a tensor (or of a sub-tensor view of one) from its values.
 * `values` holds the elements from `offset` on, row-major.
 */
export function presentValues(dtype: string, shape: readonly number[], values: ArrayLike<number | string | boolean>, offset = 0, statistics = true): string {
  const header = formatHeader(dtype, shape);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return `${header} (empty)`;
  if (shape.length === 0) return `${header} ${formatElement(values[offset], dtype)}`;
  if (dtype === 'string' || dtype === 'complex64' || !statistics) return header;
  if (dtype === 'bool') return `${header} ${formatTruthCounts(values as NumericArray, offset, offset + size)}`;
  const stats = formatStats(computeStats(values as NumericArray, offset, offset + size));
  return stats ? `${header} ${stats}` : header;
}
