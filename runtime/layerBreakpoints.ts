/**
 * Layer breakpoints (DAP function breakpoints `layer:<name>` and `layer:<name>:nan`, the model
 * panel's "Break when this layer runs" and "Break on NaN/Inf in its output"): the program stops
 * in the sentinel's script (nanSentinel.ts) before the named layer's `apply` runs, or after it
 * returned an output holding NaN or ±Inf. The adapter asks {@link pendingLayerStop} what the
 * stop is for, and shows the user's line that ran the model. Only the program's calls stop
 * (the recorder's wrapper of `apply` leaves the debugger's out).
 */
import type { LayerBreakpoint, LayerStop } from '../protocol/runtimeApi';
import { modelCaller } from './modelCaller';
import { stopInSentinel } from './nanSentinel';
import { residentValues, type BackendsEngine } from './residentValues';
import { currentEngine } from './programTfjs';
import { computeStats } from './tensorStats';
import { isTensor } from './tensorReader';
import { tensorValues } from './tensorValues';

interface NamedLayer {
  name?: unknown;
  getClassName?(): string;
}

let onRun = new Set<string>();
let onNonFinite = new Set<string>();
let pending: LayerStop | undefined;

export function setLayerBreakpoints(breakpoints: LayerBreakpoint[]): void {
  onRun = new Set(breakpoints.filter((breakpoint) => breakpoint.on === 'run').map((breakpoint) => breakpoint.layer));
  onNonFinite = new Set(breakpoints.filter((breakpoint) => breakpoint.on === 'nan').map((breakpoint) => breakpoint.layer));
}

/** Whether any layer breakpoint is set: the wrapper of `apply` asks before anything else. */
export function layerBreakpointsSet(): boolean {
  return onRun.size > 0 || onNonFinite.size > 0;
}

function classOf(layer: NamedLayer): string {
  try {
    return layer.getClassName?.() ?? 'Layer';
  } catch {
    return 'Layer';
  }
}

function stopFor(layer: NamedLayer, stop: Omit<LayerStop, 'layer' | 'className'>): void {
  const at = modelCaller();
  pending = { layer: String(layer.name), className: classOf(layer), ...stop, ...(at && { calledFrom: at }) };
  try {
    stopInSentinel();
  } finally {
    pending = undefined;
  }
}

/** Before a layer runs on `inputs`: on tensors, not on the symbolic ones a model is built with. */
export function beforeLayer(layer: NamedLayer, inputs: unknown): void {
  if (onRun.has(String(layer.name)) && isTensor(Array.isArray(inputs) ? inputs[0] : inputs)) stopFor(layer, { on: 'run' });
}

/** The NaN and ±Inf counts of a float32 output, read where it lives (a GPU's is read back: the user asked). */
function nonFiniteCounts(output: unknown): { nanCount: number; infCount: number } | undefined {
  if (!isTensor(output) || output.isDisposed || output.dtype !== 'float32') return undefined;
  const engine = currentEngine() as unknown as BackendsEngine | undefined;
  const size = output.shape.reduce((a, b) => a * b, 1);
  const values = (engine && residentValues(engine, output, size).values) ?? (tensorValues(output) as Float32Array);
  const { nanCount, infCount } = computeStats(values);
  return nanCount + infCount > 0 ? { nanCount, infCount } : undefined;
}

/** After a layer returned `output` (a tensor or several). */
export function afterLayer(layer: NamedLayer, output: unknown): void {
  if (!onNonFinite.has(String(layer.name))) return;
  const outputs = Array.isArray(output) ? output : [output];
  for (const [index, one] of outputs.entries()) {
    const counts = nonFiniteCounts(one);
    if (counts) {
      stopFor(layer, { on: 'nan', output: index, ...counts });
      return;
    }
  }
}

/** What the program is stopped on in the sentinel for a layer breakpoint, if it is. */
export function pendingLayerStop(): LayerStop | undefined {
  return pending;
}
