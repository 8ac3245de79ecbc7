/**
 * Summaries of tensor values for the model panel and the training history: the statistics of
 * the finite elements, the zero count and a 32-bin histogram (a `ValueSummary`), and the dead
 * units of a ReLU-like layer's output. Pure functions over typed arrays, run where the values
 * already are: they create no tensor and read nothing from a device.
 */
import { histogramBins, type ValueSummary } from '../protocol/runtimeApi';
import { computeStats, type NumericArray } from './tensorStats';

/** The summary of `values`: two passes, the statistics first (they give the histogram's range). */
export function summarize(values: NumericArray): ValueSummary {
  const { min, max, mean, std, nanCount, infCount } = computeStats(values);
  const finite = values.length - nanCount - infCount;
  const { counts, zeroCount } = finite === 0 ? { counts: new Uint32Array(histogramBins), zeroCount: 0 } : binned(values, min, max, nanCount + infCount > 0);
  return { min, max, mean, std, nanCount, infCount, zeroCount, histogram: Array.from(counts) };
}

/**
 * The histogram of the finite values over [min, max] and the zero count. One extra bin takes
 * the top edge (folded into the last), so the loop has no range test; values that are not
 * finite take a careful loop of their own.
 */
function binned(values: NumericArray, min: number, max: number, careful: boolean): { counts: Uint32Array; zeroCount: number } {
  const bins = new Uint32Array(histogramBins + 1);
  // A constant tensor fills the first bin.
  const scale = max > min ? histogramBins / (max - min) : 0;
  let zeroCount = 0;
  const length = values.length;
  if (careful) {
    for (let i = 0; i < length; i++) {
      const v = values[i];
      if (v === 0) zeroCount++;
      const bin = Math.floor((v - min) * scale);
      // NaN and ±Inf give NaN or out-of-range bins, which are skipped.
      if (bin >= 0 && bin <= histogramBins) bins[bin]++;
    }
  } else {
    // Four histograms, one per lane: runs of equal bins (a ReLU's zeros) would otherwise wait
    // on their own increments.
    const stride = histogramBins + 1;
    const lanes = new Uint32Array(4 * stride);
    let i = 0;
    for (const quads = length - (length & 3); i < quads; i += 4) {
      const v0 = values[i];
      const v1 = values[i + 1];
      const v2 = values[i + 2];
      const v3 = values[i + 3];
      zeroCount += (v0 === 0 ? 1 : 0) + (v1 === 0 ? 1 : 0) + (v2 === 0 ? 1 : 0) + (v3 === 0 ? 1 : 0);
      lanes[((v0 - min) * scale) | 0]++;
      lanes[stride + (((v1 - min) * scale) | 0)]++;
      lanes[2 * stride + (((v2 - min) * scale) | 0)]++;
      lanes[3 * stride + (((v3 - min) * scale) | 0)]++;
    }
    for (; i < length; i++) {
      const v = values[i];
      zeroCount += v === 0 ? 1 : 0;
      lanes[((v - min) * scale) | 0]++;
    }
    for (let bin = 0; bin < stride; bin++) bins[bin] = lanes[bin] + lanes[stride + bin] + lanes[2 * stride + bin] + lanes[3 * stride + bin];
  }
  bins[histogramBins - 1] += bins[histogramBins];
  return { counts: bins.subarray(0, histogramBins), zeroCount };
}

/**
 * How many of the `units` entries of the last axis were zero or less everywhere in `values`
 * (row-major, `units` innermost): the units a ReLU has killed on this batch.
 */
export function deadUnits(values: NumericArray, units: number): number {
  if (units <= 0 || values.length % units !== 0) return 0;
  const alive = new Uint8Array(units);
  let dead = units;
  // Most units live, and show it in the first examples: the scan ends once every one has.
  for (let start = 0; start < values.length && dead > 0; start += units) {
    for (let unit = 0; unit < units; unit++) {
      if (alive[unit] === 0 && values[start + unit] > 0) {
        alive[unit] = 1;
        dead--;
      }
    }
  }
  return dead;
}
