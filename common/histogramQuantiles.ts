/**
 * Quantiles of values known only by a histogram (a `ValueSummary`: equal bins from min to
 * max), for the model panel's distribution band: within a bin the values are taken as spread
 * evenly. Pure math, safe in Node and in a page.
 */

/** The quantiles TensorBoard's distributions draw: the median, ±1σ, ±2σ of a normal, and the extremes. */
export const bandQuantiles = [0, 0.0668, 0.1587, 0.3085, 0.5, 0.6915, 0.8413, 0.9332, 1];

/** The values at `quantiles` (each in [0, 1]) of the finite values a histogram counts; NaN for an empty one. */
export function histogramQuantiles(min: number, max: number, counts: readonly number[], quantiles: readonly number[] = bandQuantiles): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0 || !Number.isFinite(min) || !Number.isFinite(max)) return quantiles.map(() => NaN);
  const width = (max - min) / counts.length;
  return quantiles.map((q) => {
    if (q <= 0) return min;
    if (q >= 1) return max;
    const wanted = q * total;
    let before = 0;
    for (let bin = 0; bin < counts.length; bin++) {
      const count = counts[bin];
      if (count > 0 && before + count >= wanted) return min + width * (bin + (wanted - before) / count);
      before += count;
    }
    return max;
  });
}
