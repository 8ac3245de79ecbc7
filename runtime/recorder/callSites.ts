/**
 * The user's source location that called a tfjs op: the first frame of structured V8 call
 * sites that is neither tfjs, nor Node, nor this runtime. Taken once per outermost op (not
 * per kernel), and interned by file and line so each location is resolved once.
 */
import { fileURLToPath } from 'node:url';
import { StringTable } from './kernelRing';

/** A resolved location: `path:line`, with the function's name. */
export interface SourceLocation {
  path: string;
  line: number;
  functionName: string;
}

/**
 * The structured V8 call sites of the caller of `above` (at most `limit` frames), without
 * formatting a stack: `Error.prepareStackTrace` hands them over as they are.
 */
export function callSitesAbove(above: (...args: never[]) => unknown, limit: number): NodeJS.CallSite[] {
  const holder: { stack?: unknown } = {};
  const prepare = Error.prepareStackTrace;
  const stackLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, above);
    return holder.stack as NodeJS.CallSite[];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = stackLimit;
  }
}

const skipped = /[\\/]node_modules[\\/]@tensorflow[\\/]|^node:|^internal[\\/]|^tfjs-debugger:/;
const frameLimit = 10;

export class CallSites {
  readonly table = new StringTable();
  readonly locations: (SourceLocation | undefined)[] = [];

  /** The id that stands for the backward pass, whose ops tfjs calls. */
  readonly backward: number;

  constructor() {
    // Id 0 stands for "no user frame" (ops called from tfjs itself, say at load time).
    this.table.id('');
    this.locations.push(undefined);
    this.backward = this.table.id('(backward)');
    this.locations.push(undefined);
  }

  /** The interned id of the calling user location. */
  capture(): number {
    const sites = callSitesAbove(CallSites.prototype.capture, frameLimit);
    for (const site of sites) {
      const file = site.getFileName();
      // The runtime's own file: V8 names it by path here, not by its sourceURL.
      if (!file || skipped.test(file) || file === __filename) continue;
      const line = site.getLineNumber() ?? 0;
      const key = `${file}:${line}`;
      const id = this.table.id(key);
      if (this.locations[id] === undefined) {
        const path = file.startsWith('file:') ? fileURLToPath(file) : file;
        this.locations[id] = { path, line, functionName: site.getFunctionName() ?? '' };
      }
      return id;
    }
    return 0;
  }
}

/**
 * Whether the `uses`-th use of a prediction is checked against a real capture: the 64th, then
 * ever more rarely as it keeps holding (128th, 256th, ...), at least every 4096th.
 */
function due(uses: number): boolean {
  const powerOfTwo = (uses & (uses - 1)) === 0;
  return uses % 4096 === 0 || (uses >= 64 && powerOfTwo);
}
/** Bound of the prediction table. */
const maxPredictions = 100_000;

interface Prediction {
  source: number;
  uses: number;
  reliable: boolean;
}

/**
 * Capturing a stack costs about 6 µs, several times a small kernel, so outermost ops do not
 * each capture one. A program's ops come in the same order step after step, so the line of
 * an op is predicted from the line of the op before it and its own name; each prediction is
 * checked by a real capture every so often, and one that was ever wrong is never used again.
 */
export class SourcePredictor {
  private readonly predictions = new Map<number, Prediction>();
  private previous = 0;
  /** Whether the last `next` took a real capture (a line's first calls, and each check). */
  captured = false;

  constructor(private readonly callSites: CallSites) {}

  /** The source id of an outermost op named `op` (an interned id) that is starting now. */
  next(op: number): number {
    const key = this.previous * 0x10000 + op;
    const prediction = this.predictions.get(key);
    let source: number;
    this.captured = !(prediction && prediction.reliable && !due(++prediction.uses));
    if (prediction && !this.captured) {
      source = prediction.source;
    } else {
      source = this.callSites.capture();
      if (prediction) prediction.reliable &&= prediction.source === source;
      else if (this.predictions.size < maxPredictions) this.predictions.set(key, { source, uses: 0, reliable: true });
    }
    this.previous = source;
    return source;
  }
}
