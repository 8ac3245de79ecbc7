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

const skipped = /[\\/]node_modules[\\/]@tensorflow[\\/]|^node:|^internal[\\/]|^tfjs-debugger:/;
const frameLimit = 24;

export class CallSites {
  readonly table = new StringTable();
  readonly locations: (SourceLocation | undefined)[] = [];
  private readonly holder: { stack?: unknown } = {};

  constructor() {
    // Id 0 stands for "no user frame" (ops called from tfjs itself, say at load time).
    this.table.id('');
    this.locations.push(undefined);
  }

  /** The interned id of the calling user location. */
  capture(): number {
    const prepare = Error.prepareStackTrace;
    const limit = Error.stackTraceLimit;
    let sites: NodeJS.CallSite[] = [];
    try {
      Error.stackTraceLimit = frameLimit;
      Error.prepareStackTrace = (_error, callSites) => callSites;
      Error.captureStackTrace(this.holder, CallSites.prototype.capture);
      sites = this.holder.stack as NodeJS.CallSite[];
    } finally {
      Error.prepareStackTrace = prepare;
      Error.stackTraceLimit = limit;
      this.holder.stack = undefined;
    }
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
