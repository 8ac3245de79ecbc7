/**
 * The tf.layers models the program built, for the model panel: a `Sequential` as its layers
 * are added (its constructor adds the configured ones), any model when it is first compiled,
 * trained, evaluated, run or applied (a functional model, a model used as a layer). Models are
 * held weakly, so the program's disposing or dropping one is not held up. At a stop, each model
 * is described layer by layer: class, output shape, parameters, trainability, and its weights
 * with their statistics, read where they live. The model a `Sequential` wraps internally and
 * models nested as layers of another appear only inside it.
 */
import type { ModelInfo, ModelLayerInfo, ModelWeightInfo } from '../protocol/runtimeApi';
import type { LayersExports } from './recorder/modelScopes';
import { debuggerWork } from './debuggerWork';
import { computeStats } from './tensorStats';
import type { TensorLike } from './tensorReader';
import { tensorValues } from './tensorValues';

/** The parts of a tf.layers layer (or model) the description reads. */
interface LayerLike {
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

interface WeightLike {
  name: string;
  shape: number[];
  dtype: string;
  trainable: boolean;
  read(): TensorLike;
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

function describeWeight(weight: WeightLike): ModelWeightInfo {
  const base = { name: weight.name, shape: weight.shape.slice(), dtype: weight.dtype, trainable: weight.trainable };
  const size = weight.shape.reduce((a, b) => a * b, 1);
  if (weight.dtype !== 'float32' || size > statisticsLimit) return base;
  const stats = attempt(() => {
    const tensor = weight.read();
    return tensor.isDisposed ? undefined : computeStats(tensorValues(tensor) as Float32Array);
  }, undefined);
  if (!stats) return base;
  const { min, max, mean, std, nanCount, infCount } = stats;
  return { ...base, stats: { min, max, mean, std, nanCount, infCount } };
}

function describeLayer(layer: LayerLike): ModelLayerInfo {
  // A model used as a layer lists its own layers.
  const nested = Array.isArray(layer.layers) ? layer.layers : undefined;
  return {
    name: layer.name,
    className: attempt(() => layer.getClassName(), 'Layer'),
    outputShape: attempt(() => shapeText(layer.outputShape), 'not built yet'),
    params: attempt(() => layer.countParams(), 0),
    trainable: layer.trainable,
    weights: nested ? [] : attempt(() => layer.weights.map(describeWeight), []),
    ...(nested && { layers: nested.map(describeLayer) }),
  };
}

export class ModelRegistry {
  private readonly models: WeakRef<LayerLike>[] = [];
  private readonly known = new WeakSet<LayerLike>();
  private readonly ids = new WeakMap<LayerLike, number>();
  private nextId = 1;

  /** Wraps the methods that show a model, once per tfjs-layers copy. */
  install(exports: LayersExports): void {
    const prototypes = [exports.LayersModel.prototype, exports.Sequential?.prototype].filter((prototype) => prototype !== undefined);
    if (prototypes.some((prototype) => Object.prototype.hasOwnProperty.call(prototype, wrapped))) return;
    for (const prototype of prototypes) {
      Object.defineProperty(prototype, wrapped, { value: true, enumerable: false });
      const methods = prototype === exports.Sequential?.prototype ? [...usingMethods, 'add'] : usingMethods;
      for (const method of methods) this.wrap(prototype, method);
    }
  }

  private wrap(prototype: Record<string, Method>, method: string): void {
    const original = prototype[method];
    if (typeof original !== 'function') return;
    const note = (model: unknown): void => this.note(model as LayerLike);
    prototype[method] = function (this: unknown, ...args: unknown[]): unknown {
      if (debuggerWork.depth === 0) note(this);
      return original.apply(this, args);
    };
  }

  private note(model: LayerLike): void {
    if (this.known.has(model)) return;
    this.known.add(model);
    this.ids.set(model, this.nextId++);
    this.models.push(new WeakRef(model));
  }

  /** The models alive and not disposed, the ones nested in others (or wrapped by a Sequential) left to them. */
  describe(): ModelInfo[] {
    const alive = this.models.map((ref) => ref.deref()).filter((model): model is LayerLike => model !== undefined && !model.isDisposed);
    const inside = new Set<LayerLike>();
    for (const model of alive) {
      if (model.model) inside.add(model.model);
      for (const layer of attempt(() => model.layers ?? [], [])) inside.add(layer);
    }
    return alive
      .filter((model) => !inside.has(model))
      .map((model) => {
        const layers = attempt(() => model.layers ?? [], []).map(describeLayer);
        const weights = attempt(() => model.weights, []);
        const count = (trainable: boolean): number =>
          weights.filter((weight) => weight.trainable === trainable).reduce((sum, weight) => sum + weight.shape.reduce((a, b) => a * b, 1), 0);
        return {
          id: this.ids.get(model) ?? 0,
          name: model.name,
          className: attempt(() => model.getClassName(), 'LayersModel'),
          trainableParams: count(true),
          nonTrainableParams: count(false),
          layers,
        };
      });
  }
}
