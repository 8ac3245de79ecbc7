/**
 * Edits of the program's tensors from the debugger. A value (a number that fills, a nested
 * array, or a tensor) gives new values for the edited tensor (or its part at an index), of
 * its dtype. A `tf.Variable` is assigned (identity and name kept); any other tensor on the
 * cpu or wasm backend gets them in its own storage (tensorStorage.ts says why). Elsewhere it
 * is replaced by a new tensor, which the adapter rebinds where the old one was held and
 * which then takes its place in the engine's scopes, so that an edit made inside `tf.tidy`
 * lives as long as the tensor it replaced would have, and one made inside a gradient
 * computation stays on its tape.
 */
import { runtimeHost } from './host';
import { currentEngine } from './programTfjs';
import { onProgramTape, programTapeActive, untrack } from './evaluationScope';
import { release } from './heldTensors';
import { asTensor, isTensor, rowMajorStrides, type TensorLike } from './tensorReader';
import { type StorageEngine, storedValues, writeStorage } from './tensorStorage';
import { tensorValues } from './tensorValues';

/** The few tfjs functions the editor needs, from the program's own namespace. */
interface TfNamespace {
  tensor(values: ArrayLike<number>, shape: number[], dtype: string): TensorLike;
  add(a: TensorLike, b: TensorLike): TensorLike;
  sub(a: TensorLike, b: TensorLike): TensorLike;
}

interface VariableLike extends TensorLike {
  assign(value: TensorLike): void;
}

interface ScopeLike {
  id: number;
  track: TensorLike[];
}

interface ScopedTensor extends TensorLike {
  kept?: boolean;
  scopeId?: number;
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(',')}]`;

function namespace(): TfNamespace {
  const host = runtimeHost();
  const tf = host.findNamespace() as Partial<TfNamespace> | undefined;
  if (!tf || typeof tf.tensor !== 'function') throw new Error(host.noNamespace);
  return tf as TfNamespace;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** The shape of a nested array of numbers and its elements in row-major order. */
function flatten(value: unknown[], expected: readonly number[]): { shape: number[]; values: number[] } {
  const shape: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values: number[] = [];
  const walk = (item: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof item !== 'number' && typeof item !== 'boolean') {
        throw new Error(`expected numbers in the array for a tensor of shape ${shapeText(expected)}, got ${describeValue(item)}`);
      }
      values.push(Number(item));
      return;
    }
    if (!Array.isArray(item) || item.length !== shape[depth]) {
      throw new Error(`the array is ragged: every row at depth ${depth} must have ${shape[depth]} items`);
    }
    item.forEach((child) => walk(child, depth + 1));
  };
  walk(value, 0);
  return { shape, values };
}

/** The elements a value gives for a region of shape `shape`, in row-major order. */
function elementsOf(value: unknown, shape: readonly number[]): ArrayLike<number> {
  const size = shape.reduce((a, b) => a * b, 1);
  const given = (got: readonly number[]): Error => new Error(`shape mismatch: expected ${shapeText(shape)}, got ${shapeText(got)}`);
  if (typeof value === 'number' || typeof value === 'boolean') return new Float64Array(size).fill(Number(value));
  if (Array.isArray(value)) {
    const flat = flatten(value, shape);
    if (flat.shape.length !== shape.length || flat.shape.some((n, i) => n !== shape[i])) throw given(flat.shape);
    return flat.values;
  }
  const found = asTensor(value);
  if (found) {
    const { tensor } = found;
    if (tensor.isDisposed) throw new Error('the new value is a disposed tensor');
    if (tensor.dtype === 'string' || tensor.dtype === 'complex64') throw new Error(`a ${tensor.dtype} tensor cannot be the new value`);
    if (tensor.shape.length !== shape.length || tensor.shape.some((n, i) => n !== shape[i])) throw given(tensor.shape);
    return tensorValues(tensor) as ArrayLike<number>;
  }
  throw new Error(`expected a number, a nested array or a tensor of shape ${shapeText(shape)}, got ${describeValue(value)}`);
}

/**
 * Edits `target` (or its sub-tensor or element at `index`) to `value`. Answers undefined when
 * the target itself now holds the new values, or the new tensor the adapter must put in its
 * place (a backend whose storage the runtime cannot write).
 */
export function prepareReplacement(target: unknown, value: unknown, index: number[]): TensorLike | undefined {
  const found = asTensor(target);
  if (!found) throw new Error('the edited value is not a tensor');
  const { tensor, variable } = found;
  if (tensor.isDisposed) throw new Error(`${tensor.dtype}${shapeText(tensor.shape)} is disposed and cannot be edited`);
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') throw new Error(`editing ${tensor.dtype} tensors is not supported`);
  if (index.length > tensor.shape.length || index.some((i, axis) => !Number.isInteger(i) || i < 0 || i >= tensor.shape[axis])) {
    throw new Error(`index [${index.join(',')}] is outside the shape ${shapeText(tensor.shape)}`);
  }
  const region = storedValues(tensor.dtype, elementsOf(value, tensor.shape.slice(index.length)));
  const strides = rowMajorStrides(tensor.shape);
  const offset = index.reduce((sum, i, axis) => sum + i * strides[axis], 0);
  const engine = currentEngine() as unknown as StorageEngine | undefined;
  if (!variable && engine && writeStorage(engine, tensor, offset, region)) return undefined;
  const tf = namespace();
  let all = region;
  if (index.length > 0) {
    all = storedValues(tensor.dtype, tensorValues(tensor) as ArrayLike<number>);
    all.set(region, offset);
  }
  const replacement = tf.tensor(all, tensor.shape.slice(), tensor.dtype);
  if (variable) {
    (tensor as VariableLike).assign(replacement);
    return undefined;
  }
  // Inside a gradient computation the replacement must stay on the program's tape, or the
  // gradients would no longer reach what the edited tensor came from: it is made as
  // `original + (new - original)`, with only the addition recorded.
  if (programTapeActive() && tensor.dtype === 'float32') {
    const delta = tf.sub(replacement, tensor);
    return onProgramTape(() => tf.add(tensor, delta));
  }
  return replacement;
}

/**
 * Gives a replacement the place of the tensor it replaced: kept if that one was kept, tracked
 * by the same open scope if one tracks it, otherwise by none (it then lives until disposed).
 */
export function settleReplacement(replacement: unknown, original: unknown): void {
  const engine = currentEngine();
  const found = asTensor(original);
  if (!engine || !found || !isTensor(replacement) || replacement === original) return;
  const placed = replacement as ScopedTensor;
  const old = found.tensor as ScopedTensor;
  const scopes = engine.state.scopeStack as ScopeLike[];
  untrack(engine, placed);
  release(placed);
  if (old.kept) {
    placed.kept = true;
    return;
  }
  const home = scopes.find((scope) => scope.id === old.scopeId && scope.track.includes(old));
  if (home) {
    placed.scopeId = home.id;
    home.track.push(placed);
  }
}
