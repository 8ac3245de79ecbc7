/**
 * The tf.layers models the program built, for the model panel: a `Sequential` as its layers
 * are added (its constructor adds the configured ones), any model when it is first compiled,
 * trained, evaluated, run or applied (a functional model, a model used as a layer). Models are
 * held weakly, so the program's disposing or dropping one is not held up. At a stop, each model
 * is described layer by layer: class, output shape, parameters, trainability, and its weights
 * with their statistics, read where they live, and what the program's last steps did: each
 * layer's last output, each weight's gradient in the last tape and its last update ratio. The
 * model a `Sequential` wraps internally and models nested as layers of another appear only
 * inside it.
 */
import type { LayerOutputInfo, ModelInfo, ModelLayerInfo, ModelWeightInfo, TapeSource, WeightGradientInfo } from '../protocol/runtimeApi';
import type { LayersExports } from './recorder/modelScopes';
import { debuggerWork } from './debuggerWork';
import { type CustomCallbackClass, fitProgress, withFollowingCallback } from './fitProgress';
import { computeStats } from './tensorStats';
import type { TensorLike } from './tensorReader';
import { tensorValues } from './tensorValues';

/** The parts of a tf.layers layer (or model) the description reads. */
export interface LayerLike {
  name: string;
  trainable: boolean;
  getClassName(): string;
  countParams(): number;
  readonly outputShape: unknown;
  readonly weights: WeightLike[];
  /** A model's (or a Sequential's) layers. */
  readonly layers?: LayerLike[];
  /** The model a Sequential wraps. */
  readonly model?: LayerLike;
  readonly isDisposed?: boolean;
}

export interface WeightLike {
  name: string;
  shape: number[];
  dtype: string;
  trainable: boolean;
  read(): TensorLike;
}

/** What the program's steps did to models, as the recorder saw it. */
export interface ModelActivity {
  outputOf(layer: object): LayerOutputInfo | undefined;
  updateOf(variable: object): { ratio: number; step: number } | undefined;
  /** By variable (tensor id): its gradient in the newest complete tape that took one. */
  gradients(): Map<number, WeightGradientInfo>;
}

/** By variable (tensor id), its gradient in the newest of the complete `tapes` (oldest first) that took one. */
export function lastGradients(tapes: { index: number; sources: TapeSource[] }[]): Map<number, WeightGradientInfo> {
  const gradients = new Map<number, WeightGradientInfo>();
  for (const tape of tapes) {
    for (const source of tape.sources) {
      if (source.variable && source.gradient) gradients.set(source.id, { ...source.gradient, tape: tape.index, tensorId: source.id });
    }
  }
  return gradients;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Methods whose first call shows a model the program uses. */
const usingMethods = [
  'compile',
  'fit',
  'fitDataset',
  'evaluate',
  'evaluateDataset',
  'predict',
  'predictOnBatch',
  'trainOnBatch',
  'execute',
  'summary',
  'apply',
];
const wrapped = Symbol.for('tfjs-debugger.models');

/** Weights larger than this are described without statistics (their read would hold the stop). */
const statisticsLimit = 16 * 1024 * 1024;

/** A shape as tfjs's `model.summary()` prints it: `[null,26,26,8]`, several as a list. */
function shapeText(shape: unknown): string {
  return JSON.stringify(shape) ?? 'unknown';
}

/** What `read` gives, or `fallback` when it throws (a layer not built yet, several output shapes). */
function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** A model's layers, those of models nested in it too, outermost first. */
export function layersOf(model: LayerLike): LayerLike[] {
  return attempt(() => model.layers ?? [], []).flatMap((layer) => [layer, ...(Array.isArray(layer.layers) ? layersOf(layer) : [])]);
}

/** A layer's description, with what the program's steps did to it (`gradients` from {@link ModelActivity.gradients}, taken once per answer). */
class LayerDescriber {
  constructor(
    private readonly activity: ModelActivity,
    private readonly gradients: Map<number, WeightGradientInfo>,
  ) {}

  weight(weight: WeightLike): ModelWeightInfo {
    const info: ModelWeightInfo = { name: weight.name, shape: weight.shape.slice(), dtype: weight.dtype, trainable: weight.trainable };
    const tensor = attempt(() => weight.read(), undefined);
    if (!tensor || tensor.isDisposed) return info;
    const gradient = this.gradients.get(tensor.id);
    if (gradient) info.gradient = gradient;
    const update = this.activity.updateOf(tensor);
    if (update) info.update = update;
    const size = weight.shape.reduce((a, b) => a * b, 1);
    if (weight.dtype !== 'float32' || size > statisticsLimit) return info;
    const stats = attempt(() => computeStats(tensorValues(tensor) as Float32Array), undefined);
    if (stats) {
      const { min, max, mean, std, nanCount, infCount } = stats;
      info.stats = { min, max, mean, std, nanCount, infCount };
    }
    return info;
  }

  layer(layer: LayerLike): ModelLayerInfo {
    // A model used as a layer lists its own layers.
    const nested = Array.isArray(layer.layers) ? layer.layers : undefined;
    const output = this.activity.outputOf(layer);
    return {
      name: layer.name,
      className: attempt(() => layer.getClassName(), 'Layer'),
      outputShape: attempt(() => shapeText(layer.outputShape), 'not built yet'),
      params: attempt(() => layer.countParams(), 0),
      trainable: layer.trainable,
      weights: nested ? [] : attempt(() => layer.weights.map((weight) => this.weight(weight)), []),
      ...(output && { output }),
      ...(nested && { layers: nested.map((inner) => this.layer(inner)) }),
    };
  }
}

export class ModelRegistry {
  private readonly models: WeakRef<LayerLike>[] = [];
  private readonly known = new WeakSet<LayerLike>();
  private readonly ids = new WeakMap<LayerLike, number>();
  private nextId = 1;

  constructor(private readonly activity: ModelActivity) {}

  /** Wraps the methods that show a model, once per tfjs-layers copy; `fit` and `fitDataset` are followed too (fitProgress.ts). */
  install(exports: LayersExports): void {
    const prototypes = [exports.LayersModel.prototype, exports.Sequential?.prototype].filter((prototype) => prototype !== undefined);
    if (prototypes.some((prototype) => Object.prototype.hasOwnProperty.call(prototype, wrapped))) return;
    for (const prototype of prototypes) {
      Object.defineProperty(prototype, wrapped, { value: true, enumerable: false });
      const methods = prototype === exports.Sequential?.prototype ? [...usingMethods, 'add'] : usingMethods;
      for (const method of methods) this.wrap(prototype, method, exports.CustomCallback);
    }
  }

  private wrap(prototype: Record<string, Method>, method: string, CustomCallback: CustomCallbackClass | undefined): void {
    const original = prototype[method];
    if (typeof original !== 'function') return;
    const note = (model: unknown): void => this.note(model as LayerLike);
    const follows = CustomCallback && (method === 'fit' || method === 'fitDataset') ? method : undefined;
    prototype[method] = function (this: unknown, ...args: unknown[]): unknown {
      if (debuggerWork.depth !== 0) return original.apply(this, args);
      note(this);
      let called = args;
      try {
        if (follows && CustomCallback) called = withFollowingCallback(CustomCallback, this as object, follows, args);
      } catch {
        // A call that cannot be followed runs as the program wrote it.
      }
      return original.apply(this, called);
    };
  }

  private note(model: LayerLike): void {
    if (this.known.has(model)) return;
    this.known.add(model);
    this.ids.set(model, this.nextId++);
    this.models.push(new WeakRef(model));
  }

  /** The models alive and not disposed, less those nested in others (or wrapped by a Sequential): they show inside them. */
  private topModels(): LayerLike[] {
    const alive = this.models.map((ref) => ref.deref()).filter((model): model is LayerLike => model !== undefined && !model.isDisposed);
    const inside = new Set<LayerLike>();
    for (const model of alive) {
      if (model.model) inside.add(model.model);
      for (const layer of attempt(() => model.layers ?? [], [])) inside.add(layer);
    }
    return alive.filter((model) => !inside.has(model));
  }

  /** The model of `id`; throws a message naming the models there are. */
  model(id: number): LayerLike {
    const models = this.topModels();
    const found = models.find((model) => this.ids.get(model) === id);
    if (found) return found;
    const known = models.map((model) => `${this.ids.get(model)} (${model.name})`).join(', ');
    throw new Error(`no model with id ${id}: ${known ? `the program's models are ${known}` : 'the program has built no tf.layers model yet'}`);
  }

  /** The layer of `model` named `name`, nested layers included; throws a message naming the layers there are. */
  layer(model: LayerLike, name: string): LayerLike {
    const all = layersOf(model);
    const found = all.find((layer) => layer.name === name);
    if (found) return found;
    throw new Error(`no layer named ${JSON.stringify(name)} in model ${model.name}: its layers are ${all.map((layer) => layer.name).join(', ') || 'none'}`);
  }

  /** The weight of `model` named `name` (`conv/kernel`); throws a message naming the weights there are. */
  weight(model: LayerLike, name: string): WeightLike {
    const weights = attempt(() => model.weights, []);
    const found = weights.find((weight) => weight.name === name);
    if (found) return found;
    throw new Error(
      `no weight named ${JSON.stringify(name)} in model ${model.name}: its weights are ${weights.map((weight) => weight.name).join(', ') || 'none'}`,
    );
  }

  /** The models alive and not disposed, the ones nested in others (or wrapped by a Sequential) left to them. */
  describe(): ModelInfo[] {
    const describer = new LayerDescriber(this.activity, this.activity.gradients());
    return this.topModels().map((model) => {
      const layers = attempt(() => model.layers ?? [], []).map((layer) => describer.layer(layer));
      const weights = attempt(() => model.weights, []);
      // A Sequential trains through itself; the model it wraps is not called.
      const training = fitProgress(model) ?? (model.model && fitProgress(model.model));
      const count = (trainable: boolean): number =>
        weights.filter((weight) => weight.trainable === trainable).reduce((sum, weight) => sum + weight.shape.reduce((a, b) => a * b, 1), 0);
      return {
        id: this.ids.get(model) ?? 0,
        name: model.name,
        className: attempt(() => model.getClassName(), 'LayersModel'),
        trainableParams: count(true),
        nonTrainableParams: count(false),
        layers,
        ...(training && { training }),
      };
    });
  }
}
