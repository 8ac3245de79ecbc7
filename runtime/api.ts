/**
 * The runtime API the adapter calls inside the program (protocol/runtimeApi.ts). Installed
 * as a non-enumerable, read-only global so the program never sees it in its own globals.
 * Each of its functions runs as the debugger's work (debuggerWork.ts): nothing it does is
 * recorded as the program's.
 */
import type { MemoryInfo, RuntimeApi } from '../protocol/runtimeApi';
import { runtimeGlobal } from '../protocol/runtimeApi';
import { asDebuggerWork } from './debuggerWork';
import { currentEngine } from './programTfjs';
import { beginEvaluation, endEvaluation, evaluateCondition } from './evaluationScope';
import { heldMemory } from './heldTensors';
import { hit, logpoint } from './breakpointHelpers';
import { prepareReplacement, settleReplacement } from './tensorEditor';
import { viewOf } from './heatmapView';
import { configureRecording, nonFinite, profile, setSentinel, tapeTensor, tapes } from './programRecorder';
import { childrenOf, summarize } from './tensorReader';

let stashed: unknown;

function memory(): MemoryInfo | null {
  const engine = currentEngine();
  if (!engine) return null;
  return { numTensors: engine.state.numTensors, numBytes: engine.state.numBytes, backend: engine.backendName, heldByDebugger: heldMemory() };
}

/** `api` with each of its functions run as the debugger's work. */
function asDebuggerWorkApi(api: RuntimeApi): RuntimeApi {
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(api))) {
    if (typeof descriptor.value === 'function') Object.defineProperty(api, name, { ...descriptor, value: asDebuggerWork(descriptor.value) });
  }
  return api;
}

const api: RuntimeApi = asDebuggerWorkApi({
  get tfLoaded() {
    return currentEngine() !== undefined;
  },
  describe: (...values) => values.map(summarize),
  children: childrenOf,
  beginEvaluation: () => beginEvaluation(),
  endEvaluation,
  evaluateCondition,
  memory,
  prepareReplacement,
  settleReplacement,
  hit,
  logpoint,
  view: viewOf,
  profile,
  configureRecording,
  tapes,
  tapeTensor,
  setSentinel,
  nonFinite,
  stash: (value) => {
    stashed = value;
  },
  takeStash: () => {
    const value = stashed;
    stashed = undefined;
    return value;
  },
});

/** Installs the API under its global name, once. */
export function installApi(): void {
  if (Object.getOwnPropertyDescriptor(globalThis, runtimeGlobal)) return;
  Object.defineProperty(globalThis, runtimeGlobal, { value: api, enumerable: false, writable: false, configurable: false });
}
