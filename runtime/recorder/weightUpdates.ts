/**
 * The update ratio ‖Δw‖/‖w‖ of each trainable variable's last update, the number that tells a
 * learning rate too high (≫ 1e-3) or a layer that stopped learning (≪ 1e-3). Optimizers update
 * a variable with `Variable.assign(newValue)`, so `assign` is wrapped (on the class of the
 * first variable tfjs makes, found through `engine.makeVariable`): before the old values are
 * let go, both are read where they already are (cpu, wasm, a GPU tensor's CPU copy) and the two
 * norms taken in one pass. Only the program's assignments count, not the debugger's edits.
 */
import { debuggerWork } from '../debuggerWork';
import { deviceBackends, updateRatioOnDevice } from '../deviceSummary';
import { currentEngine } from '../programTfjs';
import { residentValues, type BackendsEngine } from '../residentValues';
import type { TensorLike } from '../tensorReader';

interface VariableLike extends TensorLike {
  trainable: boolean;
  assign(value: TensorLike): void;
}

export interface WeightUpdateEngine {
  makeVariable(...args: unknown[]): VariableLike;
  state: { registeredVariables: Record<string, VariableLike> };
}

const wrapped = Symbol.for('tfjs-debugger.assign');

/** ‖new − old‖ / ‖old‖ over all elements (Infinity from zeros to non-zeros, 0 for no change). */
export function updateRatio(before: ArrayLike<number>, after: ArrayLike<number>): number {
  let change = 0;
  let norm = 0;
  for (let i = 0; i < before.length; i++) {
    const d = after[i] - before[i];
    change += d * d;
    norm += before[i] * before[i];
  }
  if (change === 0) return 0;
  return Math.sqrt(change) / Math.sqrt(norm);
}

export class WeightUpdates {
  private readonly last = new WeakMap<object, { ratio: number; step: number }>();

  /**
   * `step` gives the training step an update belongs to, `on` whether updates are noted now;
   * `onValues` gets a variable's new values at each of the program's updates (`onDeviceValues`
   * the new tensor, where it is on a GPU); `within` runs the work of noting one, or passes it
   * over (the history's share of the program's time).
   */
  constructor(
    private readonly step: () => number,
    private readonly on: () => boolean,
    private readonly onValues: (variable: object, values: ArrayLike<number>) => void,
    private readonly within: (variable: object, work: () => void) => boolean,
    private readonly onDeviceValues: (variable: object, value: TensorLike, step: number) => void,
  ) {}

  install(engine: WeightUpdateEngine): void {
    const existing = Object.values(engine.state?.registeredVariables ?? {})[0];
    if (existing) this.wrapAssign(Object.getPrototypeOf(existing) as VariableLike);
    const makeVariable = engine.makeVariable;
    if (typeof makeVariable !== 'function') return;
    engine.makeVariable = (...args: unknown[]): VariableLike => {
      const variable = makeVariable.apply(engine, args);
      this.wrapAssign(Object.getPrototypeOf(variable) as VariableLike);
      return variable;
    };
  }

  /** The last update of a variable the program assigned. */
  of(variable: object): { ratio: number; step: number } | undefined {
    return this.last.get(variable);
  }

  private wrapAssign(prototype: VariableLike): void {
    if (Object.prototype.hasOwnProperty.call(prototype, wrapped)) return;
    Object.defineProperty(prototype, wrapped, { value: true, enumerable: false });
    const assign = prototype.assign;
    const note = (variable: VariableLike, value: TensorLike): void => {
      this.within(variable, () => this.note(variable, value));
    };
    const on = this.on;
    prototype.assign = function (this: VariableLike, value: TensorLike): void {
      if (debuggerWork.depth === 0 && this.trainable && on()) {
        try {
          note(this, value);
        } catch {
          // A ratio that cannot be taken leaves the program's assignment as it is.
        }
      }
      assign.call(this, value);
    };
  }

  private note(variable: VariableLike, value: TensorLike): void {
    if (variable.dtype !== 'float32' || value.dtype !== 'float32') return;
    const engine = currentEngine() as unknown as BackendsEngine | undefined;
    if (!engine) return;
    const size = variable.shape.reduce((a, b) => a * b, 1);
    const { backend, values: before } = residentValues(engine, variable, size);
    const after = before && residentValues(engine, value, size).values;
    const step = this.step();
    if (before && after) {
      this.last.set(variable, { ratio: updateRatio(before, after), step });
      this.onValues(variable, after);
    } else if (deviceBackends.has(backend ?? '')) {
      // On the GPU, both are reduced there before the old values go, and read back later.
      updateRatioOnDevice(variable, value, (ratio) => this.last.set(variable, { ratio, step }));
      this.onDeviceValues(variable, value, step);
    }
  }
}
