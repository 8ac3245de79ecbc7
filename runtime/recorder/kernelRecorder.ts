/**
 * Records what the program's tfjs engine does, by wrapping methods of the engine instance
 * (so the hooks survive `tf.setBackend` and `engine.reset()`): every kernel through
 * `runKernelFunc` (forward, backward and custom gradients alike) with its time and nesting,
 * the op scopes through `startScope`/`endScope` (the outermost op names the user's call and
 * its source line), gradient tapes through `gradients`, the tensors tfjs counts through
 * `trackTensor`/`disposeTensor` with the line that made each (tensorOrigins.ts), and, when
 * asked, a NaN/Inf check of every kernel's outputs. What the debugger runs (debuggerWork.ts) passes
 * straight through. Nothing here may throw into the program.
 */
import type { TapeRecord } from '../../protocol/runtimeApi';
import { debuggerWork } from '../debuggerWork';
import { readQuietly } from '../readWarning';
import type { TensorLike } from '../tensorReader';
import { tensorValues } from '../tensorValues';
import { CallSites, SourcePredictor } from './callSites';
import { GpuTimer, type TimedEngine } from './gpuTimer';
import { KernelRing } from './kernelRing';
import { KernelShapes } from './kernelShapes';
import { type CountedTensor, TensorOrigins } from './tensorOrigins';
import type { ModelScopes } from './modelScopes';
import { customGradientName, opOfScope, opSuffix, type TapeEngine, TapeRecorder } from './tapeRecorder';

/** The engine methods the recorder wraps. */
interface HookableEngine extends TapeEngine {
  state: TapeEngine['state'] & { activeScope: { name: string } | null; scopeStack: unknown[] };
  runKernelFunc(params: { kernelName?: string }): unknown;
  startScope(name?: string | null): void;
  endScope(result?: unknown): void;
  makeVariable(initialValue: unknown, trainable?: boolean, name?: string, dtype?: string): { name: string };
  trackTensor(tensor: CountedTensor, backend: unknown): void;
  disposeTensor(tensor: CountedTensor): void;
}

/** What the recorder is asked to do. */
export interface RecorderOptions {
  profile: boolean;
  captureTape: boolean;
  maxEvents: number;
  /** How many gradient tapes are kept. */
  maxTapes: number;
  /** Regex sources of the scripts that are library code, not the user's (the `skipFiles`). */
  libraryPatterns?: readonly string[];
  /** Note the line that made each live tensor (the leak finder). */
  trackTensors: boolean;
}

/** A NaN or Inf found in a kernel's output. */
export interface NonFiniteOutput {
  kernel: string;
  source: number;
}

/** Whether a float tensor holds NaN or ±Inf (read without creating a tensor). */
function holdsNonFinite(tensor: TensorLike | null | undefined): boolean {
  if (!tensor || tensor.dtype !== 'float32' || tensor.isDisposed) return false;
  // On webgpu tfjs's own dataSync needs a browser's OffscreenCanvas: tensorValues reads it there.
  const values = readQuietly(() => tensorValues(tensor) as Float32Array);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v || v === Infinity || v === -Infinity) return true;
  }
  return false;
}
const hooked = Symbol.for('tfjs-debugger.recorder');
/** Kernel nesting deeper than this is recorded at this depth (the ring keeps six bits). */
const maxDepth = 63;
/** How many unnamed variables' origins are kept (a program making one per step keeps its first). */
const maxVariableOrigins = 10_000;
/**
 * The clock, held here: Node's `performance` global is a getter, a call on every read (it is
 * the object `node:perf_hooks` exports; a page's is its own).
 */
const clock = globalThis.performance;

/** What a scope the engine opened is, kept per open scope so that closing one needs no name. */
const enum ScopeKind {
  Other = 0,
  Op = 1,
  Backward = 2,
}

export class KernelRecorder {
  readonly ring: KernelRing;
  readonly callSites: CallSites;
  readonly shapes = new KernelShapes();
  private readonly sources: SourcePredictor;
  private readonly opIds = new Map<string, number>();
  readonly tapes: TapeRecorder;
  readonly origins: TensorOrigins;
  readonly gpuTimer = new GpuTimer();
  /** Called with each NaN/Inf found while the sentinel is on. */
  onNonFinite: ((found: NonFiniteOutput) => void) | undefined;
  /** Called with what each of the program's training steps (outermost gradient computations) took gradients of, and the gradients. */
  onGradients: ((xs: TensorLike[], grads: (TensorLike | null)[]) => void) | undefined;
  sentinel = false;

  /** Ops entered and not yet left, and the source and name of the outermost one. */
  private opDepth = 0;
  private currentSource = 0;
  private currentOp = 0;
  private kernelDepth = 0;
  private backwardDepth = 0;
  /** Gradient computations entered and not yet left, and the path of the outermost one (backprop's tensors are credited to it). */
  private gradientDepth = 0;
  private gradientSource = 0;
  /** Interned names that stand for a tensor made outside any op and for a gradient computation, in the source predictions. */
  private readonly madeOutsideOp: number;
  private readonly gradientsOp: number;
  /** The kinds of the scopes open now, innermost last (tfjs pairs every startScope with an endScope). */
  private readonly openScopes: ScopeKind[] = [];
  /** Whether the outermost kernel running now is a custom gradient's function. */
  private customOuter = false;
  /** Whether the kernels of the current op have their shapes noted (its line was just captured). */
  private noteShapes = false;
  /** Time spent in child kernels, per nesting level, for self times. */
  private readonly childTime = new Float64Array(maxDepth + 2);

  constructor(readonly options: RecorderOptions) {
    this.callSites = new CallSites(options.libraryPatterns);
    this.sources = new SourcePredictor(this.callSites);
    this.ring = new KernelRing(Math.max(1, options.maxEvents));
    this.tapes = new TapeRecorder(this.callSites, Math.max(1, options.maxTapes));
    this.origins = new TensorOrigins(this.callSites);
    this.madeOutsideOp = this.ring.names.id('(tensor)');
    this.gradientsOp = this.ring.names.id('(gradients)');
  }

  /** The recorded tapes, newest last. */
  get tapeRecords(): TapeRecord[] {
    return this.tapes.describe();
  }

  /** Whether anything needs the ops' source lines now. */
  private get recording(): boolean {
    return this.options.profile || this.options.captureTape || this.options.trackTensors || this.sentinel;
  }

  /** The interned id of an op by its scope name (`add__op` → `add`), without a new string per op. */
  private opId(scopeName: string): number {
    let id = this.opIds.get(scopeName);
    if (id === undefined) this.opIds.set(scopeName, (id = this.ring.names.id(opOfScope(scopeName))));
    return id;
  }

  /** Wraps the engine's methods, once per engine instance. */
  install(engine: HookableEngine): void {
    const flags = engine as unknown as Record<symbol, boolean>;
    if (flags[hooked]) return;
    Object.defineProperty(engine, hooked, { value: true, enumerable: false });
    this.wrapScopes(engine);
    this.wrapKernels(engine);
    this.wrapVariables(engine);
    this.tapes.install(engine, () => this.options.captureTape);
    this.wrapTensors(engine);
  }

  /**
   * Notes each tensor tfjs counts with the line that made it, and forgets it when tfjs
   * disposes it; counts the program's training steps (outermost gradient computations).
   */
  private wrapTensors(engine: HookableEngine): void {
    const { trackTensor, disposeTensor, gradients } = engine;
    if (typeof trackTensor !== 'function' || typeof disposeTensor !== 'function') return;
    const origins = this.origins;
    engine.trackTensor = (tensor, backend) => {
      trackTensor.call(engine, tensor, backend);
      if (!this.options.trackTensors || debuggerWork.depth !== 0) return;
      try {
        origins.note(tensor, this.tensorSource(engine));
      } catch {
        // The recorder never stands in the program's way.
      }
    };
    // A disposal is always noted: the debugger may dispose a program's tensor (an edit's old one).
    engine.disposeTensor = (tensor) => {
      origins.forget(tensor);
      disposeTensor.call(engine, tensor);
    };
    engine.gradients = (f, xs, ...rest) => {
      if (debuggerWork.depth !== 0) return gradients.call(engine, f, xs, ...rest);
      const outermost = this.gradientDepth++ === 0;
      if (outermost) {
        origins.steps++;
        if (this.options.trackTensors) this.gradientSource = this.predictedSource(this.gradientsOp, engine);
      }
      try {
        const result = gradients.call(engine, f, xs, ...rest);
        if (outermost) this.noteGradients(xs, result.grads);
        return result;
      } finally {
        this.gradientDepth--;
        if (outermost) this.gradientSource = 0;
      }
    };
  }

  private noteGradients(xs: TensorLike[], grads: (TensorLike | null)[]): void {
    try {
      this.onGradients?.(xs, grads);
    } catch {
      // The recorder never stands in the program's way.
    }
  }

  /** The path of the code making a tensor now: the running op's, the gradient computation's for backprop, or its own. */
  private tensorSource(engine: HookableEngine): number {
    if (this.backwardDepth > 0) return this.gradientSource || this.callSites.backward;
    if (this.opDepth > 0 || this.kernelDepth > 0) return this.currentSource;
    return this.predictedSource(this.madeOutsideOp, engine);
  }

  /** The path of the outermost op (an interned name) starting now, inside tfjs's current scopes, as the predictor gives it. */
  private predictedSource(op: number, engine: HookableEngine): number {
    return this.sources.next(op, engine.state.scopeStack.length);
  }

  /**
   * Notes where each variable made without a name comes from (tfjs numbers it: Adam's
   * accumulators are "0" and "1"), so that tapes can say what it is.
   */
  private wrapVariables(engine: HookableEngine): void {
    const makeVariable = engine.makeVariable;
    if (typeof makeVariable !== 'function') return;
    engine.makeVariable = (initialValue, trainable, name, dtype) => {
      const variable = makeVariable.call(engine, initialValue, trainable, name, dtype);
      const origins = this.callSites.variableOrigins;
      if (!name && debuggerWork.depth === 0 && origins.size < maxVariableOrigins) {
        try {
          const origin = this.callSites.originOfVariable();
          if (origin) origins.set(variable.name, origin);
        } catch {
          // An unnamed variable keeps its number.
        }
      }
      return variable;
    };
  }

  /** Follows the layers and model calls of a tfjs-layers copy the program loaded. */
  installLayers(exports: Parameters<ModelScopes['install']>[0]): void {
    this.callSites.scopes.install(exports, (method) => this.callSites.pathOfModelCall(method));
  }

  private wrapScopes(engine: HookableEngine): void {
    const startScope = engine.startScope;
    const endScope = engine.endScope;
    const openScopes = this.openScopes;
    engine.startScope = (name?: string | null) => {
      // The debugger's scopes open and close inside its work, so they are never on `openScopes`.
      if (debuggerWork.depth !== 0) return startScope.call(engine, name);
      let kind = ScopeKind.Other;
      try {
        if (name === 'backward') {
          kind = ScopeKind.Backward;
          this.backwardDepth++;
        } else if (name != null && name.endsWith(opSuffix)) {
          kind = ScopeKind.Op;
          if (this.opDepth++ === 0 && this.kernelDepth === 0 && this.recording) this.enterOp(name, engine);
        }
      } catch {
        // The recorder never stands in the program's way.
      }
      openScopes.push(kind);
      startScope.call(engine, name);
    };
    engine.endScope = (result?: unknown) => {
      if (debuggerWork.depth !== 0) return endScope.call(engine, result);
      const kind = openScopes.pop();
      if (kind === ScopeKind.Op) {
        if (this.opDepth > 0 && --this.opDepth === 0) this.currentOp = 0;
      } else if (kind === ScopeKind.Backward && this.backwardDepth > 0) this.backwardDepth--;
      endScope.call(engine, result);
    };
  }

  /** An outermost op starts: its name, and its user line (predicted; backprop's ops are called by tfjs). */
  private enterOp(scopeName: string, engine: HookableEngine): void {
    this.currentOp = this.opId(scopeName);
    if (this.backwardDepth > 0) {
      this.currentSource = this.callSites.backward;
      this.noteShapes = false;
    } else {
      this.currentSource = this.predictedSource(this.currentOp, engine);
      this.noteShapes = this.sources.captured;
      this.tapes.opStarted(engine, this.currentSource);
    }
  }

  /**
   * A kernel starts outside any op (a direct `engine.runKernel`, or a custom gradient called
   * straight from the function being differentiated): it stands for an op of its own, with its
   * own line, taken before it runs so that the tape node it adds gets that line too.
   */
  private enterBareKernel(engine: HookableEngine): void {
    if (this.backwardDepth > 0) {
      this.currentSource = this.callSites.backward;
      this.noteShapes = false;
      return;
    }
    try {
      this.currentSource = this.predictedSource(0, engine);
      this.noteShapes = this.sources.captured;
      this.tapes.opStarted(engine, this.currentSource);
    } catch {
      // The recorder never stands in the program's way.
    }
  }

  private wrapKernels(engine: HookableEngine): void {
    const runKernelFunc = engine.runKernelFunc;
    const { ring, shapes, childTime } = this;
    engine.runKernelFunc = (params: { kernelName?: string; inputs?: Record<string, TensorLike> }) => {
      if (debuggerWork.depth !== 0) return runKernelFunc.call(engine, params);
      if (!this.options.profile && !this.sentinel) {
        if ((this.options.captureTape || this.options.trackTensors) && this.opDepth === 0 && this.kernelDepth === 0) this.enterBareKernel(engine);
        return runKernelFunc.call(engine, params);
      }
      if (this.opDepth === 0 && this.kernelDepth === 0) this.enterBareKernel(engine);
      const depth = ++this.kernelDepth;
      const level = depth < maxDepth ? depth : maxDepth;
      childTime[level] = 0;
      // The GPU times the kernels the profile shows: the outermost ones, and those a custom
      // gradient's function (shown as the kernels it ran) runs.
      const custom = params.kernelName === undefined;
      if (level === 1) this.customOuter = custom;
      const timers =
        this.gpuTimer.on && (level === 1 ? !custom : level === 2 && this.customOuter) ? this.gpuTimer.begin(engine as unknown as TimedEngine) : undefined;
      const start = clock.now();
      let outputs: unknown;
      let gpuMs: Promise<number> | undefined;
      try {
        outputs = runKernelFunc.call(engine, params);
      } finally {
        this.kernelDepth = depth - 1;
        if (timers) gpuMs = this.gpuTimer.end(engine as unknown as TimedEngine, timers);
      }
      const duration = clock.now() - start;
      childTime[level - 1] += duration;
      const name = params.kernelName ?? customGradientName(engine.state.activeScope?.name);
      if (this.options.profile) {
        const source = this.currentSource;
        const kernel = ring.names.id(name);
        const event = ring.push(kernel, this.currentOp, source, start, duration, duration - childTime[level], level, this.backwardDepth > 0, custom);
        if (level === 1 && (this.noteShapes || shapes.due())) shapes.note(source, kernel, params.inputs, outputs);
        // The GPU answers once it has run the kernel; a query it cannot answer leaves the time unmeasured.
        gpuMs?.then(
          (ms) => ring.setGpuMs(event, ms),
          () => undefined,
        );
      }
      if (this.sentinel) this.checkBirth(name, params.inputs, outputs);
      return outputs;
    };
  }

  /** Reports a kernel whose outputs hold NaN or Inf while its inputs hold none. */
  private checkBirth(kernel: string, inputs: Record<string, TensorLike> | undefined, outputs: unknown): void {
    try {
      const list = (Array.isArray(outputs) ? outputs : [outputs]) as TensorLike[];
      if (!list.some(holdsNonFinite)) return;
      if (inputs && Object.values(inputs).some(holdsNonFinite)) return;
    } catch {
      return;
    }
    const source = this.currentSource;
    this.onNonFinite?.({ kernel, source });
  }
}
