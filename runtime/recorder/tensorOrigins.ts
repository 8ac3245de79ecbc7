/**
 * Where the program's live tensors were made, for the leak finder: every tensor tfjs counts
 * (`engine.trackTensor`: op outputs, `tf.tensor`, variables, clones) is noted with the call
 * path the recorder gives it, and forgotten when tfjs disposes it (`engine.disposeTensor`).
 * Per path it keeps the tensors alive and their bytes, and how many it made and how many of
 * those were disposed, so that a report groups them by the user's line at any time without a
 * walk over the tensors. At each stop the counts per line are kept, and the report gives each
 * line's growth since the previous stop and per training step between them (a leak of one
 * tensor per step is `+1 / step`). Only the program's tensors: the debugger's work is left
 * out by the caller. The live tensors themselves are held until tfjs disposes them (a tensor
 * the program dropped without disposing keeps its data in the engine anyway), so that a
 * line's tensors can be shown.
 */
import { fileNameOf } from '../../common/frameNames';
import type { TensorLine, TensorLines } from '../../protocol/runtimeApi';
import type { CallSites } from './callSites';

/** The parts of a tensor the counts read. */
export interface CountedTensor {
  id: number;
  dtype: string;
  size: number;
}

/** Bytes as tfjs counts them in `numBytes` (complex64 by its parts, strings apart). */
function bytesOf(tensor: CountedTensor): number {
  switch (tensor.dtype) {
    case 'float32':
    case 'int32':
      return 4 * tensor.size;
    case 'bool':
      return tensor.size;
    default:
      return 0;
  }
}

/** The counts of one line at a stop. */
interface LineCount {
  tensors: number;
  bytes: number;
}

/** What was kept at a stop. */
interface StopCounts {
  steps: number;
  lines: Map<string, LineCount>;
}

/** How many lines a report lists at most (the ones that grew and the largest first). */
const maxLines = 500;

/** Per path id, grown as paths are interned: typed, so that the counts of a step stay out of the garbage collector's way. */
class PathCounts {
  live = new Int32Array(64);
  liveBytes = new Float64Array(64);
  made = new Float64Array(64);
  disposed = new Float64Array(64);

  /** Makes room for `path`. */
  reach(path: number): void {
    if (path < this.live.length) return;
    let size = this.live.length;
    while (size <= path) size *= 2;
    const grow = <T extends Int32Array | Float64Array>(from: T, make: new (n: number) => T): T => {
      const to = new make(size);
      to.set(from);
      return to;
    };
    this.live = grow(this.live, Int32Array);
    this.liveBytes = grow(this.liveBytes, Float64Array);
    this.made = grow(this.made, Float64Array);
    this.disposed = grow(this.disposed, Float64Array);
  }
}

export class TensorOrigins {
  /** Per live tensor id: the path id it was made at, and the tensor. */
  private readonly madeAt = new Map<number, number>();
  private readonly held = new Map<number, CountedTensor>();
  private readonly counts = new PathCounts();
  /** How many path ids have counts (the highest noted, plus one). */
  private paths = 0;
  /** Training steps seen (outermost gradient computations of the program). */
  steps = 0;
  /** The counts at the previous stop and at this one. */
  private stops: [StopCounts | undefined, StopCounts | undefined] = [undefined, undefined];

  constructor(private readonly callSites: CallSites) {}

  /** A tensor the program made, at path `path` (tfjs counts each tensor object once). */
  note(tensor: CountedTensor, path: number): void {
    const counts = this.counts;
    if (path >= this.paths) {
      counts.reach(path);
      this.paths = path + 1;
    }
    this.madeAt.set(tensor.id, path);
    this.held.set(tensor.id, tensor);
    counts.live[path]++;
    counts.liveBytes[path] += bytesOf(tensor);
    counts.made[path]++;
  }

  /** A tensor tfjs disposed (one it never counted, or one made before tracking, is ignored). */
  forget(tensor: CountedTensor): void {
    const path = this.madeAt.get(tensor.id);
    if (path === undefined) return;
    this.madeAt.delete(tensor.id);
    this.held.delete(tensor.id);
    const counts = this.counts;
    counts.live[path]--;
    counts.liveBytes[path] -= bytesOf(tensor);
    counts.disposed[path]++;
  }

  /** The program stopped: its counts per line are kept for the next stop's growth. */
  markStop(): void {
    this.stops = [this.stops[1], { steps: this.steps, lines: this.linesNow() }];
  }

  /** Live tensors by the line that made them, the ones that grew most first. */
  report(tracking: boolean): TensorLines {
    const lines = this.linesNow();
    const [previous, current] = this.stops;
    const steps = current && previous ? current.steps - previous.steps : undefined;
    if (current && previous) {
      for (const [key, line] of lines) {
        const then = previous.lines.get(key) ?? { tensors: 0, bytes: 0 };
        const now = current.lines.get(key) ?? { tensors: 0, bytes: 0 };
        line.sincePreviousStop = { tensors: now.tensors - then.tensors, bytes: now.bytes - then.bytes };
        if (steps) line.perStep = line.sincePreviousStop.tensors / steps;
      }
    }
    const sorted = [...lines.values()].sort(
      (a, b) => (b.sincePreviousStop?.tensors ?? 0) - (a.sincePreviousStop?.tensors ?? 0) || b.bytes - a.bytes || b.tensors - a.tensors,
    );
    return {
      steps: this.steps,
      ...(steps !== undefined && { stepsSincePreviousStop: steps }),
      tracked: this.madeAt.size,
      tracking,
      lines: sorted.slice(0, maxLines),
      ...(sorted.length > maxLines && { moreLines: sorted.length - maxLines }),
    };
  }

  /** The counts of the paths grouped by the line each stands for. */
  private linesNow(): Map<string, TensorLine> {
    const lines = new Map<string, TensorLine>();
    const { live, liveBytes, made, disposed } = this.counts;
    for (let path = 0; path < this.paths; path++) {
      if (!made[path]) continue;
      const key = this.lineKey(path);
      let line = lines.get(key);
      if (!line) lines.set(key, (line = { ...this.describe(path), tensors: 0, bytes: 0, made: 0, disposed: 0 }));
      line.tensors += live[path];
      line.bytes += liveBytes[path];
      line.made += made[path];
      line.disposed += disposed[path];
    }
    return lines;
  }

  /** The live tensors made at the line `key` (a `TensorLine`'s), oldest first. */
  tensorsAt(key: string): CountedTensor[] {
    const found: CountedTensor[] = [];
    for (const [id, path] of this.madeAt) {
      const tensor = this.held.get(id);
      if (tensor && this.lineKey(path) === key) found.push(tensor);
    }
    return found;
  }

  /** The line a path stands for: its innermost user frame, or what tfjs did on its own. */
  private lineKey(path: number): string {
    const location = this.callSites.locations[path];
    if (location) return `${location.path}:${location.line}`;
    return path === this.callSites.backward ? '(backward pass)' : '(tfjs)';
  }

  private describe(path: number): Pick<TensorLine, 'key' | 'name' | 'source' | 'functionName'> {
    const location = this.callSites.locations[path];
    const key = this.lineKey(path);
    if (!location) return { key, name: key };
    return {
      key,
      name: `${fileNameOf(location.path)}:${location.line}`,
      source: { path: location.path, line: location.line, column: location.column },
      functionName: location.functionName,
    };
  }
}
