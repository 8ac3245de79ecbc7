/**
 * The runtime API the adapter calls inside the program (protocol/runtimeApi.ts). Installed
 * as a non-enumerable, read-only global so the program never sees it in its own globals.
 * Each of its functions runs as the debugger's work (debuggerWork.ts): nothing it does is
 * recorded as the program's. `descriptionOf` alone does not: V8 must run it under its
 * side-effect check, which refuses the write that raising the depth is, and it runs nothing
 * that could be recorded (tensorDescription.ts).
 */
import { fitStops, pendingFitStop, setFitStops } from './fitProgress';
import { pendingLayerStop, setLayerBreakpoints } from './layerBreakpoints';
import { history, modelWeight, pin } from './modelHistory';
import type { MemoryInfo, RuntimeApi } from '../protocol/runtimeApi';
import { runtimeGlobal } from '../protocol/runtimeApi';
import { asDebuggerWork } from './debuggerWork';
import { currentEngine } from './programTfjs';
import { beginEvaluation, endEvaluation, evaluateCondition } from './evaluationScope';
import { heldMemory } from './heldTensors';
import { hit, logpoint } from './breakpointHelpers';
import { prepareReplacement, settleReplacement } from './tensorEditor';
import { viewOf } from './heatmapView';
import {
  configureRecording,
  lineTensors,
  markStop,
  modelRegistry,
  nonFinite,
  profile,
  recording,
  setLibraryRanges,
  setSentinel,
  tapeTensor,
  tapes,
  tensorLines,
} from './programRecorder';
import { childrenOf, summarize } from './tensorReader';
import { descriptionOf } from './tensorDescription';
import type { BackendsEngine } from './residentValues';
import { webgpuAdapterName } from './gpuAdapter';

let stashed: unknown;

function memory(options: { byLine?: boolean; atStop?: boolean } = {}): MemoryInfo | null {
  const engine = currentEngine();
  if (!engine) return null;
  if (options.atStop) markStop();
  const byLine = options.byLine ? tensorLines() : undefined;
  const recorded = recording();
  const adapter = engine.backendName === 'webgpu' ? webgpuAdapterName((engine as { backend?: unknown }).backend) : undefined;
  return {
    numTensors: engine.state.numTensors,
    numBytes: engine.state.numBytes,
    backend: engine.backendName,
    ...(adapter && { adapter }),
    heldByDebugger: heldMemory(),
    ...(recorded && { recording: recorded }),
    ...(byLine && { byLine }),
  };
}

/** The API's functions that V8 runs under its side-effect check: not wrapped as the debugger's work. */
const sideEffectFree = new Set<string>(['descriptionOf']);

/** `api` with each of its functions run as the debugger's work. */
function asDebuggerWorkApi(api: RuntimeApi): RuntimeApi {
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(api))) {
    if (typeof descriptor.value === 'function' && !sideEffectFree.has(name))
      Object.defineProperty(api, name, { ...descriptor, value: asDebuggerWork(descriptor.value) });
  }
  return api;
}

const api: RuntimeApi = asDebuggerWorkApi({
  get tfLoaded() {
    return currentEngine() !== undefined;
  },
  describe: (...values) => values.map(summarize),
  descriptionOf: (value) => descriptionOf(currentEngine() as unknown as BackendsEngine | undefined, value),
  children: childrenOf,
  beginEvaluation: () => beginEvaluation(),
  endEvaluation,
  evaluateCondition,
  memory,
  models: () => modelRegistry.describe(),
  history,
  pin,
  modelWeight,
  lineTensors,
  prepareReplacement,
  settleReplacement,
  hit,
  logpoint,
  view: viewOf,
  profile,
  configureRecording,
  tapes,
  tapeTensor,
  setLibraryRanges,
  setSentinel,
  nonFinite,
  setLayerBreakpoints,
  setFitStops,
  fitStops,
  fitStop: () => pendingFitStop() ?? null,
  layerStop: () => pendingLayerStop() ?? null,
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
