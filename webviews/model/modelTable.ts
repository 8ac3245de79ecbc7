/**
 * A tf.layers model as a table, as `model.summary()` lists it and more: one row per layer
 * (name, class, output shape, parameters, trainable) and, under it, one line per weight with its
 * shape and statistics, NaN and Inf counts marked. A model used as a layer lists its own layers
 * indented under it. Built as DOM nodes (text set as text, never as markup).
 */
import type { ModelInfo, ModelLayerInfo, ModelWeightInfo } from '../../protocol/runtimeApi';
import { formatNumber } from '../../common/numberFormat';

const count = (n: number): string => n.toLocaleString('en-US');

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A weight's line: `kernel float32[3,3,1,4] min=… max=… mean=… std=…`, and its non-finite counts as badges. */
export function describeWeight(weight: ModelWeightInfo): string {
  const short = weight.name.slice(weight.name.lastIndexOf('/') + 1);
  const header = `${short} ${weight.dtype}[${weight.shape.join(',')}]${weight.trainable ? '' : ' (not trainable)'}`;
  const stats = weight.stats;
  if (!stats) return header;
  return `${header} min=${formatNumber(stats.min)} max=${formatNumber(stats.max)} mean=${formatNumber(stats.mean)} std=${formatNumber(stats.std)}`;
}

function weightCell(weights: ModelWeightInfo[]): HTMLTableCellElement {
  const cell = element('td', 'weights');
  for (const weight of weights) {
    const line = element('div', 'weight', describeWeight(weight));
    line.dataset.weight = weight.name;
    const { nanCount = 0, infCount = 0 } = weight.stats ?? {};
    if (nanCount > 0) line.append(' ', element('span', 'badge nan', `${count(nanCount)} NaN`));
    if (infCount > 0) line.append(' ', element('span', 'badge inf', `${count(infCount)} Inf`));
    cell.append(line);
  }
  return cell;
}

function layerRows(layer: ModelLayerInfo, depth: number, rows: HTMLTableRowElement[]): void {
  const row = element('tr', 'layer');
  row.dataset.layer = layer.name;
  const name = element('th', 'name', layer.name);
  name.scope = 'row';
  name.style.paddingLeft = `${6 + 14 * depth}px`;
  row.append(
    name,
    element('td', 'class', layer.className),
    element('td', 'shape', layer.outputShape),
    element('td', 'params', count(layer.params)),
    element('td', 'trainable', layer.trainable ? 'yes' : 'no'),
    weightCell(layer.weights),
  );
  rows.push(row);
  for (const inner of layer.layers ?? []) layerRows(inner, depth + 1, rows);
}

/** The model's section: a heading with its class and parameter counts, and its table of layers. */
export function modelSection(model: ModelInfo): HTMLElement {
  const section = element('section', 'model');
  section.dataset.model = String(model.id);
  const total = model.trainableParams + model.nonTrainableParams;
  const heading = element('h2', 'model-name', `${model.name} · ${model.className}`);
  const summary = element(
    'p',
    'model-summary',
    `${count(model.layers.length)} layers · ${count(total)} parameters (${count(model.trainableParams)} trainable, ${count(model.nonTrainableParams)} not)`,
  );
  const table = element('table', 'layers');
  table.append(element('caption', 'visually-hidden', `Layers of ${model.name}`));
  const head = element('tr');
  for (const title of ['Layer', 'Class', 'Output shape', 'Params', 'Trainable', 'Weights']) {
    const th = element('th', undefined, title);
    th.scope = 'col';
    head.append(th);
  }
  const thead = element('thead');
  thead.append(head);
  const body = element('tbody');
  const rows: HTMLTableRowElement[] = [];
  for (const layer of model.layers) layerRows(layer, 0, rows);
  body.append(...rows);
  table.append(thead, body);
  section.append(heading, summary, table);
  return section;
}
