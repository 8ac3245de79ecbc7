/**
 * The program's one kernel recorder: made from the launch settings when tfjs creates its
 * engine (after the launch configuration's backend is chosen), and read by the runtime API for
 * profiles, tapes and the NaN sentinel's findings.
 */
import type { ProfileBody, ProfileFormat, ScriptCodeRanges, SpeedscopeFile, TapeRecord, TapeTensorKind, TensorLines, TraceEvent } from '../protocol/runtimeApi';
import { type BackendEngine, chooseBackend } from './backendChoice';
import { runtimeHost } from './host';
import { currentEngine, type EngineLike } from './programTfjs';
import { pendingNonFinite, stopOnNonFinite, type NonFiniteReport } from './nanSentinel';
import { innermostCall } from './recorder/callSites';
import { CodeRanges } from './recorder/codeRanges';
import { KernelRecorder } from './recorder/kernelRecorder';
import { afterLayer, beforeLayer, layerBreakpointsSet } from './layerBreakpoints';
import { followCallers } from './modelCaller';
import { deviceBackends, summarizeOnDevice } from './deviceSummary';
import { LayerOutputs } from './layerOutputs';
import { lineTensorsView } from './lineTensors';
import { lastGradients, ModelRegistry } from './modelRegistry';
import type { TimedEngine } from './recorder/gpuTimer';
import { buildProfile, buildSpeedscope, buildTrace } from './recorder/profileTree';
import { TrainingHistory } from './recorder/trainingHistory';
import { TimeShare } from './timeShare';
import { WeightUpdates, type WeightUpdateEngine } from './recorder/weightUpdates';
import { residentValues, type BackendsEngine } from './residentValues';
import type { TensorLike } from './tensorReader';
import { tensorValues } from './tensorValues';
import { currentSettings } from './settings';

const megabyte = 1024 * 1024;
let recorder: KernelRecorder | undefined;
/** The `nan` exception filter, which may be set before tfjs loads. */
let sentinelFilter = false;
/** The code ranges of the bundled scripts, by URL; they may come before tfjs loads. */
const libraryRanges = new Map<string, CodeRanges>();

/** Installs the recorder on the program's engine. */
export function instrument(engine: EngineLike): void {
  const settings = currentSettings();
  if (settings.backend !== 'auto') chooseBackend(engine as unknown as BackendEngine, settings.backend);
  if (!recorder) {
    recorder = new KernelRecorder({
      profile: settings.profile,
      captureTape: settings.captureTape,
      maxEvents: settings.maxProfileEvents,
      maxTapes: settings.maxTapes,
      libraryPatterns: settings.libraryPatterns,
      trackTensors: settings.trackTensors,
    });
    for (const [url, ranges] of libraryRanges) recorder.callSites.setLibraryRanges(url, ranges);
  }
  recorder.sentinel = settings.breakOnNaN || sentinelFilter;
  const installed = recorder;
  recorder.onNonFinite = (found) => stopOnNonFinite(found, installed.callSites);
  trainingHistory.budget.maxBytes = settings.historyMB * megabyte;
  historyOn = settings.trainingHistory;
  recorder.onGradients = recordGradients;
  recorder.install(engine as unknown as Parameters<KernelRecorder['install']>[0]);
  weightUpdates.install(engine as unknown as WeightUpdateEngine);
}

/** The training steps so far (outermost gradient computations of the program). */
export function currentStep(): number {
  return recorder?.origins.steps ?? 0;
}

/** Each training step's weights, gradients and layer outputs, summed up (the launch settings give its budget, in {@link instrument}). */
export const trainingHistory = new TrainingHistory(currentSettings().historyMB * megabyte);

/** Whether the training history (and the layers' last outputs, the weights' update ratios) is recorded now. */
let historyOn = currentSettings().trainingHistory;

/** Whether the training history is recorded now. */
export function recordingHistory(): boolean {
  return historyOn;
}

/** Summaries passed over to keep the history's summing up within its share of the program's time. */
export function historyPassedOver(): number {
  return historyTime.passedOver;
}

/**
 * The share of the program's time the history's summing up may take (outputs, weights,
 * gradients; pinned weights are always kept): on a fast backend a pass over a weight can cost
 * as much as the kernels of a step.
 */
const historyTime = new TimeShare(0.02, 50);

const layerOutputs = new LayerOutputs(
  (layer, values, summary) => trainingHistory.record(layer, 'output', currentStep(), values, summary),
  (layer, summary) => trainingHistory.recordSummary(layer, 'output', currentStep(), summary),
  historyTime,
);
const weightUpdates = new WeightUpdates(
  currentStep,
  () => historyOn,
  (variable, values) => trainingHistory.record(variable, 'value', currentStep(), values),
  (variable, work) => (trainingHistory.isPinned(variable) ? (work(), true) : historyTime.run(work)),
  (variable, value, step) => {
    // A pinned weight's values are read back (the user asked for them); the others are summed up on the GPU.
    if (trainingHistory.isPinned(variable)) trainingHistory.record(variable, 'value', step, tensorValues(value) as Float32Array);
    else summarizeOnDevice(value, (summary) => trainingHistory.recordSummary(variable, 'value', step, summary));
  },
);

/** Sums up the gradients of the variables a training step took. */
function recordGradients(xs: TensorLike[], grads: (TensorLike | null)[]): void {
  if (!historyOn) return;
  const engine = currentEngine() as unknown as BackendsEngine | undefined;
  if (!engine) return;
  xs.forEach((x, i) => {
    const gradient = grads[i];
    if (!gradient || gradient.dtype !== 'float32' || !(x as { trainable?: unknown }).trainable) return;
    historyTime.run(() => {
      const step = currentStep();
      const { backend, values } = residentValues(
        engine,
        gradient,
        gradient.shape.reduce((a, b) => a * b, 1),
      );
      if (values) trainingHistory.record(x, 'gradient', step, values);
      else if (deviceBackends.has(backend ?? '')) summarizeOnDevice(gradient, (summary) => trainingHistory.recordSummary(x, 'gradient', step, summary));
    });
  });
}

/** The tf.layers models the program built (the model panel), with what the program's steps did to them. */
export const modelRegistry = new ModelRegistry({
  outputOf: (layer) => layerOutputs.of(layer),
  updateOf: (variable) => weightUpdates.of(variable),
  gradients: () => lastGradients(recorder?.tapes.sources() ?? []),
});

/** Follows tf.layers in the program: its layers and model calls name the ops' call paths, and its models are found. */
export function followLayers(): void {
  runtimeHost().watchLayers((exports) => {
    if (recorder) {
      recorder.installLayers(exports);
      const { scopes } = recorder.callSites;
      scopes.breakpoints = { active: layerBreakpointsSet, before: beforeLayer, after: afterLayer };
      followCallers(() => innermostCall(scopes.activeEntry ?? []));
      scopes.onOutput = (layer, output) => {
        if (historyOn) layerOutputs.note(layer, output, currentStep());
      };
    }
    modelRegistry.install(exports);
  });
}

export function profile(format: ProfileFormat, reset: boolean, gpuTime?: boolean): ProfileBody | { traceEvents: TraceEvent[] } | SpeedscopeFile | null {
  if (!recorder) return null;
  const { ring, callSites, shapes, gpuTimer } = recorder;
  if (gpuTime !== undefined) gpuTimer.on = gpuTime;
  const body =
    format === 'chrome-trace'
      ? buildTrace(ring, callSites)
      : format === 'speedscope'
        ? buildSpeedscope(ring, callSites)
        : { ...buildProfile(ring, callSites, shapes), timing: gpuTimer.timing(currentEngine() as unknown as TimedEngine | undefined) };
  if (reset) {
    ring.clear();
    shapes.clear();
  }
  return body;
}

/** What is recorded now, and the kernels recorded since the last reset (`MemoryInfo.recording`). */
export function recording(): { profile: boolean; captureTape: boolean; kernels: number } | undefined {
  if (!recorder) return undefined;
  const { options, ring } = recorder;
  return { profile: options.profile, captureTape: options.captureTape, kernels: ring.size + ring.dropped };
}

/** Turns kernel and tape recording, the tracking of tensors by line and the training history on or off while the program runs. */
export function configureRecording(options: { profile?: boolean; captureTape?: boolean; trackTensors?: boolean; trainingHistory?: boolean }): void {
  if (options.trainingHistory !== undefined) {
    if (options.trainingHistory && !historyOn) historyTime.restart();
    historyOn = options.trainingHistory;
  }
  if (!recorder) return;
  if (options.profile !== undefined) recorder.options.profile = options.profile;
  if (options.captureTape !== undefined) recorder.options.captureTape = options.captureTape;
  if (options.trackTensors !== undefined) recorder.options.trackTensors = options.trackTensors;
}

/** The program stopped: the live tensors' counts per line are kept for the next stop's growth. */
export function markStop(): void {
  recorder?.origins.markStop();
}

/** The live tensors made at the line `key`, as one tensor to view (lineTensors.ts). */
export function lineTensors(key: string): unknown {
  if (!recorder?.options.trackTensors) throw new Error('the live tensors are not tracked: the launch argument trackTensors is false');
  return lineTensorsView(key, recorder.origins.tensorsAt(key) as unknown as TensorLike[]);
}

/** Live tensors by the line that made them; undefined before tfjs loads. */
export function tensorLines(): TensorLines | undefined {
  return recorder?.origins.report(recorder.options.trackTensors);
}

export function tapes(options: { keepValues?: boolean } = {}): TapeRecord[] {
  if (recorder && options.keepValues) recorder.tapes.copyValues = true;
  return recorder?.tapeRecords ?? [];
}

export function tapeTensor(tape: number, tensorId: number, kind: TapeTensorKind): unknown {
  if (!recorder) throw new Error('tfjs is not loaded in the program yet: no tape has been recorded');
  return recorder.tapes.tensor(tape, tensorId, kind);
}

/** Takes the code ranges of a bundled script (RuntimeApi.setLibraryRanges). */
export function setLibraryRanges(scriptUrl: string, ranges: ScriptCodeRanges): void {
  const parsed = new CodeRanges(ranges);
  libraryRanges.set(scriptUrl, parsed);
  recorder?.callSites.setLibraryRanges(scriptUrl, parsed);
}

export function setSentinel(on: boolean): void {
  sentinelFilter = on;
  if (recorder) recorder.sentinel = on || currentSettings().breakOnNaN;
}

export function nonFinite(): NonFiniteReport | null {
  return pendingNonFinite() ?? null;
}
