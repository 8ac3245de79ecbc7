/**
 * What the heatmap draws from a view: its values or their difference from the previous stop,
 * with the colour scale for them, and how a cell of it reads in the footer: under the mouse,
 * and exactly at the cell cursor. Pure.
 */
import { chooseScale, finiteRange, type ColorScale, type Scaling } from '../../common/colormap';
import { formatNumber, fullIndex, parseSlice } from '../../common/tensorSlices';
import type { HeatmapView } from '../../protocol/webviewMessages';
import { cellSpan, formatSpan } from './cellIndices';

/** A value of the view, or a diff; `values` is what is drawn. */
export interface Shown {
  view: HeatmapView;
  values: Float32Array;
  /** The previous stop's values, when showing the difference. */
  diffFrom?: Float32Array;
  scale: ColorScale;
}

export function floats(view: HeatmapView): Float32Array {
  return new Float32Array(view.data);
}

/** The diff is meaningful only between views of the same cells. */
export function comparable(a: HeatmapView | undefined, b: HeatmapView | undefined): boolean {
  return !!a && !!b && a.slice === b.slice && a.viewShape[0] === b.viewShape[0] && a.viewShape[1] === b.viewShape[1];
}

export function computeShown(
  current: HeatmapView | undefined,
  previous: HeatmapView | undefined,
  settings: { scaling: Scaling; diff: boolean },
): Shown | undefined {
  if (!current) return undefined;
  const values = floats(current);
  if (settings.diff && comparable(current, previous)) {
    const before = floats(previous as HeatmapView);
    const diff = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) diff[i] = values[i] - before[i];
    const range = finiteRange(diff);
    const scale = chooseScale(range.min, range.max, 'symmetric');
    return { view: current, values: diff, diffFrom: before, scale };
  }
  const range = finiteRange(values);
  return { view: current, values, scale: chooseScale(range.min, range.max, settings.scaling) };
}

export function isReduced(view: HeatmapView): boolean {
  return view.blocks[0] > 1 || view.blocks[1] > 1;
}

export function describeCell(shown: Shown, cell: { row: number; col: number }): string {
  const { view, values } = shown;
  const cols = view.viewShape[1];
  const value = values[cell.row * cols + cell.col];
  const { parts } = parseSlice(view.slice, view.shape);
  let where: string;
  if (isReduced(view)) {
    const [by, bx] = view.blocks;
    const first = fullIndex(parts, cell.row * by, cell.col * bx);
    where = `[${first.join(',')}] block ${by}×${bx} mean`;
  } else {
    where = `[${fullIndex(parts, cell.row, cell.col).join(',')}]`;
  }
  if (shown.diffFrom) {
    const before = shown.diffFrom[cell.row * cols + cell.col];
    const now = before + value;
    return `${where} Δ=${formatNumber(value)} (${formatNumber(before)} → ${formatNumber(now)})`;
  }
  return `${where} = ${formatNumber(value)}`;
}

/**
 * The cursor's cell exactly, for the live readout: `[0,2,5] = 0.12345`; a block-reduced cell
 * as the mean of the ranges it covers, `block mean of [0:2,4:6] = 7`; a diff with both stops.
 */
export function describeCursor(shown: Shown, cell: { row: number; col: number }): string {
  const { view, values } = shown;
  const at = cell.row * view.viewShape[1] + cell.col;
  const span = formatSpan(cellSpan(view, cell));
  const where = isReduced(view) ? `block mean of ${span}` : span;
  if (shown.diffFrom) {
    const before = shown.diffFrom[at];
    const now = floats(view)[at];
    return `${where} Δ = ${formatNumberExact(values[at])} (${formatNumberExact(before)} → ${formatNumberExact(now)})`;
  }
  return `${where} = ${formatNumberExact(values[at])}`;
}

/**
 * The shortest text that reads back as the same float32 (what the cell editor starts with and
 * the values grid shows); nine significant digits always do.
 */
export function formatNumberExact(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  for (let digits = 1; digits <= 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return String(short);
  }
  return String(value);
}
