/**
 * The runtime API's face of the training history (`tfjs/history`, `tfjs/pin`, and `tfjs/tensor`
 * on a model's weight): models, layers and weights are named as the model panel shows them
 * and looked up in the registry, which answers a name it does not know with the names it does.
 */
import type { HistoryKind, HistorySeries, LayerHistory, ModelHistory, WeightHistory } from '../protocol/runtimeApi';
import type { LayerLike, WeightLike } from './modelRegistry';
import { currentStep, historyPassedOver, modelRegistry, recordingHistory, trainingHistory } from './programRecorder';
import type { SummaryRing } from './recorder/summaryRing';
import type { TensorLike } from './tensorReader';
import { snapshot } from './tensorSnapshot';
import { tensorValues } from './tensorValues';

/** How a history is read: cut to `points` a series, with or without histograms. */
interface Reading {
  points: number | undefined;
  histograms: boolean;
}

function seriesOf(ring: SummaryRing | undefined, reading: Reading): HistorySeries | undefined {
  if (!ring) return undefined;
  return { ...ring.entries(reading.points, reading.histograms), olderEvery: ring.olderEvery };
}

/** The variable a weight holds now, if it is built and alive. */
function variableOf(weight: WeightLike): TensorLike | undefined {
  try {
    const variable = weight.read();
    return variable.isDisposed ? undefined : variable;
  } catch {
    return undefined;
  }
}

function weightHistory(weight: WeightLike, reading: Reading): WeightHistory {
  const variable = variableOf(weight);
  const series = (kind: HistoryKind): HistorySeries | undefined => (variable ? seriesOf(trainingHistory.ring(variable, kind), reading) : undefined);
  const pinned = variable !== undefined && trainingHistory.isPinned(variable);
  const value = series('value');
  const gradient = series('gradient');
  return {
    name: weight.name,
    ...(value && { value }),
    ...(gradient && { gradient }),
    pinned,
    ...(pinned && variable && { snapshotSteps: trainingHistory.snapshotSteps(variable) }),
  };
}

function layerHistory(layer: LayerLike, reading: Reading): LayerHistory {
  const nested = Array.isArray(layer.layers) ? layer.layers : undefined;
  const output = seriesOf(trainingHistory.ring(layer, 'output'), reading);
  let weights: WeightLike[] = [];
  try {
    weights = nested ? [] : layer.weights;
  } catch {
    // A layer not built yet has no weights.
  }
  return {
    name: layer.name,
    ...(output && { output }),
    weights: weights.map((weight) => weightHistory(weight, reading)),
    ...(nested && { layers: nested.map((inner) => layerHistory(inner, reading)) }),
  };
}

export function history(modelId: number, layerName: string | undefined, points: number | undefined, histograms = true): ModelHistory {
  const model = modelRegistry.model(modelId);
  const layers = layerName === undefined ? (model.layers ?? []) : [modelRegistry.layer(model, layerName)];
  const { bytes, maxBytes, dropped } = trainingHistory.budget;
  return {
    model: modelId,
    step: currentStep(),
    recording: recordingHistory(),
    memory: { bytes, maxBytes, dropped, passedOver: historyPassedOver() },
    layers: layers.map((layer) => layerHistory(layer, { points, histograms })),
  };
}

/** The live variable of a model's weight; throws naming the model's weights when it has no such one. */
function liveWeight(modelId: number, weightName: string): TensorLike {
  const model = modelRegistry.model(modelId);
  const variable = variableOf(modelRegistry.weight(model, weightName));
  if (!variable) throw new Error(`${weightName} is not built yet: it gets its values when the model first runs`);
  return variable;
}

export function pin(modelId: number, weightName: string, pinned: boolean): { pinned: boolean; snapshotSteps: number[] } {
  const variable = liveWeight(modelId, weightName);
  const values = variable.dtype === 'float32' ? (tensorValues(variable) as Float32Array) : undefined;
  if (pinned && !values) throw new Error(`${weightName} is ${variable.dtype}: only float32 weights are kept by step`);
  trainingHistory.pin(variable, variable.shape, pinned, currentStep(), values);
  return { pinned, snapshotSteps: trainingHistory.snapshotSteps(variable) };
}

/** The span of steps `steps` (sorted) covers, as a message says it. */
function stepsText(steps: number[]): string {
  if (steps.length === 0) return 'none yet';
  return steps.length === 1 ? `step ${steps[0]}` : `steps ${steps[0]}–${steps[steps.length - 1]} (${steps.length} of them)`;
}

export function modelWeight(modelId: number, weightName: string, step: number | undefined): unknown {
  const variable = liveWeight(modelId, weightName);
  if (step === undefined) return variable;
  if (!trainingHistory.isPinned(variable)) {
    throw new Error(
      `${weightName} is not pinned, so its values by step are not kept: pin it ("Pin" in the model panel, or tfjs/pin) and they are from then on`,
    );
  }
  const kept = trainingHistory.snapshotAt(variable, step);
  if (!kept) throw new Error(`step ${step} is outside the history of ${weightName}: it holds ${stepsText(trainingHistory.snapshotSteps(variable))}`);
  return snapshot(variable.id, kept.shape, kept.values);
}
