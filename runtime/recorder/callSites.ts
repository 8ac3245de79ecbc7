/**
 * The call path that ran a tfjs op: the user's frames (the innermost frame outside library
 * code is the op's line), the model method they called (`fit`, `predict`) and the tf.layers
 * layers running, taken from structured V8 call sites however deep the stack is. Taken for an
 * op whose path is not predicted (see SourcePredictor), and interned so each path is described
 * once. Library code is known by its script's URL, or in a bundled script (tfjs and the user's
 * code in one file) by the ranges its source map gives (codeRanges.ts).
 */
import { runtimeHost, type RuntimeHost } from '../host';
import { CodeKind, type CodeRanges } from './codeRanges';
import { StringTable } from './kernelRing';
import { defaultLibraryPatterns, libraryRegex, modelPackage } from '../../common/libraryPatterns';
import { layerApplyName, modelCallName, ModelScopes } from './modelScopes';

/** A frame of the user's code. */
export interface SourceLocation {
  path: string;
  line: number;
  column: number;
  /** The function's name; empty for an anonymous function and for a module's top level. */
  functionName: string;
  /** Where an anonymous function is defined (it is shown as `<anonymous> line N`). */
  defined?: { line: number; column: number };
}

/** One level of a call path, outermost first. */
export type CallStep = { kind: 'call'; location: SourceLocation } | { kind: 'api'; name: string } | { kind: 'layer'; name: string; className: string };

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

/**
 * Node's own code and the TypeScript loader the debugger runs programs with: never the user's,
 * and a stack that starts here was started by the event loop or a module load, not by tfjs.
 */
const nodeInternal = /^node:|^internal[\\/]|[\\/]node_modules[\\/]tsx[\\/]/;
/** The method name of a library frame: `LayersModel.fit` → `fit`. */
function methodName(site: NodeJS.CallSite): string | undefined {
  return lastName(site.getMethodName() ?? site.getFunctionName());
}

function lastName(name: string | null | undefined): string | undefined {
  return name ? name.slice(name.lastIndexOf('.') + 1) : undefined;
}

/** The innermost user frame of a path. */
export function innermostCall(steps: readonly CallStep[]): SourceLocation | undefined {
  let innermost: SourceLocation | undefined;
  for (const step of steps) if (step.kind === 'call') innermost = step.location;
  return innermost;
}

function stepKey(step: CallStep): string {
  if (step.kind === 'call') return `c${step.location.path}:${step.location.line}:${step.location.column}`;
  return step.kind === 'api' ? `a${step.name}` : `l${step.name}`;
}

export class CallSites {
  readonly table = new StringTable();
  /** Per path id: its steps, outermost first (none for ids 0 and backward). */
  readonly paths: (CallStep[] | undefined)[] = [];
  /** Per path id: its innermost user frame, the op's line (tapes and NaN stops show it). */
  readonly locations: (SourceLocation | undefined)[] = [];
  readonly scopes = new ModelScopes();
  /** Where the variables tfjs named by a number were made, by name. */
  readonly variableOrigins = new Map<string, NonNullable<ReturnType<CallSites['originOfVariable']>>>();
  /** The id that stands for the backward pass, whose ops tfjs calls. */
  readonly backward: number;
  private readonly library: RegExp;
  /** The code ranges of bundled scripts, by the name V8 gives their frames. */
  private readonly bundles = new Map<string, CodeRanges>();
  /** Counts the code ranges received: predictions made before one came may be wrong (SourcePredictor). */
  rangesReceived = 0;

  /** `libraryPatterns`: regex sources of the scripts that are not the user's (the `skipFiles`). */
  constructor(libraryPatterns: readonly string[] = defaultLibraryPatterns) {
    // Id 0 stands for "no user frame" (ops called from tfjs itself, say at load time).
    this.table.id('');
    this.paths.push(undefined);
    this.locations.push(undefined);
    this.backward = this.table.id('(backward)');
    this.paths.push(undefined);
    this.locations.push(undefined);
    this.library = libraryRegex(libraryPatterns);
  }

  /** The id of a path, interned. */
  intern(steps: CallStep[]): number {
    if (steps.length === 0) return 0;
    const id = this.table.id(steps.map(stepKey).join('\n'));
    if (this.paths[id] === undefined) {
      this.paths[id] = steps;
      this.locations[id] = innermostCall(steps);
    }
    return id;
  }

  /**
   * Takes the code ranges of a bundled script (`file`, as V8 names its frames). The paths
   * taken before, which counted all of its code as the user's, are credited again: its
   * library frames leave them (the user frame that called a model package gets the method's
   * step), and a path taken from now on that names the same frames gets the same id. The
   * active model calls' paths are redone alike. What cannot be redone: an op on a stack that
   * library code started (a model call's ops after its first await) lacks the model call's
   * path, and a numbered variable's origin keeps the frame it was given.
   */
  setLibraryRanges(file: string, ranges: CodeRanges): void {
    this.bundles.set(file, ranges);
    this.rangesReceived++;
    const path = runtimeHost().scriptPath(file);
    const inScript = (steps: readonly CallStep[]): boolean => steps.some((step) => step.kind === 'call' && step.location.path === path);
    for (let id = 0; id < this.paths.length; id++) {
      const steps = this.paths[id];
      if (!steps || !inScript(steps)) continue;
      const credited = creditAgain(steps, path, ranges);
      this.paths[id] = credited.length > 0 ? credited : undefined;
      this.locations[id] = innermostCall(credited);
      if (credited.length > 0) this.table.alias(credited.map(stepKey).join('\n'), id);
    }
    this.scopes.redoEntries((steps) => (inScript(steps) ? creditAgain(steps, path, ranges) : steps));
    // The next op is captured, not predicted (SourcePredictor drops its predictions).
    this.scopes.boundaries++;
  }

  /**
   * What a frame's code is: by its position in a bundled script that has ranges (only those
   * frames pay for the lookup), else by its script's URL, library or the user's ({@link isModelCode}
   * tells a model package's).
   */
  private kindOf(site: NodeJS.CallSite, file: string): CodeKind {
    const bundle = this.bundles.size === 0 ? undefined : this.bundles.get(file);
    if (bundle) return bundle.kindAt(site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0);
    return this.library.test(file) ? CodeKind.Library : CodeKind.User;
  }

  /** Whether library code of `kind` in `file` is a model package's, whose methods are the model calls. */
  private isModelCode(kind: CodeKind, file: string): boolean {
    return kind === CodeKind.Model || (kind === CodeKind.Library && !this.bundles.has(file) && modelPackage.test(file));
  }

  /** The interned id of the calling path. */
  capture(): number {
    return this.intern(this.walk(callSitesAbove(CallSites.prototype.capture, Infinity)));
  }

  /** The path of a call to the model method `method` starting now (it ends with that method). */
  pathOfModelCall(method: string): CallStep[] {
    const steps = this.walk(callSitesAbove(CallSites.prototype.pathOfModelCall, Infinity));
    if (steps.at(-1)?.kind !== 'api') steps.push({ kind: 'api', name: method });
    return steps;
  }

  /**
   * Where a variable being made now comes from: the user's line that called it, and the
   * outermost library class constructed on the way (`AdamOptimizer`), or `variable`.
   */
  originOfVariable(): { maker: string; path: string; line: number; column: number } | undefined {
    const sites = callSitesAbove(CallSites.prototype.originOfVariable, Infinity);
    const host = runtimeHost();
    let maker = 'variable';
    for (const site of sites) {
      const file = site.getFileName() ?? '';
      if (!file || nodeInternal.test(file) || host.isOwnScript(file)) continue;
      const kind = this.kindOf(site, file);
      if (kind === CodeKind.Generated) continue;
      if (kind !== CodeKind.User) {
        const name = site.getFunctionName();
        if (site.isConstructor() && name && name !== 'Variable') maker = name;
        continue;
      }
      const { path, line, column } = this.locate(site, file, host);
      return { maker, path, line, column };
    }
    return undefined;
  }

  /** The steps of a stack (innermost site first), outermost step first. */
  private walk(sites: NodeJS.CallSite[]): CallStep[] {
    const steps: CallStep[] = [];
    const host = runtimeHost();
    let layer = 0;
    let afterUser = false;
    /** Whether the stack was started by the library (a promise callback in tfjs), not by user code. */
    let startedByLibrary: boolean | undefined;
    for (let i = sites.length - 1; i >= 0; i--) {
      const site = sites[i];
      const file = site.getFileName() ?? '';
      const name = site.getFunctionName();
      if (name === layerApplyName) {
        const step = this.scopes.layerStep(layer++);
        if (step) steps.push(step);
        continue;
      }
      if (name === modelCallName || host.isOwnScript(file)) continue;
      if (!file || nodeInternal.test(file)) continue;
      const kind = this.kindOf(site, file);
      if (kind === CodeKind.Generated) continue;
      if (kind !== CodeKind.User) {
        startedByLibrary ??= true;
        if (afterUser) {
          afterUser = false;
          const method = this.isModelCode(kind, file) ? methodName(site) : undefined;
          if (method) steps.push({ kind: 'api', name: method });
        }
        continue;
      }
      startedByLibrary ??= false;
      afterUser = true;
      const location = this.locate(site, file, host);
      const outer = steps.at(-1);
      // tsx runs a module's top level inside a function of its own: one top level per file.
      if (outer?.kind === 'call' && outer.location.path === location.path && isTopLevel(outer.location) && isTopLevel(location)) steps.pop();
      steps.push({ kind: 'call', location });
    }
    const entry = startedByLibrary !== false ? this.scopes.activeEntry : undefined;
    return entry ? [...entry, ...steps] : steps;
  }

  /** A user frame's location; `host` names its script (a path for a Node `file:` URL). */
  private locate(site: NodeJS.CallSite, file: string, host: RuntimeHost): SourceLocation {
    const location: SourceLocation = {
      path: host.scriptPath(file),
      line: site.getLineNumber() ?? 0,
      column: site.getColumnNumber() ?? 0,
      functionName: site.getFunctionName() ?? '',
    };
    // A module's top level is an anonymous function that starts on line 1.
    const definedLine = site.getEnclosingLineNumber() ?? 1;
    if (!location.functionName && definedLine !== 1) location.defined = { line: definedLine, column: site.getEnclosingColumnNumber() ?? 0 };
    return location;
  }
}

/**
 * A path taken before its script's code ranges came, credited as it would be now: the frames
 * of `path` that are library code leave it, and the user frame that called a model package
 * gets the method's step, as CallSites' walk does.
 */
function creditAgain(steps: readonly CallStep[], path: string, ranges: CodeRanges): CallStep[] {
  const credited: CallStep[] = [];
  let afterUser = false;
  for (const step of steps) {
    if (step.kind !== 'call') {
      if (step.kind === 'api') afterUser = false;
      credited.push(step);
      continue;
    }
    const kind = step.location.path === path ? ranges.kindAt(step.location.line, step.location.column) : CodeKind.User;
    if (kind === CodeKind.User) {
      afterUser = true;
      credited.push(step);
      continue;
    }
    if (kind === CodeKind.Generated) continue;
    const method = afterUser && kind === CodeKind.Model ? lastName(step.location.functionName) : undefined;
    if (method) credited.push({ kind: 'api', name: method });
    afterUser = false;
  }
  return credited;
}

/** Whether a frame is a module's top level. */
export function isTopLevel(location: SourceLocation): boolean {
  return !location.functionName && !location.defined;
}

/**
 * Whether the `uses`-th use of a prediction is checked against a real capture: the first uses,
 * then ever more rarely as it keeps holding (2nd, 4th, 8th, ...), at least every 4096th. A
 * prediction that holds only sometimes (two call paths that run the same op after the same
 * path, as a tf.data generator's op and the loss's after a layer's) is caught at once.
 */
function due(uses: number): boolean {
  return (uses & (uses - 1)) === 0 || uses % 4096 === 0;
}
/** Bound of the prediction table. */
const maxPredictions = 100_000;
/** A prediction wrong at this many checks is given up: its op is captured at every call. */
const maxMisses = 16;

interface Prediction {
  source: number;
  uses: number;
  /** Checks it failed. */
  misses: number;
}

/**
 * Capturing a stack costs microseconds (about 6 µs for a short stack, 85–100 µs inside a
 * tf.layers predict), several times a small kernel, so outermost ops do not each capture one.
 * A program's ops come in the same order step after step, so the path of an op is predicted
 * from the path of the op before it, its own name, the layer running and the depth of tfjs's
 * scopes; each prediction is
 * checked by a real capture every so often. One found wrong takes the path just captured and is
 * checked from its first use again: an op reached once from another stack (a loop's first step,
 * before the loop's first await) costs a few captures, not one at every call from then on. One
 * wrong at check after check (two paths in turn) is given up and its op captured every time.
 * The op before an asynchronous model call starts, returns or settles says nothing of the op
 * after it, which may run in another flow: that op is always captured.
 */
export class SourcePredictor {
  private readonly predictions = new Map<number, Prediction>();
  private previous = 0;
  /** The model calls' boundaries (ModelScopes.boundaries) that `previous` was taken within. */
  private boundaries = 0;
  /** The code ranges CallSites had received when the predictions were made. */
  private rangesReceived = 0;
  /** Whether the last `next` took a real capture (a line's first calls, and each check). */
  captured = false;

  constructor(private readonly callSites: CallSites) {}

  /**
   * The path id of an outermost op named `op` (an interned id) that is starting now, inside
   * `scopeDepth` of tfjs's scopes (tf.tidy and the like).
   */
  next(op: number, scopeDepth: number): number {
    const scopes = this.callSites.scopes;
    if (scopes.boundaries !== this.boundaries) {
      // The op before ran in another flow (fit's last op, before the code after its await),
      // or code ranges came (ModelScopes counts them as a boundary): the paths predicted
      // before them may now start with a model call's path.
      this.boundaries = scopes.boundaries;
      if (this.rangesReceived !== this.callSites.rangesReceived) {
        this.rangesReceived = this.callSites.rangesReceived;
        this.predictions.clear();
      }
      this.captured = true;
      return (this.previous = this.callSites.capture());
    }
    // The running layer and the scope depth are part of the key: the same op after the same
    // path runs in each layer, and ops called from different places often differ in depth
    // (a tf.data generator's op and the optimizer's after the same training step).
    const key = ((this.previous * 0x10000 + op) * 0x400 + (scopes.layerTop & 0x3ff)) * 0x40 + (scopeDepth & 0x3f);
    const prediction = this.predictions.get(key);
    let source: number;
    this.captured = !(prediction && prediction.misses < maxMisses && !due(++prediction.uses));
    if (prediction && !this.captured) {
      source = prediction.source;
    } else {
      source = this.callSites.capture();
      if (prediction && prediction.source !== source) {
        prediction.source = source;
        prediction.uses = 0;
        prediction.misses++;
      } else if (!prediction && this.predictions.size < maxPredictions) this.predictions.set(key, { source, uses: 0, misses: 0 });
    }
    this.previous = source;
    return source;
  }
}
