/**
 * Statistics and presentation strings of tensor values (CONTRACT §4). Pure functions over
 * typed arrays, so they are unit-tested without tfjs and never create tensors.
 */
import type { TensorStatsBody } from '../protocol/customRequests';
import { formatNumber } from '../protocol/numberFormat';

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
 * Statistics of the rows × cols values from `start` on (finite ones; NaN and ±Inf counted
 * apart) and their block means, in one pass in memory order. The variance is accumulated in
 * float64 over values shifted by the first finite one ("shifted data"): a plain sum of
 * squares loses the variance of large-mean data to cancellation, the shift keeps it, and one
 * pass instead of two halves what a million elements cost. `std` is the population
 * deviation, as `tf.moments` computes it.
 */
export function statsAndBlocks(values: NumericArray, start: number, rows: number, cols: number, by: number, bx: number): StatsAndBlocks {
  const outRows = Math.ceil(rows / by);
  const outCols = Math.ceil(cols / bx);
  const sums = new Float64Array(outRows * outCols);
  let min = Infinity;
  let max = -Infinity;
  let nanCount = 0;
  let infCount = 0;
  let shift = NaN;
  let sum = 0;
  let squares = 0;
  for (let r = 0; r < rows; r++) {
    const rowBase = start + r * cols;
    const outBase = Math.floor(r / by) * outCols;
    let c = 0;
    for (let C = 0; C < outCols; C++) {
      const end = Math.min(c + bx, cols);
      let block = 0;
      for (; c < end; c++) {
        const v = values[rowBase + c];
        block += v;
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
      sums[outBase + C] += block;
    }
  }
  const means = new Float32Array(outRows * outCols);
  for (let R = 0; R < outRows; R++) {
    const height = Math.min(by, rows - R * by);
    for (let C = 0; C < outCols; C++) means[R * outCols + C] = sums[R * outCols + C] / (height * Math.min(bx, cols - C * bx));
  }
  const finiteCount = rows * cols - nanCount - infCount;
  if (finiteCount === 0) return { stats: { min: NaN, max: NaN, mean: NaN, std: NaN, nanCount, infCount, finiteCount }, rows: outRows, cols: outCols, means };
  const meanShift = sum / finiteCount;
  const std = Math.sqrt(Math.max(0, squares / finiteCount - meanShift * meanShift));
  return { stats: { min, max, mean: shift + meanShift, std, nanCount, infCount, finiteCount }, rows: outRows, cols: outCols, means };
}

/** Statistics of the values in `[start, end)`. */
export function computeStats(values: NumericArray, start = 0, end = values.length): TensorStats {
  const count = Math.max(0, end - start);
  return statsAndBlocks(values, start, 1, count, 1, Math.max(1, count)).stats;
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
    parts.push(
      `min=${formatNumber(stats.min)}`,
      `max=${formatNumber(stats.max)}`,
      `mean=${formatNumber(stats.mean)}`,
      `std=${formatNumber(stats.std)}`,
    );
  }
  if (stats.nanCount > 0) parts.push(`NaN=${stats.nanCount}`);
  if (stats.infCount > 0) parts.push(`Inf=${stats.infCount}`);
  return parts.join(' ');
}

/**
 * The presentation of a tensor (or of a sub-tensor view of one) from its values.
 * `values` holds the elements from `offset` on, row-major.
 */
export function presentValues(
  dtype: string,
  shape: readonly number[],
  values: ArrayLike<number | string | boolean>,
  offset = 0,
  statistics = true,
): string {
  const header = formatHeader(dtype, shape);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return `${header} (empty)`;
  if (shape.length === 0) return `${header} ${formatElement(values[offset], dtype)}`;
  if (dtype === 'string' || dtype === 'complex64' || !statistics) return header;
  if (dtype === 'bool') return `${header} ${formatTruthCounts(values as NumericArray, offset, offset + size)}`;
  const stats = formatStats(computeStats(values as NumericArray, offset, offset + size));
  return stats ? `${header} ${stats}` : header;
}
