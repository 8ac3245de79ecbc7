/**
 * Pure helpers for 2-D views of N-D tensors, shared by the heatmap webview and the extension:
 * slice strings (`"0,:,:"`, one index or `:` per axis), the full index of a view cell, and the
 * presentation of numbers and statistics as the Variables view shows them (docs/protocol.md,
 * Tensors in Variables).
 */

import type { TensorStatsBody } from '../protocol/runtimeApi';
import { formatNumber } from './numberFormat';

export { formatNumber };

/** One part per axis: an index, or `':'` for an axis the view spans. */
export type SlicePart = number | ':';

export function parseSlice(slice: string): SlicePart[] {
  if (slice === '') return [];
  return slice.split(',').map((part) => (part.trim() === ':' ? ':' : Number(part)));
}

export function formatSlice(parts: readonly SlicePart[]): string {
  return parts.map(String).join(',');
}

/** The default view of a tensor of rank `rank`: leading axes at 0, the last two spanned. */
export function defaultSlice(rank: number): SlicePart[] {
  return Array.from({ length: rank }, (_, axis) => (axis >= rank - 2 ? ':' : 0));
}

/** The axes a slice spans, in order (rows first). */
export function spannedAxes(parts: readonly SlicePart[]): number[] {
  const axes: number[] = [];
  parts.forEach((part, axis) => {
    if (part === ':') axes.push(axis);
  });
  return axes;
}

/**
 * The slice that shows axes `rows` and `cols` (rows before cols in the tensor's order: a
 * view cannot transpose), keeping the other axes' indices from `parts` (0 where spanned).
 */
export function sliceWithAxes(parts: readonly SlicePart[], rows: number, cols: number): SlicePart[] {
  return parts.map((part, axis) => (axis === rows || axis === cols ? ':' : part === ':' ? 0 : part));
}

/**
 * The index into the full tensor of view cell (row, col), for an unreduced view of `slice`.
 * A rank-1 tensor is one row of cells; a rank-0 tensor is one cell.
 */
export function fullIndex(parts: readonly SlicePart[], viewShape: readonly [number, number], row: number, col: number): number[] {
  const spanned = spannedAxes(parts);
  const index = parts.map((part) => (part === ':' ? 0 : part));
  if (spanned.length >= 2) {
    index[spanned[0]] = row;
    index[spanned[1]] = col;
  } else if (spanned.length === 1) {
    index[spanned[0]] = viewShape[0] === 1 ? col : row;
  }
  return index;
}

/** `float32[8,10] min=-1.23 max=4.5 mean=0.01213 std=0.9801 NaN=1`. */
export function presentTensor(dtype: string, shape: readonly number[], stats: TensorStatsBody): string {
  const header = `${dtype}[${shape.join(',')}]`;
  if (shape.some((n) => n === 0)) return `${header} (empty)`;
  const parts = [header];
  if (Number.isFinite(stats.min)) {
    parts.push(`min=${formatNumber(stats.min)}`, `max=${formatNumber(stats.max)}`);
    parts.push(`mean=${formatNumber(stats.mean)}`, `std=${formatNumber(stats.std)}`);
  }
  if (stats.nanCount > 0) parts.push(`NaN=${stats.nanCount}`);
  if (stats.infCount > 0) parts.push(`Inf=${stats.infCount}`);
  return parts.join(' ');
}

/** Parses what a user types into a cell: a number, or NaN / Inf / -Inf / Infinity. */
export function parseCellValue(text: string): number | undefined {
  const t = text.trim();
  if (/^[+]?(inf|infinity)$/i.test(t)) return Infinity;
  if (/^-(inf|infinity)$/i.test(t)) return -Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}
