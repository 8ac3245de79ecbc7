/**
 * Which elements of the full tensor a view's cell, row or column stands for: one index per
 * axis for an unreduced view, the ranges its block covers for a block-reduced one. Every
 * cell→index mapping goes through tensorSlices' `fullIndex`, so that it follows whatever
 * slices that understands. Pure.
 */
import { fullIndex, parseSlice, type SlicePart } from '../../common/tensorSlices';
import type { HeatmapView } from '../../protocol/webviewMessages';
import type { Cell } from './heatmapState';

/** The first and last (inclusive) index into the full tensor of the elements a cell covers. */
export interface CellSpan {
  first: number[];
  last: number[];
}

/** The last index of the tensor's axis that `part` of a slice reaches, for an axis of `size` elements. */
function lastReached(part: SlicePart, size: number): number {
  if (typeof part === 'number') return part;
  if (part === ':') return size - 1;
  return part.start + Math.floor((part.stop - 1 - part.start) / part.step) * part.step;
}

export function cellSpan(view: HeatmapView, cell: Cell): CellSpan {
  const { parts } = parseSlice(view.slice, view.shape);
  const [by, bx] = view.blocks;
  const first = fullIndex(parts, cell.row * by, cell.col * bx);
  // Edge blocks are smaller: their last element is the last the slice reaches on that axis.
  const last = fullIndex(parts, cell.row * by + by - 1, cell.col * bx + bx - 1).map((index, axis) =>
    Math.min(index, lastReached(parts[axis], view.shape[axis] ?? 1)),
  );
  return { first, last };
}

/** One axis of a span: `5`, or `4:6` (Python's half-open slice) for a block's range. */
function axisText(first: number, last: number): string {
  return first === last ? String(first) : `${first}:${last + 1}`;
}

/** `[0,2,5]`, or `[0,4:6,10:12]` for a block. */
export function formatSpan(span: CellSpan): string {
  return `[${span.first.map((first, axis) => axisText(first, span.last[axis])).join(',')}]`;
}

/** The axis of the full tensor that a view's rows (or columns) walk along; undefined when none does (a rank-1 view's one row). */
function walkedAxis(view: HeatmapView, along: 'row' | 'col'): number | undefined {
  const { parts } = parseSlice(view.slice, view.shape);
  const origin = fullIndex(parts, 0, 0);
  const step = along === 'row' ? fullIndex(parts, 1, 0) : fullIndex(parts, 0, 1);
  const axis = step.findIndex((index, i) => index !== origin[i]);
  return axis < 0 ? undefined : axis;
}

/** The header of a view's row `row`: its index along the rows' axis, or the range its blocks cover. */
export function rowLabel(view: HeatmapView, row: number): string {
  const axis = walkedAxis(view, 'row');
  if (axis === undefined) return '';
  const span = cellSpan(view, { row, col: 0 });
  return axisText(span.first[axis], span.last[axis]);
}

/** The header of a view's column `col`, as `rowLabel`. */
export function colLabel(view: HeatmapView, col: number): string {
  const axis = walkedAxis(view, 'col');
  if (axis === undefined) return '';
  const span = cellSpan(view, { row: 0, col });
  return axisText(span.first[axis], span.last[axis]);
}
