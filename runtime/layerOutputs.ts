/**
 * The last output of each tf.layers layer the program ran, summed up as the layer's `apply`
 * returns it (before tfjs disposes it at the end of the step): its statistics, zero count and
 * histogram, and for ReLU-like activations its dead units. Summed up where the values already
 * are (cpu, wasm, a GPU tensor's CPU copy); a tensor only on webgl's or webgpu's GPU is summed
 * up there and read back later (deviceSummary.ts: no dead units), rather than read back, which
 * would stall the program's GPU pipeline at every layer. Only the
 * program's calls count (the recorder's wrapper of `apply` leaves the debugger's out).
 *
 * Summing up costs a pass or two over each output, which on fast kernels (wasm's, a small
 * model's predict) can cost more than the layer itself: it takes at most its share of the
 * program's time (timeShare.ts), and a layer whose call is passed over for it keeps its last
 * summary with the count of calls since (`callsSince`).
 */
import type { LayerOutputInfo, ValueSummary } from '../protocol/runtimeApi';
import { deviceBackends, summarizeOnDevice } from './deviceSummary';
import { currentEngine } from './programTfjs';
import { residentValues, type BackendsEngine } from './residentValues';
import { isTensor, type TensorLike } from './tensorReader';
import type { TimeShare } from './timeShare';
import { deadUnits, summarize } from './valueSummary';

/** The parts of a layer read to know whether its activation is ReLU-like. */
interface ActivationLayer {
  activation?: { getClassName?(): string };
  getClassName?(): string;
}

const reluLike = new Set(['relu', 'relu6']);

function isReluLike(layer: ActivationLayer): boolean {
  try {
    return layer.getClassName?.() === 'ReLU' || reluLike.has(layer.activation?.getClassName?.() ?? '');
  } catch {
    return false;
  }
}

export class LayerOutputs {
  private readonly last = new WeakMap<object, LayerOutputInfo>();
  /** The summary of the data a layer output was last summed up from: a `Flatten` or `Reshape` returns its input's data again. */
  private readonly byData = new WeakMap<object, ValueSummary>();

  /**
   * `onSummary` gets each output summed up, with its values (the training history keeps it),
   * `onDeviceSummary` one summed up on its GPU, later; `time` bounds the work.
   */
  constructor(
    private readonly onSummary: (layer: object, values: ArrayLike<number>, summary: ValueSummary) => void,
    private readonly onDeviceSummary: (layer: object, summary: ValueSummary) => void,
    private readonly time: TimeShare,
  ) {}

  /** Notes what `layer.apply` returned (a tensor, several, or symbolic tensors while a model is built). */
  note(layer: object, output: unknown, step: number): void {
    const outputs = Array.isArray(output) ? output : [output];
    const first = outputs[0];
    if (!isTensor(first) || first.isDisposed) return;
    if (this.time.run(() => this.summarize(layer, first, step, outputs.length))) return;
    const previous = this.last.get(layer);
    if (previous) previous.callsSince = (previous.callsSince ?? 0) + 1;
  }

  private summarize(layer: object, first: TensorLike, step: number, outputs: number): void {
    const info: LayerOutputInfo = { shape: first.shape.slice(), dtype: first.dtype, step, outputs };
    if (first.dtype === 'float32') {
      const engine = currentEngine() as unknown as BackendsEngine | undefined;
      const size = first.shape.reduce((a, b) => a * b, 1);
      const { backend, values } = engine ? residentValues(engine, first, size) : { backend: undefined, values: undefined };
      if (values) {
        info.summary = this.byData.get(first.dataId) ?? summarize(values);
        this.byData.set(first.dataId, info.summary);
        this.onSummary(layer, values, info.summary);
        if (isReluLike(layer as ActivationLayer) && first.shape.length > 0) {
          const units = first.shape[first.shape.length - 1];
          info.deadUnits = { dead: deadUnits(values, units), units };
        }
      } else if (
        deviceBackends.has(backend ?? '') &&
        summarizeOnDevice(first, (summary) => {
          // Shown once read back: until then the layer's previous output stays.
          this.last.set(layer, { ...info, summary });
          this.onDeviceSummary(layer, summary);
        })
      ) {
        return;
      } else {
        info.unread = `on ${backend ?? 'its backend'}: the values stay on the device`;
      }
    }
    this.last.set(layer, info);
  }

  /** The layer's last output, if the program has run it on tensors. */
  of(layer: object): LayerOutputInfo | undefined {
    return this.last.get(layer);
  }
}
