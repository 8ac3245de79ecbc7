/**
 * One tensor's summaries by training step, in bounded memory: the last `recentSteps` steps
 * whole, in typed arrays of 160 bytes a step (step, 7 statistics, 32 histogram counts); the
 * steps that fall out of them thinned to every 2^k-th step, k growing by one whenever more than
 * `olderSteps` are kept. A step summed up twice (a layer run twice in a step) keeps the last.
 */
import { histogramBins, type ValueSummary } from '../../protocol/runtimeApi';

/** Statistics kept per step: min, max, mean, std, NaN count, ±Inf count, zero count. */
const statsPerStep = 7;
/** Bytes one step takes in the recent arrays. */
export const bytesPerStep = 4 + 4 * statsPerStep + 4 * histogramBins;

/** The memory the rings may take together, and how many summaries it turned away. */
export class SummaryBudget {
  bytes = 0;
  dropped = 0;
  constructor(public maxBytes: number) {}

  /** Takes `bytes` if they fit. */
  take(bytes: number): boolean {
    if (this.bytes + bytes > this.maxBytes) return false;
    this.bytes += bytes;
    return true;
  }
}

/** Summaries in typed arrays, by slot. */
class Columns {
  readonly steps: Int32Array;
  readonly stats: Float32Array;
  readonly bins: Uint32Array;

  constructor(readonly capacity: number) {
    this.steps = new Int32Array(capacity);
    this.stats = new Float32Array(capacity * statsPerStep);
    this.bins = new Uint32Array(capacity * histogramBins);
  }

  write(slot: number, step: number, summary: ValueSummary): void {
    this.steps[slot] = step;
    this.stats.set([summary.min, summary.max, summary.mean, summary.std, summary.nanCount, summary.infCount, summary.zeroCount], slot * statsPerStep);
    this.bins.set(summary.histogram, slot * histogramBins);
  }

  copy(from: number, to: Columns, slot: number): void {
    to.steps[slot] = this.steps[from];
    to.stats.set(this.stats.subarray(from * statsPerStep, (from + 1) * statsPerStep), slot * statsPerStep);
    to.bins.set(this.bins.subarray(from * histogramBins, (from + 1) * histogramBins), slot * histogramBins);
  }

  /** The summary in `slot`; without its histogram (left empty) unless `histogram`. */
  read(slot: number, histogram = true): ValueSummary {
    // Float32 values written with the 9 digits that give them back exactly, not a double's 17.
    const [min, max, mean, std, nanCount, infCount, zeroCount] = Array.from(this.stats.subarray(slot * statsPerStep, (slot + 1) * statsPerStep), (value) =>
      Number(value.toPrecision(9)),
    );
    const bins = histogram ? Array.from(this.bins.subarray(slot * histogramBins, (slot + 1) * histogramBins)) : [];
    return { min, max, mean, std, nanCount, infCount, zeroCount, histogram: bins };
  }
}

export class SummaryRing {
  /** The recent steps, a circular buffer grown by doubling up to `recentSteps`. */
  private recent = new Columns(0);
  /** Where the oldest recent step is, and how many there are. */
  private head = 0;
  private length = 0;
  /** Steps that fell out of the recent ones, oldest first, each a multiple of `olderEvery`; allocated at the first. */
  private older: Columns | undefined;
  private olderLength = 0;
  /** Older steps are kept every this many steps (a power of two). */
  olderEvery = 1;

  constructor(
    private readonly budget: SummaryBudget,
    private readonly recentSteps: number,
    private readonly olderSteps: number,
  ) {}

  /** The newest step summed up, or undefined. */
  get lastStep(): number | undefined {
    return this.length === 0 ? undefined : this.recent.steps[this.slot(this.length - 1)];
  }

  /** The oldest step kept, or undefined. */
  get firstStep(): number | undefined {
    if (this.older && this.olderLength > 0) return this.older.steps[0];
    return this.length === 0 ? undefined : this.recent.steps[this.head];
  }

  add(step: number, summary: ValueSummary): void {
    if (this.lastStep === step) {
      this.recent.write(this.slot(this.length - 1), step, summary);
      return;
    }
    if (this.length === this.recent.capacity && !this.grow()) {
      if (this.recent.capacity === 0) {
        this.budget.dropped++;
        return;
      }
      this.evictOldest();
    }
    this.recent.write(this.slot(this.length), step, summary);
    this.length++;
  }

  /** The steps kept and their summaries (histograms left empty unless `histograms`), oldest first; at most `points` of them, evenly picked, when given. */
  entries(points?: number, histograms = true): { steps: number[]; summaries: ValueSummary[] } {
    const all: { columns: Columns; slot: number }[] = [];
    for (let i = 0; i < this.olderLength; i++) all.push({ columns: this.older as Columns, slot: i });
    for (let i = 0; i < this.length; i++) all.push({ columns: this.recent, slot: this.slot(i) });
    const picked =
      points !== undefined && all.length > points
        ? Array.from({ length: points }, (_, i) => all[Math.round((i * (all.length - 1)) / Math.max(1, points - 1))])
        : all;
    return {
      steps: picked.map(({ columns, slot }) => columns.steps[slot]),
      summaries: picked.map(({ columns, slot }) => columns.read(slot, histograms)),
    };
  }

  /** The recent slot of the `i`-th oldest recent step. */
  private slot(i: number): number {
    return (this.head + i) % this.recent.capacity;
  }

  /** Doubles the recent arrays up to `recentSteps`, within the budget. */
  private grow(): boolean {
    const capacity = Math.min(this.recentSteps, Math.max(16, this.recent.capacity * 2));
    if (capacity <= this.recent.capacity || !this.budget.take((capacity - this.recent.capacity) * bytesPerStep)) return false;
    const grown = new Columns(capacity);
    for (let i = 0; i < this.length; i++) this.recent.copy(this.slot(i), grown, i);
    this.recent = grown;
    this.head = 0;
    return true;
  }

  /** Moves the oldest recent step to the older ones if it falls on their stride (and they have memory). */
  private evictOldest(): void {
    const from = this.head;
    this.head = (this.head + 1) % this.recent.capacity;
    this.length--;
    const step = this.recent.steps[from];
    if (step % this.olderEvery !== 0) return;
    if (!this.older) {
      if (!this.budget.take((this.olderSteps + 1) * bytesPerStep)) {
        this.budget.dropped++;
        return;
      }
      this.older = new Columns(this.olderSteps + 1);
    }
    this.recent.copy(from, this.older, this.olderLength++);
    if (this.olderLength <= this.olderSteps) return;
    // Full: keep every other one of those kept.
    this.olderEvery *= 2;
    let kept = 0;
    for (let i = 0; i < this.olderLength; i++) if (this.older.steps[i] % this.olderEvery === 0) this.older.copy(i, this.older, kept++);
    this.olderLength = kept;
  }
}
