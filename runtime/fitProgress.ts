/**
 * model.fit awareness: where each model's `fit` or `fitDataset` is (epoch, batch), the logs'
 * loss and metrics by batch (a bounded curve) and by epoch, and stops at the end of each batch
 * or epoch when asked (`tfjs/fitStops`), without the program writing a callback. One callback
 * of tfjs-layers' own `CustomCallback` class is added to the call's callbacks (in a new config
 * object: the program's is left as it is), after the program's own, so that a stop comes once
 * they have run. The stop is in the sentinel's script (nanSentinel.ts); the adapter names the
 * line that called `fit`.
 *
 * A `CustomCallback` with `onBatchEnd` reads the batch's logs (a loss scalar) at every batch,
 * which on webgl and webgpu would wait for the GPU each batch: there, batches are counted from
 * `onBatchBegin` and the logs are taken at the end of each epoch (where tfjs reads them anyway),
 * unless batch stops are on.
 */
import type { FitCurvePoint, FitProgressInfo, FitStopInfo, FitStops } from '../protocol/runtimeApi';
import { deviceBackends } from './deviceSummary';
import { modelCaller } from './modelCaller';
import { stopInSentinel } from './nanSentinel';
import { currentEngine } from './programTfjs';

/** The parts of tfjs-layers' `CustomCallback` used: built from handlers, with `params` set by fit. */
export type CustomCallbackClass = new (
  handlers: Record<string, (this: { params?: Record<string, unknown> }, ...args: never[]) => Promise<void> | void>,
  yieldEvery?: unknown,
) => object;

/** Marks the callback that follows a fit. */
const following = Symbol.for('tfjs-debugger.fit');

/** The points a curve keeps: beyond it, every other one is let go and later ones kept at that stride. */
const curvePoints = 4096;

/** The bookkeeping tfjs puts in a batch's logs beside the loss and metrics. */
const bookkeeping = new Set(['batch', 'size']);

/** The loss and metrics of a logs object (tfjs resolved its scalars before a `CustomCallback` sees it). */
function numbers(logs: unknown): Record<string, number> {
  const kept: Record<string, number> = {};
  if (typeof logs !== 'object' || logs === null) return kept;
  for (const [key, value] of Object.entries(logs)) if (typeof value === 'number' && !bookkeeping.has(key)) kept[key] = value;
  return kept;
}

class Curve {
  points: FitCurvePoint[] = [];
  every = 1;
  private seen = 0;

  add(point: FitCurvePoint): void {
    if (this.seen++ % this.every !== 0) return;
    this.points.push(point);
    if (this.points.length > curvePoints) {
      this.every *= 2;
      this.points = this.points.filter((_, i) => i % 2 === 0);
    }
  }
}

interface Progress {
  info: FitProgressInfo;
  batches: Curve;
}

let stops: FitStops = 'off';
let pending: FitStopInfo | undefined;
const progressOf = new WeakMap<object, Progress>();

export function setFitStops(at: FitStops): void {
  stops = at;
}

export function fitStops(): FitStops {
  return stops;
}

/** What the program is stopped on at a batch's or epoch's end, if it is. */
export function pendingFitStop(): FitStopInfo | undefined {
  return pending;
}

/** Where the model's last (or running) `fit` is, with its curve; undefined before its first. */
export function fitProgress(model: object): FitProgressInfo | undefined {
  const progress = progressOf.get(model);
  return progress && { ...progress.info, curve: progress.batches.points.slice(), curveEvery: progress.batches.every };
}

function stopAt(model: { name?: unknown }, stop: Omit<FitStopInfo, 'model' | 'calledFrom'>): void {
  const at = modelCaller();
  pending = { model: String(model.name), ...stop, ...(at && { calledFrom: at }) };
  try {
    stopInSentinel();
  } finally {
    pending = undefined;
  }
}

/** The callback that follows one `fit` call of `model`. */
function followingCallback(CustomCallback: CustomCallbackClass, model: { name?: unknown }, method: string): object {
  const progress: Progress = {
    info: { method, running: true, epoch: 0, batch: 0, step: 0, logs: {}, epochLogs: [] },
    batches: new Curve(),
  };
  progressOf.set(model, progress);
  const { info } = progress;
  const readsBatchLogs = (): boolean => !deviceBackends.has(currentEngine()?.backendName ?? '') || stops === 'batch';
  const batchEnd = (batch: number, logs: unknown): void => {
    info.batch = batch + 1;
    info.logs = numbers(logs);
    progress.batches.add({ step: info.step, epoch: info.epoch, batch: info.batch, logs: info.logs });
    if (stops === 'batch') stopAt(model, { at: 'batch', epoch: info.epoch, epochs: info.epochs, batch: info.batch, batches: info.batches, logs: info.logs });
  };
  return new CustomCallback(
    {
      onTrainBegin(this: { params?: Record<string, unknown> }) {
        const params = this.params ?? {};
        const epochs = params.epochs;
        const steps = params.steps;
        const samples = params.samples;
        const batchSize = params.batchSize;
        if (typeof epochs === 'number') info.epochs = epochs;
        if (typeof steps === 'number') info.batches = steps;
        else if (typeof samples === 'number' && typeof batchSize === 'number' && batchSize > 0) info.batches = Math.ceil(samples / batchSize);
      },
      onEpochBegin(epoch: number) {
        info.epoch = epoch + 1;
        info.batch = 0;
      },
      onBatchBegin(batch: number) {
        info.step++;
        if (!readsBatchLogs()) info.batch = batch + 1;
      },
      onBatchEnd(batch: number, logs: unknown) {
        if (readsBatchLogs()) batchEnd(batch, logs);
      },
      onEpochEnd(epoch: number, logs: unknown) {
        const epochLogs = numbers(logs);
        info.epochLogs.push({ epoch: epoch + 1, logs: epochLogs });
        if (info.epochLogs.length > curvePoints) info.epochLogs.shift();
        if (!readsBatchLogs()) info.logs = epochLogs;
        if (stops === 'epoch') stopAt(model, { at: 'epoch', epoch: epoch + 1, epochs: info.epochs, logs: epochLogs });
      },
      onTrainEnd() {
        info.running = false;
      },
    },
    'never',
  );
}

/** Whether `value` is tfjs-layers' callback object (a `BaseCallback`, which `CustomCallback` and `History` extend). */
function isCallbackObject(value: unknown, CustomCallback: CustomCallbackClass): boolean {
  const base = Object.getPrototypeOf(CustomCallback.prototype) as object | null;
  return typeof value === 'object' && value !== null && base !== null && Object.prototype.isPrototypeOf.call(base, value);
}

/**
 * The arguments of a `fit` (config third) or `fitDataset` (config second) call with the
 * following callback added after the program's own, which are made into callback objects as
 * tfjs itself would (`standardizeCallbacks`), since tfjs takes objects or configs, not both.
 */
export function withFollowingCallback(CustomCallback: CustomCallbackClass, model: object, method: 'fit' | 'fitDataset', args: unknown[]): unknown[] {
  const at = method === 'fit' ? 2 : 1;
  const given = args[at];
  const config = (typeof given === 'object' && given !== null ? given : {}) as { callbacks?: unknown; yieldEvery?: unknown };
  const own = config.callbacks == null ? [] : Array.isArray(config.callbacks) ? config.callbacks : [config.callbacks];
  // A Sequential's fit calls the fit of the model it wraps with the callbacks it was given: one follows.
  if (own.some((callback) => typeof callback === 'object' && callback !== null && following in callback)) return args;
  const objects = own.map((callback) => (isCallbackObject(callback, CustomCallback) ? callback : new CustomCallback(callback as never, config.yieldEvery)));
  const copy = args.slice();
  while (copy.length < at) copy.push(undefined);
  const callback = followingCallback(CustomCallback, model as { name?: unknown }, method);
  Object.defineProperty(callback, following, { value: true, enumerable: false });
  copy[at] = { ...config, callbacks: [...objects, callback] };
  return copy;
}
