/**
 * Evaluations of the debugger inside the program: while one is open, `tf` is the program's
 * tfjs, it is the debugger's work (nothing is recorded: debuggerWork.ts), the program's
 * gradient tape records nothing, and the tensors it makes are disposed at its end except
 * those in its result, which are held as the debugger's. An edit on a backend whose storage
 * the runtime cannot write can still put one op on the program's tape when the replacement
 * must stay connected to it ({@link onProgramTape}).
 */
import type { TensorSummary } from '../protocol/runtimeApi';
import { closeDebuggerWork, openDebuggerWork } from './debuggerWork';
import { runtimeHost } from './host';
import { currentEngine, type EngineLike } from './programTfjs';
import { hold } from './heldTensors';
import { isTensor, summarize, type TensorLike } from './tensorReader';

/** What an open evaluation must restore when it ends. */
interface OpenEvaluation {
  gradientDepth: number | undefined;
  /** The program's tape: a `tf.grad` evaluated at depth 0 would set it to null when done. */
  activeTape: unknown;
  /** The engine scope opened for the evaluation, if tfjs is loaded. */
  scopeId: number | undefined;
  tfInstalled: boolean;
}

const openEvaluations: OpenEvaluation[] = [];

/**
 * Opens an evaluation (see `RuntimeApi.beginEvaluation`); `exposeTf` false leaves the global
 * `tf` alone, for a breakpoint condition, which runs at every hit and never had it.
 */
export function beginEvaluation(exposeTf = true): void {
  openDebuggerWork();
  const engine = currentEngine();
  const namespace = !exposeTf || Object.getOwnPropertyDescriptor(globalThis, 'tf') ? undefined : runtimeHost().findNamespace();
  // `tf` as a global is found by the paused frame's scope chain only where the frame has no
  // `tf` binding of its own, so the program's own name always wins.
  if (namespace) {
    Object.defineProperty(globalThis, 'tf', { value: namespace, configurable: true, writable: true, enumerable: false });
  }
  const open: OpenEvaluation = {
    gradientDepth: engine?.state.gradientDepth,
    activeTape: engine?.state.activeTape,
    scopeId: undefined,
    tfInstalled: namespace !== undefined,
  };
  if (engine) {
    // Evaluating inside `tf.grad`/`variableGrads` must not add nodes (and kept clones of their
    // inputs) to the program's active tape: the tape is on only while gradientDepth > 0.
    engine.state.gradientDepth = 0;
    engine.startScope('tfjs-debugger evaluation');
    open.scopeId = engine.state.activeScope?.id;
  }
  openEvaluations.push(open);
}

/** Closes the evaluation opened last, keeping the tensors reachable from `result`. */
export function endEvaluation(result: unknown): TensorSummary | null {
  const open = openEvaluations.pop();
  const engine = currentEngine();
  if (open && engine) {
    if (open.scopeId !== undefined) {
      const created = tensorsIn(result).filter((tensor) => (tensor as { scopeId?: number }).scopeId === open.scopeId);
      engine.endScope(result);
      // What the user evaluated outlives the program's own scopes (a result made while paused
      // inside `tf.tidy` would otherwise be disposed when that tidy ends): untrack it.
      for (const tensor of created) {
        untrack(engine, tensor);
        hold(tensor);
      }
    }
    if (open.gradientDepth !== undefined) engine.state.gradientDepth = open.gradientDepth;
    engine.state.activeTape = open.activeTape;
  }
  if (open?.tfInstalled) delete (globalThis as { tf?: unknown }).tf;
  if (open) closeDebuggerWork();
  return summarize(result);
}

/**
 * Runs a breakpoint's condition and logpoint (compiled by the adapter into `run`) as an
 * evaluation: the tensors it makes are disposed and nothing of it is recorded. Only its
 * truth leaves it.
 */
export function evaluateCondition(run: () => unknown): boolean {
  beginEvaluation(false);
  let holds = false;
  try {
    holds = Boolean(run());
  } finally {
    endEvaluation(undefined);
  }
  return holds;
}

/** Tensors in a value: itself, or in its arrays and plain objects (a few levels deep). */
function tensorsIn(value: unknown, depth = 0, found: TensorLike[] = []): TensorLike[] {
  if (isTensor(value)) found.push(value);
  else if (depth < 4 && Array.isArray(value)) value.slice(0, 10_000).forEach((item) => tensorsIn(item, depth + 1, found));
  else if (depth < 4 && value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    Object.values(value).forEach((item) => tensorsIn(item, depth + 1, found));
  }
  return found;
}

/** Removes a tensor from every open engine scope, so that no scope's end disposes it. */
export function untrack(engine: EngineLike, tensor: object): void {
  for (const scope of engine.state.scopeStack) {
    const at = scope.track.indexOf(tensor);
    if (at >= 0) scope.track.splice(at, 1);
  }
}

/**
 * Runs `fn` with the program's gradient tape as it was when the innermost evaluation opened:
 * an op made there is recorded on the program's tape, so gradients flow through it.
 */
export function onProgramTape<T>(fn: () => T): T {
  const open = openEvaluations[openEvaluations.length - 1];
  const engine = currentEngine();
  if (!open || !engine || !open.gradientDepth) return fn();
  const depth = engine.state.gradientDepth;
  const tape = engine.state.activeTape;
  engine.state.gradientDepth = open.gradientDepth;
  engine.state.activeTape = open.activeTape;
  try {
    return fn();
  } finally {
    engine.state.gradientDepth = depth;
    engine.state.activeTape = tape;
  }
}

/** Whether the program was computing gradients when the innermost evaluation opened. */
export function programTapeActive(): boolean {
  const open = openEvaluations[openEvaluations.length - 1];
  return (open?.gradientDepth ?? 0) > 0;
}
