/**
 * Colours for gradient norms: viridis over log10 of the norm, spanning the tape's smallest to
 * largest finite positive norm, so that norms many decades apart stay apart. A zero norm
 * takes the bottom colour, NaN / Inf the heatmap's own colours, no gradient none at all.
 * Pure (no DOM).
 */
import { COLORMAPS, NAN_COLOR, POS_INF_COLOR, tableColor, type Rgb } from '../../common/colormap';

/** log10 of the smallest and largest norm the colours span. */
export interface NormScale {
  lo: number;
  hi: number;
}

export function normScale(norms: Iterable<number | undefined>): NormScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const norm of norms) {
    if (norm === undefined || !(norm > 0) || !Number.isFinite(norm)) continue;
    const exponent = Math.log10(norm);
    lo = Math.min(lo, exponent);
    hi = Math.max(hi, exponent);
  }
  if (lo > hi) return { lo: 0, hi: 1 };
  // One decade at least, so a tape of equal norms is not all one end of the map.
  return hi - lo < 1 ? { lo: (lo + hi) / 2 - 0.5, hi: (lo + hi) / 2 + 0.5 } : { lo, hi };
}

/** The colour of a norm on the scale. */
export function normColor(norm: number, scale: NormScale): Rgb {
  if (Number.isNaN(norm)) return NAN_COLOR;
  if (norm === Infinity) return POS_INF_COLOR;
  const t = norm > 0 ? (Math.log10(norm) - scale.lo) / (scale.hi - scale.lo) : 0;
  return tableColor(COLORMAPS.viridis, Math.round(Math.min(1, Math.max(0, t)) * 255));
}
