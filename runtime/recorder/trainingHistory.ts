/**
 * The training history: for every trainable weight (its value after each update, its gradient)
 * and every layer's output, a summary per training step in a {@link SummaryRing}; for the
 * weights the user pins, their values at every step as well: whole up to 1024 values, larger
 * ones as the block means of their 2-D view (at most 32×32), and whole every `fullEvery` steps.
 * All of it within one memory budget (the launch argument `historyMB`); what does not fit is
 * counted as dropped. Rings and snapshots are keyed by the program's own objects (variables,
 * layers), weakly, so a model the program drops takes its history with it.
 */
import type { HistoryKind, ValueSummary } from '../../protocol/runtimeApi';
import type { NumericArray } from '../tensorStats';
import { summarize } from '../valueSummary';
import { SummaryBudget, SummaryRing } from './summaryRing';

/** Steps kept whole, and older steps kept thinned, per tensor. */
const recentSteps = 4096;
const olderSteps = 1024;
/** Values a pinned weight's snapshot holds at most. */
export const snapshotValues = 1024;
const snapshotSide = 32;

/** A pinned weight's values at one step: whole, or the block means of its 2-D view. */
export interface WeightSnapshot {
  step: number;
  /** The shape of `values`: the weight's own when whole, else the reduced view's `[rows, cols]`. */
  shape: number[];
  values: Float32Array;
  whole: boolean;
}

/** The 2-D view of a shape: leading axes folded into rows. */
function viewOf(shape: number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  const cols = shape[shape.length - 1];
  return [shape.slice(0, -1).reduce((a, b) => a * b, 1), cols];
}

/** The means of the blocks of a rows × cols view, at most {@link snapshotSide} a side. */
export function blockMeans(values: NumericArray, rows: number, cols: number): { shape: [number, number]; values: Float32Array } {
  const by = Math.ceil(rows / snapshotSide);
  const bx = Math.ceil(cols / snapshotSide);
  const outRows = Math.ceil(rows / by);
  const outCols = Math.ceil(cols / bx);
  const sums = new Float64Array(outRows * outCols);
  const counts = new Uint32Array(outRows * outCols);
  for (let r = 0; r < rows; r++) {
    const base = Math.floor(r / by) * outCols;
    for (let c = 0; c < cols; c++) {
      const at = base + Math.floor(c / bx);
      sums[at] += values[r * cols + c];
      counts[at]++;
    }
  }
  return { shape: [outRows, outCols], values: Float32Array.from(sums, (sum, i) => sum / counts[i]) };
}

class PinnedWeight {
  /** By step: the snapshot taken at every step (the recent ones) and the whole copies every `fullEvery` steps. */
  readonly everyStep = new Map<number, WeightSnapshot>();
  readonly whole = new Map<number, WeightSnapshot>();
  constructor(readonly shape: number[]) {}
}

export class TrainingHistory {
  readonly budget: SummaryBudget;
  private readonly rings = new WeakMap<object, Map<HistoryKind, SummaryRing>>();
  private readonly pinned = new WeakMap<object, PinnedWeight>();

  constructor(
    maxBytes: number,
    /** A pinned weight larger than {@link snapshotValues} is copied whole every this many steps. */
    private readonly fullEvery = 100,
  ) {
    this.budget = new SummaryBudget(maxBytes);
  }

  /** Sums up `values` as `key`'s `kind` at `step`; snapshots them too for a pinned weight's value. */
  record(key: object, kind: HistoryKind, step: number, values: NumericArray, summary: ValueSummary = summarize(values)): void {
    this.recordSummary(key, kind, step, summary);
    if (kind === 'value' && this.pinned.has(key)) this.snapshot(key, step, values);
  }

  /** Keeps a summary made elsewhere (on a GPU, without the values: a pinned weight's are snapshotted through {@link record}). */
  recordSummary(key: object, kind: HistoryKind, step: number, summary: ValueSummary): void {
    let rings = this.rings.get(key);
    if (!rings) this.rings.set(key, (rings = new Map()));
    let ring = rings.get(kind);
    if (!ring) rings.set(kind, (ring = new SummaryRing(this.budget, recentSteps, olderSteps)));
    ring.add(step, summary);
  }

  /** `key`'s ring of `kind`, if it was recorded. */
  ring(key: object, kind: HistoryKind): SummaryRing | undefined {
    return this.rings.get(key)?.get(kind);
  }

  /** Pins or unpins a weight; a pinned one is snapshotted now (at `step`) with `values`. */
  pin(key: object, shape: number[], on: boolean, step: number, values: NumericArray | undefined): void {
    if (!on) {
      const pinned = this.pinned.get(key);
      if (pinned) for (const snapshot of [...pinned.everyStep.values(), ...pinned.whole.values()]) this.budget.bytes -= snapshot.values.byteLength;
      this.pinned.delete(key);
      return;
    }
    if (!this.pinned.has(key)) this.pinned.set(key, new PinnedWeight(shape.slice()));
    if (values) this.snapshot(key, step, values);
  }

  isPinned(key: object): boolean {
    return this.pinned.has(key);
  }

  /** The steps a pinned weight has snapshots of, oldest first. */
  snapshotSteps(key: object): number[] {
    const pinned = this.pinned.get(key);
    if (!pinned) return [];
    return [...new Set([...pinned.everyStep.keys(), ...pinned.whole.keys()])].sort((a, b) => a - b);
  }

  /** A pinned weight's values at `step`: the whole copy when there is one, else the snapshot of that step. */
  snapshotAt(key: object, step: number): WeightSnapshot | undefined {
    const pinned = this.pinned.get(key);
    return pinned?.whole.get(step) ?? pinned?.everyStep.get(step);
  }

  private snapshot(key: object, step: number, values: NumericArray): void {
    const pinned = this.pinned.get(key);
    if (!pinned) return;
    const whole = values.length <= snapshotValues;
    const reduced = whole ? undefined : blockMeans(values, ...viewOf(pinned.shape));
    const taken: WeightSnapshot = whole
      ? { step, shape: pinned.shape, values: Float32Array.from(values), whole: true }
      : { step, shape: reduced?.shape ?? [], values: reduced?.values ?? new Float32Array(0), whole: false };
    this.keep(pinned.everyStep, taken, recentSteps);
    if (!whole && step % this.fullEvery === 0) this.keep(pinned.whole, { step, shape: pinned.shape, values: Float32Array.from(values), whole: true }, Infinity);
  }

  /** Keeps a snapshot in `map` (replacing that step's), the oldest let go beyond `limit`; within the budget. */
  private keep(map: Map<number, WeightSnapshot>, snapshot: WeightSnapshot, limit: number): void {
    const replaced = map.get(snapshot.step);
    if (replaced) this.budget.bytes -= replaced.values.byteLength;
    map.delete(snapshot.step);
    if (map.size >= limit) {
      const [oldest, dropped] = map.entries().next().value as [number, WeightSnapshot];
      map.delete(oldest);
      this.budget.bytes -= dropped.values.byteLength;
    }
    if (!this.budget.take(snapshot.values.byteLength)) {
      this.budget.dropped++;
      return;
    }
    map.set(snapshot.step, snapshot);
  }
}
