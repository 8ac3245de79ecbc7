/**
 * The one-line presentation of a tensor for another debugger's Variables, Watch, hovers and
 * Debug Console (js-debug's `customDescriptionGenerator`, made by runtime/adapterCode.ts):
 * `summarize`'s text, with statistics only where the values are in this process's memory
 * already (residentValues.ts). On cpu and wasm they always are; a GPU backend (webgl, webgpu)
 * keeps a CPU copy of a tensor made from CPU values (webgl until its first use on the GPU)
 * and of one read since. Any other tensor there says where it is instead: nothing is read back
 * from a GPU, since a first webgl read compiles shaders (seconds under a software GPU), every
 * read waits for the device's queue and leaves a CPU copy behind, and a Variables view shows
 * many tensors at once.
 *
 * js-debug describes the values inside a scope or an object with V8's side-effect check on,
 * which ends the whole description of that scope at the first write: this only reads, makes
 * no tensor and writes nothing (not even the debugger's-work depth, which is why the API does
 * not wrap it: nothing it does could be recorded). Its number format is written for the check
 * too (common/numberFormat.ts).
 */
import { type BackendsEngine, residentValues } from './residentValues';
import { asTensor, summaryStatisticsLimit } from './tensorReader';
import { formatCount, formatHeader, presentValues } from './tensorStats';
import { currentSettings } from './settings';

/** The description of `value` if it is a tensor (or a tf.layers `LayerVariable`), otherwise undefined. */
export function descriptionOf(engine: BackendsEngine | undefined, value: unknown): string | undefined {
  const found = asTensor(value);
  if (!found) return undefined;
  const { tensor } = found;
  const shape = tensor.shape;
  const header = formatHeader(tensor.dtype, shape);
  if (tensor.isDisposed) return `${header} (disposed)`;
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return `${header} (empty)`;
  // Their values are encoded bytes (decoding is a call V8's check refuses) or two tensors.
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') return header;
  const statistics = currentSettings().tensorStatistics;
  if (!statistics && shape.length > 0) return header;
  if (size > summaryStatisticsLimit) return `${header} (${formatCount(size)} elements, no statistics)`;
  const resident = engine ? residentValues(engine, tensor, size) : { backend: undefined, values: undefined };
  if (!resident.values) return `${header} (on ${resident.backend ?? 'another backend'})`;
  return presentValues(tensor.dtype, shape, resident.values, 0, statistics);
}
