/**
 * Summaries of tensors that live on a GPU (webgl, webgpu), computed there: a few of the
 * program's own tfjs ops (run as the debugger's work, so nothing of them is recorded) reduce
 * the tensor to 39 numbers (statistics, NaN/Inf/zero counts, a 32-bin histogram), read back
 * asynchronously: the program's GPU queue is not waited for, and the summary arrives a moment
 * later. Reading the tensor itself back at every layer would stall the GPU each time.
 */
import { histogramBins, type ValueSummary } from '../protocol/runtimeApi';
import { asDebuggerWork } from './debuggerWork';
import { hold } from './heldTensors';
import { runtimeHost } from './host';
import type { TensorLike } from './tensorReader';

/** The parts of the program's `tf` namespace used here. */
interface Tf {
  tidy<T>(fn: () => T): T;
  [op: string]: unknown;
}

/** A tensor of the program's `tf` with the methods used here (chained ops). */
type T = TensorLike & { [method: string]: (...args: unknown[]) => T } & { data(): Promise<ArrayLike<number>>; dispose(): void };

/** Backends whose tensors live on a GPU: they are summed up there, and their reads wait for it. */
export const deviceBackends = new Set(['webgl', 'webgpu']);

let namespace: Tf | undefined;

function tfOfProgram(): Tf | undefined {
  namespace ??= runtimeHost().findNamespace() as Tf | undefined;
  return namespace;
}

/** The program's tfjs op `name`, called with `args`. */
function opsOf(tf: Tf): (name: string, ...args: unknown[]) => T {
  return (name, ...args) => (tf[name] as (...a: unknown[]) => T)(...args);
}

/** The 39 numbers of a summary, as one tensor: [min, max, mean, std, nan, inf, zero, ...bins]. */
function reduce(tf: Tf, tensor: TensorLike): T {
  const op = opsOf(tf);
  const x = op('reshape', tensor, [-1]);
  const nan = op('isNaN', x);
  const inf = op('isInf', x);
  const finite = op('logicalNot', op('logicalOr', nan, inf));
  const count = op('sum', op('cast', finite, 'float32'));
  const zero = op('zerosLike', x);
  const min = op('min', op('where', finite, x, op('fill', x.shape, Infinity)));
  const max = op('max', op('where', finite, x, op('fill', x.shape, -Infinity)));
  const finiteX = op('where', finite, x, zero);
  const mean = op('div', op('sum', finiteX), count);
  const deviation = op('where', finite, op('sub', x, mean), zero);
  const std = op('sqrt', op('div', op('sum', op('square', deviation)), count));
  const scale = op('div', op('scalar', histogramBins), op('maximum', op('sub', max, min), op('scalar', 1e-30)));
  // Non-finite values go to an extra bin, dropped; the top edge to the last bin.
  const bins = op(
    'where',
    finite,
    op('clipByValue', op('floor', op('mul', op('sub', x, min), scale)), 0, histogramBins - 1),
    op('fill', x.shape, histogramBins),
  );
  const histogram = op('bincount', op('cast', bins, 'int32'), op('tensor1d', [], 'float32'), histogramBins + 1);
  const counts = [nan, inf, op('equal', x, 0)].map((mask) => op('sum', op('cast', mask, 'float32')));
  return op('concat', [op('stack', [min, max, mean, std, ...counts]), op('slice', op('cast', histogram, 'float32'), 0, histogramBins)]);
}

function summaryOf(values: ArrayLike<number>): ValueSummary {
  const [min, max, mean, std, nanCount, infCount, zeroCount, ...histogram] = Array.from(values);
  const finite = nanCount + infCount < values.length;
  // A tensor with no finite value has no range: as on the CPU, its statistics are NaN.
  return finite && Number.isFinite(min)
    ? { min, max, mean, std, nanCount, infCount, zeroCount, histogram }
    : { min: NaN, max: NaN, mean: NaN, std: NaN, nanCount, infCount, zeroCount, histogram };
}

/**
 * Runs `make`'s ops on the program's backend (its temporaries disposed, its result kept out of
 * the scope the program is in, whose `tidy` would dispose it before it is read, and counted as
 * the debugger's in `tfjs/memory` until then) and hands `done` its values once read back.
 * Answers false where the program's `tf` is not found or an op fails: the result is then
 * absent, never the program's error.
 */
const readBackLater = asDebuggerWork((make: (tf: Tf) => T, done: (values: ArrayLike<number>) => void): boolean => {
  const tf = tfOfProgram();
  if (!tf) return false;
  let result: T;
  try {
    result = (tf.keep as (tensor: T) => T)(tf.tidy(() => make(tf)));
  } catch {
    return false;
  }
  hold(result);
  result.data().then(
    (values) => {
      result.dispose();
      done(values);
    },
    () => result.dispose(),
  );
  return true;
});

/** Starts the update ratio ‖after − before‖/‖before‖ of two float32 tensors on their backend; `done` gets it once read back. */
export function updateRatioOnDevice(before: TensorLike, after: TensorLike, done: (ratio: number) => void): boolean {
  if (before.isDisposed || after.isDisposed) return false;
  return readBackLater(
    (tf) => {
      const op = opsOf(tf);
      return op('stack', [op('norm', op('sub', after, before)), op('norm', before)]);
    },
    (norms) => done(norms[0] === 0 ? 0 : norms[0] / norms[1]),
  );
}

/** Starts the summary of a float32 `tensor` on its own backend; `done` gets it once read back (false: it will not come). */
export function summarizeOnDevice(tensor: TensorLike, done: (summary: ValueSummary) => void): boolean {
  if (tensor.isDisposed) return false;
  return readBackLater(
    (tf) => reduce(tf, tensor),
    (values) => done(summaryOf(values)),
  );
}
