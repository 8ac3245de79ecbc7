/**
 * What tf.layers is running, for the call paths the recorder credits ops to: the layers whose
 * `apply` is on the stack now (innermost last), and the asynchronous model calls (`fit`,
 * `fitDataset`, `evaluateDataset`) not yet settled, each with the call path that started it.
 * tfjs-layers is compiled to generators driven by promise callbacks, so the ops it runs after
 * its first `await` have no user frame on their stack: they are credited to that path. Such a
 * call's start, return and settling are counted: the ops on either side may be of two flows. The
 * program's own tfjs-layers classes are wrapped when the host sees them load (host.ts); nothing
 * is imported.
 */
import { layerApplyName } from '../../protocol/runtimeApi';
import { debuggerWork } from '../debuggerWork';
import type { CustomCallbackClass } from '../fitProgress';
import type { CallStep } from './callSites';

/** The part of a tf.layers `Layer` the recorder reads. */
interface LayerLike {
  name?: unknown;
  getClassName?(): string;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** The exports of tfjs-layers that are wrapped. */
export interface LayersExports {
  layers: { Layer: { prototype: Record<string, Method> } };
  LayersModel: { prototype: Record<string, Method> };
  Sequential?: { prototype: Record<string, Method> };
  /** tfjs-layers' callback class built from handlers (fitProgress.ts adds one to each fit). */
  CustomCallback?: CustomCallbackClass;
}

/** The function names of the wrappers, by which call paths (and the adapter, at a layer breakpoint's stop) know their frames. */
export { layerApplyName };
export const modelCallName = 'tfjsDebuggerModelCall';

/** Model methods that return a promise and keep running ops after their first await. */
const asyncModelMethods = ['fit', 'fitDataset', 'evaluateDataset'];
const wrapped = Symbol.for('tfjs-debugger.layers');

/** Whether a module's exports (or a page's `tf` global) are tfjs-layers' own. */
export function isLayersExports(exports: unknown): exports is LayersExports {
  const candidate = exports as Partial<LayersExports> | null;
  return typeof candidate?.layers?.Layer?.prototype?.apply === 'function' && typeof candidate.LayersModel?.prototype?.fit === 'function';
}

export class ModelScopes {
  /** The layers whose `apply` runs now, outermost first. */
  private readonly layers: LayerLike[] = [];
  /** A small id per layer object, for the recorder's predictions. */
  private readonly layerIds = new WeakMap<LayerLike, number>();
  private nextLayerId = 1;
  /** The id of the innermost running layer (0: none). */
  layerTop = 0;
  private readonly layerTops: number[] = [];
  /** The paths of the asynchronous model calls still running, oldest first. */
  private readonly entries: CallStep[][] = [];
  /**
   * Counts the starts, returns and settlings of asynchronous model calls: the op after one
   * may run in another flow than the op before it (the code after `await model.fit(...)`
   * after fit's last op), so the recorder does not predict its path from that op's.
   */
  boundaries = 0;
  /** Called with what each layer's `apply` returns when the program (not the debugger) ran it. */
  onOutput: ((layer: object, output: unknown) => void) | undefined;
  /** Called before each layer's `apply` the program runs, and after with its output, while layer breakpoints are set (layerBreakpoints.ts). */
  breakpoints: { active(): boolean; before(layer: object, inputs: unknown): void; after(layer: object, output: unknown): void } | undefined;

  /** The step of the `index`-th running layer (outermost is 0). */
  layerStep(index: number): CallStep | undefined {
    const layer = this.layers[index];
    if (!layer) return undefined;
    let className = '';
    try {
      className = layer.getClassName?.() ?? '';
    } catch {
      // A custom layer without a className still has its name.
    }
    return { kind: 'layer', name: String(layer.name ?? className), className };
  }

  /** Replaces the paths of the asynchronous model calls still running by what `redo` makes of them. */
  redoEntries(redo: (steps: CallStep[]) => CallStep[]): void {
    // In place: a call that settles finds its path by identity.
    for (const entry of this.entries) entry.splice(0, entry.length, ...redo(entry));
  }

  /** The path of the newest asynchronous model call still running. */
  get activeEntry(): CallStep[] | undefined {
    return this.entries.at(-1);
  }

  /**
   * Wraps `Layer.prototype.apply` and the asynchronous model methods of a tfjs-layers module's
   * exports, once per copy; `pathOfCall` gives the call path of a model method being called.
   */
  install(exports: LayersExports, pathOfCall: (method: string) => CallStep[]): void {
    const layerPrototype = exports.layers.Layer.prototype;
    if (Object.prototype.hasOwnProperty.call(layerPrototype, wrapped)) return;
    Object.defineProperty(layerPrototype, wrapped, { value: true, enumerable: false });
    this.wrapApply(layerPrototype);
    for (const prototype of [exports.LayersModel.prototype, exports.Sequential?.prototype]) {
      if (!prototype) continue;
      for (const method of asyncModelMethods) {
        if (Object.prototype.hasOwnProperty.call(prototype, method)) this.wrapAsyncCall(prototype, method, pathOfCall);
      }
    }
  }

  private wrapApply(prototype: Record<string, Method>): void {
    const apply = prototype.apply;
    const enter = (layer: LayerLike): void => {
      let id = this.layerIds.get(layer);
      if (id === undefined) this.layerIds.set(layer, (id = this.nextLayerId++));
      this.layers.push(layer);
      this.layerTops.push(this.layerTop);
      this.layerTop = id;
    };
    const leave = (): void => {
      this.layers.pop();
      this.layerTop = this.layerTops.pop() ?? 0;
    };
    const observe = (layer: LayerLike, output: unknown): void => {
      if (!this.onOutput || debuggerWork.depth !== 0) return;
      try {
        this.onOutput(layer, output);
      } catch {
        // An output that cannot be summed up leaves the program's call as it is.
      }
    };
    // A breakpoint's stop runs the debugger's stop inside the program's call: it is not guarded.
    const breakpoints = (): ModelScopes['breakpoints'] => (debuggerWork.depth === 0 && this.breakpoints?.active() ? this.breakpoints : undefined);
    const wrapper = {
      // Named as the user reads them at a layer breakpoint's stop, where this frame is on top.
      [layerApplyName](this: LayerLike, inputs: unknown, kwargs: unknown, ...rest: unknown[]): unknown {
        // The layer as the stop's Variables show it (`this` is not listed there).
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        const layer = this;
        breakpoints()?.before(layer, inputs);
        enter(layer);
        let output: unknown;
        try {
          output = apply.call(layer, inputs, kwargs, ...rest);
        } finally {
          leave();
        }
        observe(this, output);
        breakpoints()?.after(this, output);
        return output;
      },
    };
    prototype.apply = wrapper[layerApplyName] as Method;
  }

  private wrapAsyncCall(prototype: Record<string, Method>, method: string, pathOfCall: (method: string) => CallStep[]): void {
    const original = prototype[method];
    const entries = this.entries;
    const boundary = (): void => {
      this.boundaries++;
    };
    const wrapper = {
      [modelCallName](this: unknown, ...args: unknown[]): unknown {
        let entry: CallStep[] | undefined;
        boundary();
        try {
          // A call the debugger makes (a Debug Console `model.fit(...)`) is not the program's.
          if (debuggerWork.depth === 0) {
            entry = pathOfCall(method);
            entries.push(entry);
          }
        } catch {
          // Without its path, the call's later ops are credited to "(tfjs)".
        }
        const settle = (): void => {
          boundary();
          const at = entry ? entries.lastIndexOf(entry) : -1;
          if (at >= 0) entries.splice(at, 1);
        };
        let result: unknown;
        try {
          result = original.apply(this, args);
        } catch (error) {
          settle();
          throw error;
        }
        // The caller's next op runs in its own flow, whatever ran before the call's first await.
        boundary();
        // The caller gets the promise that settles after the entry is gone: one it handles or
        // leaves unhandled exactly as it would the model's own.
        if (result instanceof Promise) return result.finally(settle);
        settle();
        return result;
      },
    };
    prototype[method] = wrapper[modelCallName] as Method;
  }
}
