/**
 * What the code at a position of a bundled script is (the user's, a library's, a model
 * package's, the bundler's), from the ranges the adapter read off the script's source map
 * (protocol ScriptCodeRanges): a binary search over the ranges' starts, for the frames of the
 * scripts that have ranges only.
 */
import type { ScriptCodeRanges } from '../../protocol/runtimeApi';

/** What a frame's code is. */
export const enum CodeKind {
  User = 0,
  Library = 1,
  /** A model package's (tfjs-layers, tfjs-converter, tfjs-data): library code whose methods are the model calls. */
  Model = 2,
  /** Code the bundler made (module wrappers, helpers): no one's frame. */
  Generated = 3,
}

const kindCodes: Record<ScriptCodeRanges['kinds'][number], CodeKind> = {
  user: CodeKind.User,
  library: CodeKind.Library,
  model: CodeKind.Model,
  generated: CodeKind.Generated,
};

/** Columns are below this: a line and a column make one number that sorts as the pair does. */
const columnSpan = 2 ** 32;

export class CodeRanges {
  private readonly starts: Float64Array;
  private readonly kinds: Uint8Array;

  /** Throws, naming the problem, on ranges that are not in order or do not pair up. */
  constructor(ranges: ScriptCodeRanges) {
    const count = ranges.kinds.length;
    if (ranges.starts.length !== 2 * count) throw new Error(`code ranges: ${ranges.starts.length} numbers for ${count} ranges (two per range: line, column)`);
    this.starts = new Float64Array(count);
    this.kinds = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const start = ranges.starts[2 * i] * columnSpan + ranges.starts[2 * i + 1];
      if (i > 0 && start <= this.starts[i - 1]) throw new Error(`code ranges: range ${i} does not start after range ${i - 1}`);
      const kind = kindCodes[ranges.kinds[i]];
      if (kind === undefined) throw new Error(`code ranges: range ${i} has no kind user, library, model or generated: ${String(ranges.kinds[i])}`);
      this.starts[i] = start;
      this.kinds[i] = kind;
    }
  }

  /** What the code at a position is (line and column 1-based, as a V8 call site gives them). */
  kindAt(line: number, column: number): CodeKind {
    const position = line * columnSpan + column;
    const starts = this.starts;
    // The last range that starts at or before the position.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (starts[middle] <= position) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? CodeKind.User : (this.kinds[low - 1] as CodeKind);
  }
}
