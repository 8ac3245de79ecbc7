/**
 * The runtime API the adapter calls inside the program (protocol/runtimeApi.ts). Installed
 * as a non-enumerable, read-only global so the program never sees it in its own globals.
 */
import type { MemoryInfo, RuntimeApi, TensorSummary } from '../protocol/runtimeApi';
import { runtimeGlobal } from '../protocol/runtimeApi';
import { currentEngine, findNamespace } from './engineHook';
import { childrenOf, summarize } from './tensorReader';

/** What an open evaluation must restore when it ends. */
interface OpenEvaluation {
  gradientDepth: number | undefined;
  scoped: boolean;
  tfDescriptor: PropertyDescriptor | undefined;
  tfInstalled: boolean;
}

const openEvaluations: OpenEvaluation[] = [];

function beginEvaluation(): void {
  const engine = currentEngine();
  const tfDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'tf');
  const namespace = tfDescriptor ? undefined : findNamespace();
  // `tf` as a global is found by the paused frame's scope chain only where the frame has no
  // `tf` binding of its own, so the program's own name always wins.
  if (namespace) {
    Object.defineProperty(globalThis, 'tf', { value: namespace, configurable: true, writable: true, enumerable: false });
  }
  const open: OpenEvaluation = {
    gradientDepth: engine?.state.gradientDepth,
    scoped: engine !== undefined,
    tfDescriptor,
    tfInstalled: namespace !== undefined,
  };
  if (engine) {
    // Evaluating inside `tf.grad`/`variableGrads` must not add nodes (and kept clones of their
    // inputs) to the program's active tape: the tape is on only while gradientDepth > 0.
    engine.state.gradientDepth = 0;
    engine.startScope('tfjs-debugger evaluation');
  }
  openEvaluations.push(open);
}

function endEvaluation(result: unknown): TensorSummary | null {
  const open = openEvaluations.pop();
  const engine = currentEngine();
  if (open && engine) {
    if (open.scoped) engine.endScope(result);
    if (open.gradientDepth !== undefined) engine.state.gradientDepth = open.gradientDepth;
  }
  if (open?.tfInstalled) delete (globalThis as { tf?: unknown }).tf;
  return summarize(result);
}

function memory(): MemoryInfo | null {
  const engine = currentEngine();
  if (!engine) return null;
  return { numTensors: engine.state.numTensors, numBytes: engine.state.numBytes, backend: engine.backendName };
}

const api: RuntimeApi = {
  get tfLoaded() {
    return currentEngine() !== undefined;
  },
  describe: (...values) => values.map(summarize),
  children: childrenOf,
  beginEvaluation,
  endEvaluation,
  memory,
};

/** Installs the API under its global name, once. */
export function installApi(): void {
  if (Object.getOwnPropertyDescriptor(globalThis, runtimeGlobal)) return;
  Object.defineProperty(globalThis, runtimeGlobal, { value: api, enumerable: false, writable: false, configurable: false });
}
