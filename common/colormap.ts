/**
 * Colour maps and scaling for tensor heatmaps, as 256-entry lookup tables. Pure (no DOM), so
 * the webview, the extension's hover thumbnails and the unit tests share one definition.
 *
 * - viridis (perceptually uniform, luminance rising) for data of one sign;
 * - a blue–white–red diverging map (ColorBrewer RdBu, reversed) centred on zero for signed
 *   data: negative values blue, zero white, positive red;
 * - NaN, +Inf and −Inf in colours that neither map uses (grey, magenta, cyan).
 */

/** An sRGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/** 256 colours, `[r, g, b]` per entry, in one flat array. */
export type ColorTable = Uint8Array;

export type ColormapName = 'viridis' | 'diverging';

/** `linear`: the data's [min, max]; `symmetric`: [−m, m] with m the largest magnitude. */
export type Scaling = 'linear' | 'symmetric';

export const NAN_COLOR: Rgb = [128, 128, 128];
export const POS_INF_COLOR: Rgb = [255, 0, 255];
export const NEG_INF_COLOR: Rgb = [0, 255, 255];

// A degree-6 polynomial fit of matplotlib's viridis (within ~0.015 per channel of the
// published table), one coefficient row per power of t.
const VIRIDIS_COEFFICIENTS: readonly Rgb[] = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

// ColorBrewer RdBu, reversed so that it runs from negative (blue) to positive (red).
const DIVERGING_STOPS: readonly Rgb[] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];

function buildViridis(): ColorTable {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    for (let k = 0; k < 3; k++) {
      let v = VIRIDIS_COEFFICIENTS[6][k];
      for (let p = 5; p >= 0; p--) v = VIRIDIS_COEFFICIENTS[p][k] + t * v;
      table[i * 3 + k] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return table;
}

function buildFromStops(stops: readonly Rgb[]): ColorTable {
  const table = new Uint8Array(256 * 3);
  const segments = stops.length - 1;
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * segments;
    const s = Math.min(segments - 1, Math.floor(x));
    const f = x - s;
    for (let k = 0; k < 3; k++) table[i * 3 + k] = Math.round(stops[s][k] + (stops[s + 1][k] - stops[s][k]) * f);
  }
  // 256 entries have no middle one; both centre entries are the map's white.
  if (segments % 2 === 0) {
    const mid = stops[segments / 2];
    for (const i of [127, 128]) table.set(mid, i * 3);
  }
  return table;
}

export const COLORMAPS: Readonly<Record<ColormapName, ColorTable>> = {
  viridis: buildViridis(),
  diverging: buildFromStops(DIVERGING_STOPS),
};

/** Entry `i` (0–255) of a table. */
export function tableColor(table: ColorTable, i: number): Rgb {
  return [table[i * 3], table[i * 3 + 1], table[i * 3 + 2]];
}

/** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function relativeLuminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** How values map to table entries: a colour map and the range it spans. */
export interface ColorScale {
  colormap: ColormapName;
  /** Value at entry 0. */
  lo: number;
  /** Value at entry 255. */
  hi: number;
  /**
   * For the diverging map, zero sits at the centre: [lo, 0] spans the lower half and
   * [0, hi] the upper half, each at its own slope (so a linear range need not be symmetric).
   */
  centre?: number;
}

/**
 * The scale for data in [min, max] (finite; NaN when there is none): viridis when the data
 * has one sign, the diverging map centred on zero when it has both (or when `symmetric`).
 */
export function chooseScale(min: number, max: number, scaling: Scaling): ColorScale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { colormap: 'viridis', lo: 0, hi: 1 };
  const signed = min < 0 && max > 0;
  if (scaling === 'symmetric') {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
    return { colormap: 'diverging', lo: -m, hi: m, centre: 0 };
  }
  if (signed) return { colormap: 'diverging', lo: min, hi: max, centre: 0 };
  if (min === max) return { colormap: 'viridis', lo: min - 0.5, hi: max + 0.5 };
  return { colormap: 'viridis', lo: min, hi: max };
}

/** Position of a finite value on the scale, 0–1 (clamped). */
export function scalePosition(value: number, scale: ColorScale): number {
  let t: number;
  if (scale.centre !== undefined) {
    const c = scale.centre;
    if (value >= c) t = scale.hi > c ? 0.5 + (0.5 * (value - c)) / (scale.hi - c) : 0.5;
    else t = scale.lo < c ? 0.5 - (0.5 * (c - value)) / (c - scale.lo) : 0.5;
  } else {
    t = scale.hi > scale.lo ? (value - scale.lo) / (scale.hi - scale.lo) : 0.5;
  }
  return Math.min(1, Math.max(0, t));
}

/** The value at position t (0–1) of the scale: the inverse of `scalePosition`, for colour bar ticks. */
export function scaleValue(t: number, scale: ColorScale): number {
  if (scale.centre !== undefined) {
    const c = scale.centre;
    return t >= 0.5 ? c + ((t - 0.5) / 0.5) * (scale.hi - c) : c - ((0.5 - t) / 0.5) * (c - scale.lo);
  }
  return scale.lo + t * (scale.hi - scale.lo);
}

/** The colour of one value: its table entry, or the NaN / ±Inf colour. */
export function colorOf(value: number, scale: ColorScale): Rgb {
  if (Number.isNaN(value)) return NAN_COLOR;
  if (value === Infinity) return POS_INF_COLOR;
  if (value === -Infinity) return NEG_INF_COLOR;
  const t = scalePosition(value, scale);
  // The diverging map's centre spans entries 127 and 128; zero lands on one of them.
  return tableColor(COLORMAPS[scale.colormap], Math.min(255, Math.round(t * 255)));
}

/** Fills `out` (RGBA, 4 bytes per value) with the colours of `data`. */
export function paint(data: ArrayLike<number>, scale: ColorScale, out: Uint8Array | Uint8ClampedArray): void {
  for (let i = 0; i < data.length; i++) {
    const [r, g, b] = colorOf(data[i], scale);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = 255;
  }
}

/** Finite min and max and the NaN / ±Inf counts of `data` (min/max NaN when nothing is finite). */
export function finiteRange(data: ArrayLike<number>): { min: number; max: number; nan: number; posInf: number; negInf: number } {
  let min = Infinity;
  let max = -Infinity;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isNaN(v)) nan++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min > max) return { min: NaN, max: NaN, nan, posInf, negInf };
  return { min, max, nan, posInf, negInf };
}
