/**
 * Pure helpers for 2-D views of N-D tensors, shared by the runtime, the heatmap webview and the
 * extension: the one slice parser (`"0,:,2:5"`: per axis an index, `:` or a numpy-style range,
 * one or two axes spanned), the full index of a view cell, and the presentation of numbers and
 * statistics as the Variables view shows them (docs/protocol.md, Tensors in Variables).
 */

import type { TensorStatsBody } from '../protocol/runtimeApi';
import { formatNumber } from './numberFormat';

export { formatNumber };

/** A spanned part of an axis: elements `start`, `start + step`, … before `stop` (resolved, clamped, `step` ≥ 1). */
export interface AxisRange {
  start: number;
  stop: number;
  step: number;
}

/** One part per axis: a fixed index, `':'` for a whole axis the view spans, or the range of it the view spans. */
export type SlicePart = number | ':' | AxisRange;

/** A slice resolved against a shape. */
export interface Slice {
  parts: SlicePart[];
  /** The spanned axes in the tensor's order: rows then columns, or one axis shown as a row. */
  spanned: number[];
  /** The slice normalised (`0,:,2:5`): indices from 0, ranges clamped, a whole axis as `:`. */
  text: string;
}

/** A slice that does not fit its tensor; `problem` says why and what to write instead, without the `slice: ` prefix. */
export class SliceError extends Error {
  constructor(readonly problem: string) {
    super(`slice: ${problem}`);
  }
}

const INDEX = /^[+-]?\d+$/;
const RANGE = /^([+-]?\d+)?:([+-]?\d+)?(?::([+-]?\d+)?)?$/;

/** Where a range bound lands on an axis of `size`, numpy's way: negatives count from the end, and both ends clamp. */
function clampBound(bound: number, size: number): number {
  return Math.min(size, Math.max(0, bound < 0 ? bound + size : bound));
}

/** How many elements a range holds. */
export function rangeLength(range: AxisRange): number {
  return Math.max(0, Math.ceil((range.stop - range.start) / range.step));
}

/** One part of a slice, resolved against its axis. */
function resolvePart(text: string, axis: number, size: number): SlicePart {
  if (text === ':') return ':';
  if (INDEX.test(text)) {
    const index = Number(text);
    if (index < -size || index >= size) throw new SliceError(`index ${text} of axis ${axis} is outside 0..${size - 1}`);
    return index < 0 ? index + size : index;
  }
  const range = RANGE.exec(text);
  if (!range) throw new SliceError(`"${text}" of axis ${axis} is not an index, ':' or a range (start:stop or start:stop:step, as in numpy)`);
  const step = range[3] === undefined ? 1 : Number(range[3]);
  if (!(step >= 1)) throw new SliceError(`step ${range[3]} of axis ${axis} (in ${text}) must be 1 or more: a view cannot reverse or repeat an axis`);
  const start = range[1] === undefined ? 0 : clampBound(Number(range[1]), size);
  const stop = range[2] === undefined ? size : clampBound(Number(range[2]), size);
  const resolved = { start, stop, step };
  if (rangeLength(resolved) === 0 && size > 0) throw new SliceError(`range ${text} of axis ${axis} holds no element of 0..${size - 1}`);
  return start === 0 && stop === size && step === 1 ? ':' : resolved;
}

/** The parts of `text`, split at commas and trimmed; none for an empty text. */
function splitSlice(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',').map((part) => part.trim());
}

/**
 * Resolves `text` (`"0,:,2:5"`; empty or undefined: the default slice) against `shape`. Per axis:
 * an index (negative counts from the end), `:`, or a range `start:stop`, `start:`, `:stop`, with
 * an optional `:step` (numpy's meaning: negative bounds count from the end, bounds clamp to the
 * axis). One or two axes are spanned (`:` or a range), the others fixed. `name` is how a message
 * names the tensor. Throws a {@link SliceError} naming the problem and the fix.
 */
export function parseSlice(text: string | undefined, shape: readonly number[], name = 'the tensor'): Slice {
  const rank = shape.length;
  const given = text === undefined || text.trim() === '' ? defaultSlice(rank).map(String) : splitSlice(text);
  if (given.length !== rank) {
    const axes = `${given.length} ${given.length === 1 ? 'axis' : 'axes'}`;
    const fix = rank === 0 ? 'a scalar takes no slice' : "give one index, ':' or range per axis";
    throw new SliceError(`${axes} given, ${name} has rank ${rank} (shape [${shape.join(',')}]): ${fix}`);
  }
  const parts = given.map((part, axis) => resolvePart(part, axis, shape[axis]));
  const spanned = spannedAxes(parts);
  if (rank === 1 && spanned.length === 0) throw new SliceError(`axis 0 is the one to span: write ':' or a range, not an index`);
  if (rank > 1 && (spanned.length === 0 || spanned.length > 2)) {
    throw new SliceError(
      `pick two axes to span with ':' or a range (or one, for a single row), and an index for each other axis; got ${spanned.length === 0 ? 'none' : spanned.length}`,
    );
  }
  return { parts, spanned, text: formatSlice(parts) };
}

function formatPart(part: SlicePart): string {
  if (typeof part === 'number' || part === ':') return String(part);
  return part.step === 1 ? `${part.start}:${part.stop}` : `${part.start}:${part.stop}:${part.step}`;
}

/** The text of resolved parts, as `parseSlice` normalises it: `0,:,2:5`. */
export function formatSlice(parts: readonly SlicePart[]): string {
  return parts.map(formatPart).join(',');
}

/** A slice as an expression on the tensor: `x[0, :, 2:5]`, or `[0, :, 2:5]` without a name. */
export function sliceExpression(name: string | undefined, parts: readonly SlicePart[]): string {
  return `${name ?? ''}[${parts.map(formatPart).join(', ')}]`;
}

/**
 * The slice text in what a user types: `x[3, :, 0:10]`, `[3, :, 0:10]` or `3, :, 0:10` all give
 * `3, :, 0:10`; whatever stands before the last `[` is the tensor's name, and not checked.
 */
export function sliceOfExpression(typed: string): string {
  const text = typed.trim();
  const bracketed = /^(.*)\[([^[\]]*)\]$/s.exec(text);
  if (bracketed) return bracketed[2];
  if (/[[\]]/.test(text)) throw new SliceError(`unbalanced brackets in ${text}: write x[3, :, 0:10], or 3, :, 0:10 alone`);
  return text;
}

/** The default view of a tensor of rank `rank`: leading axes at 0, the last two spanned. */
export function defaultSlice(rank: number): SlicePart[] {
  return Array.from({ length: rank }, (_, axis) => (axis >= rank - 2 ? ':' : 0));
}

/** The axes a slice spans, in order (rows first). */
export function spannedAxes(parts: readonly SlicePart[]): number[] {
  const axes: number[] = [];
  parts.forEach((part, axis) => {
    if (typeof part !== 'number') axes.push(axis);
  });
  return axes;
}

/** The range a spanned part covers of an axis of `size`. */
export function rangeOf(part: ':' | AxisRange, size: number): AxisRange {
  return part === ':' ? { start: 0, stop: size, step: 1 } : part;
}

/**
 * The slice that shows axes `rows` and `cols` (rows before cols in the tensor's order: a
 * view cannot transpose). An axis spanned before keeps its range; a newly spanned axis is
 * whole; an axis no longer spanned is fixed at the first index it showed.
 */
export function sliceWithAxes(parts: readonly SlicePart[], rows: number, cols: number): SlicePart[] {
  return parts.map((part, axis) => {
    if (axis === rows || axis === cols) return typeof part === 'number' ? ':' : part;
    if (typeof part === 'number') return part;
    return part === ':' ? 0 : part.start;
  });
}

/** The index along a spanned axis of the view's `i`th element on it. */
function along(part: ':' | AxisRange, i: number): number {
  return part === ':' ? i : part.start + i * part.step;
}

/**
 * The index into the full tensor of view cell (row, col), for an unreduced view of `parts`
 * (of a reduced one: the first element of the block, given the cell's first element's row and col).
 * A view with one spanned axis is one row of cells; a rank-0 tensor is one cell.
 */
export function fullIndex(parts: readonly SlicePart[], row: number, col: number): number[] {
  const spanned = spannedAxes(parts);
  const index = parts.map((part) => (typeof part === 'number' ? part : along(part, 0)));
  if (spanned.length >= 2) {
    index[spanned[0]] = along(parts[spanned[0]] as ':' | AxisRange, row);
    index[spanned[1]] = along(parts[spanned[1]] as ':' | AxisRange, col);
  } else if (spanned.length === 1) {
    index[spanned[0]] = along(parts[spanned[0]] as ':' | AxisRange, col);
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
