/**
 * Checks the arguments of the custom requests before they reach the program, so that bad
 * input answers with a message that names the argument, its value and what was expected.
 */
import type { FitStops } from '../protocol/runtimeApi';
import type { HistoryArgs, MemoryArgs, PinArgs, SetTensorArgs, TensorRequestArgs } from '../protocol/customRequests';

function fail(name: string, expected: string, value: unknown): never {
  throw new Error(`${name}: expected ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
}

function record(args: unknown): Record<string, unknown> {
  return typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
}

const wholeNumber = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;

/** A model named by its id from `tfjs/models`, and one of its weights by name. */
function checkModelAndWeight(raw: Record<string, unknown>): void {
  if (!wholeNumber(raw.model)) fail('model', "a model's id from tfjs/models", raw.model);
  if (typeof raw.weight !== 'string' || raw.weight === '') fail('weight', 'the name of one of the model\'s weights, e.g. "conv/kernel"', raw.weight);
}

/** A model's weight named by `model`, `weight` and maybe `step`. */
function checkModelWeight(raw: Record<string, unknown>): void {
  const others = ['expression', 'tape', 'tensorId', 'kind'].filter((name) => raw[name] !== undefined);
  if (others.length > 0) throw new Error(`model and ${others.join(', ')} were both given: name the tensor by model and weight alone`);
  checkModelAndWeight(raw);
  if (raw.step !== undefined && !wholeNumber(raw.step)) fail('step', 'a training step (a whole number)', raw.step);
}

/** The target: an expression, a tape's tensor named by `tape`, `tensorId` and `kind`, or a model's weight (one of them). */
function checkTarget(raw: Record<string, unknown>): void {
  if (raw.madeAt !== undefined) {
    const others = ['expression', 'tape', 'tensorId', 'kind', 'model', 'weight', 'step'].filter((name) => raw[name] !== undefined);
    if (others.length > 0) throw new Error(`madeAt and ${others.join(', ')} were both given: name the tensors by madeAt alone`);
    if (typeof raw.madeAt !== 'string' || raw.madeAt === '') fail('madeAt', "a line's key from tfjs/memory's byLine", raw.madeAt);
    return;
  }
  if (raw.model !== undefined) {
    checkModelWeight(raw);
    return;
  }
  const tapeFields = ['tape', 'tensorId', 'kind'].filter((name) => raw[name] !== undefined);
  if (tapeFields.length === 0) {
    if (typeof raw.expression !== 'string' || raw.expression.trim() === '') fail('expression', 'an expression giving a tensor', raw.expression);
    return;
  }
  if (raw.expression !== undefined) {
    throw new Error(`expression and ${tapeFields.join(', ')} were both given: name the tensor by an expression, or by tape, tensorId and kind, not both`);
  }
  if (!wholeNumber(raw.tape)) fail('tape', "a tape's id from tfjs/tape", raw.tape);
  if (!wholeNumber(raw.tensorId)) fail('tensorId', 'the id of a node output or a source of the tape', raw.tensorId);
  if (raw.kind !== 'value' && raw.kind !== 'gradient') fail('kind', 'value or gradient', raw.kind);
}

function checkCommon(raw: Record<string, unknown>): void {
  checkTarget(raw);
  if (raw.frameId !== undefined && !Number.isInteger(raw.frameId)) fail('frameId', 'a frame id', raw.frameId);
}

/** The arguments of `tfjs/tensor`, checked. */
export function tensorRequestArgs(args: unknown): TensorRequestArgs {
  const raw = record(args);
  checkCommon(raw);
  if (raw.slice !== undefined && typeof raw.slice !== 'string') fail('slice', 'a string such as "0,:,:" or "1,2:5,:"', raw.slice);
  if (raw.maxSize !== undefined && (!Array.isArray(raw.maxSize) || raw.maxSize.length !== 2 || raw.maxSize.some((n) => !Number.isInteger(n) || n < 1))) {
    fail('maxSize', '[rows, cols] of whole numbers of at least 1', raw.maxSize);
  }
  if (raw.full !== undefined && typeof raw.full !== 'boolean') fail('full', 'true or false', raw.full);
  return raw as unknown as TensorRequestArgs;
}

/** The arguments of `tfjs/setTensor`, checked. */
export function setTensorArgs(args: unknown): SetTensorArgs {
  const raw = record(args);
  checkCommon(raw);
  if (raw.index !== undefined && (!Array.isArray(raw.index) || raw.index.some((n) => !wholeNumber(n)))) {
    fail('index', 'an array of whole numbers', raw.index);
  }
  if (typeof raw.value !== 'number' && (typeof raw.value !== 'string' || raw.value.trim() === '')) {
    fail('value', 'a number or an expression', raw.value);
  }
  return raw as unknown as SetTensorArgs;
}

/** The arguments of `tfjs/history`, checked. */
export function historyArgs(args: unknown): HistoryArgs {
  const raw = record(args);
  if (!wholeNumber(raw.model)) fail('model', "a model's id from tfjs/models", raw.model);
  if (raw.layer !== undefined && (typeof raw.layer !== 'string' || raw.layer === '')) fail('layer', "a layer's name", raw.layer);
  if (raw.points !== undefined && (!Number.isInteger(raw.points) || (raw.points as number) < 2)) fail('points', 'a whole number of at least 2', raw.points);
  if (raw.histograms !== undefined && typeof raw.histograms !== 'boolean') fail('histograms', 'true or false', raw.histograms);
  return {
    model: raw.model as number,
    ...(raw.layer !== undefined && { layer: raw.layer as string }),
    ...(raw.points !== undefined && { points: raw.points as number }),
    ...(raw.histograms !== undefined && { histograms: raw.histograms as boolean }),
  };
}

/** The arguments of `tfjs/pin`, checked. */
export function pinArgs(args: unknown): PinArgs {
  const raw = record(args);
  checkModelAndWeight(raw);
  if (typeof raw.pinned !== 'boolean') fail('pinned', 'true or false', raw.pinned);
  return { model: raw.model as number, weight: raw.weight as string, pinned: raw.pinned };
}

/** The arguments of `tfjs/fitStops`, checked. */
export function fitStopsArgs(args: unknown): { at?: FitStops } {
  const raw = record(args);
  if (raw.at === undefined) return {};
  if (raw.at !== 'off' && raw.at !== 'batch' && raw.at !== 'epoch') fail('at', 'off, batch or epoch', raw.at);
  return { at: raw.at };
}

/** The arguments of `tfjs/memory`, checked. */
export function memoryArgs(args: unknown): MemoryArgs {
  const raw = record(args);
  if (raw.byLine !== undefined && typeof raw.byLine !== 'boolean') fail('byLine', 'true or false', raw.byLine);
  return { byLine: raw.byLine === true };
}
