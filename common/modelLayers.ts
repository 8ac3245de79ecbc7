/**
 * The layers of the models `tfjs/models` describes, those of models nested as layers too,
 * outermost first: for the adapter (which checks layer breakpoints' names) and the model
 * panel's host (which checks what its page asks for). Safe in Node and in a browser.
 */
import type { ModelInfo, ModelLayerInfo } from '../protocol/runtimeApi';

export function layersOfModels(models: readonly ModelInfo[]): ModelLayerInfo[] {
  const walk = (layers: ModelLayerInfo[]): ModelLayerInfo[] => layers.flatMap((layer) => [layer, ...walk(layer.layers ?? [])]);
  return models.flatMap((model) => walk(model.layers));
}
