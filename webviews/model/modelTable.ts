/**
 * A tf.layers model as a table, as `model.summary()` lists it and more: one row per layer
 * (name, class, output shape, parameters, trainable), its last output (statistics, a small
 * histogram, dead ReLU units, NaN and Inf badges, a sparkline of its steps) and, one line per
 * weight, its shape and statistics, its gradient in the last tape, its last update ratio
 * ‖Δw‖/‖w‖, a sparkline of its steps and a pin. A model used as a layer lists its own layers
 * indented under it. Built as DOM nodes (text set as text, never as markup); what the user can
 * act on is a button whose `data-action` the page handles.
 */
import type {
  FitProgressInfo,
  HistorySeries,
  LayerHistory,
  LayerOutputInfo,
  ModelHistory,
  ModelInfo,
  ModelLayerInfo,
  ModelWeightInfo,
  WeightHistory,
} from '../../protocol/runtimeApi';
import { formatNumber } from '../../common/numberFormat';
import { fitCurve, histogramPicture, sparkline } from './charts';

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

function badges(into: HTMLElement, nanCount = 0, infCount = 0): void {
  if (nanCount > 0) into.append(' ', element('span', 'badge nan', `${count(nanCount)} NaN`));
  if (infCount > 0) into.append(' ', element('span', 'badge inf', `${count(infCount)} Inf`));
}

/** A button the page acts on: `data-action` and the data naming what it acts on. */
function action(label: string, className: string, name: string, data: Record<string, string | number>): HTMLButtonElement {
  const button = element('button', `action ${className}`, label);
  button.type = 'button';
  button.dataset.action = name;
  for (const [key, value] of Object.entries(data)) button.dataset[key] = String(value);
  return button;
}

/** The last output: `float32[4,6,6,4] mean=… std=… [min, max]`, its histogram, dead units and badges. */
export function describeOutput(output: LayerOutputInfo): string {
  const calls = output.callsSince ? ` (${count(output.callsSince)} call${output.callsSince === 1 ? '' : 's'} ago)` : '';
  const header = `${output.dtype}[${output.shape.join(',')}]${output.outputs > 1 ? ` (1st of ${output.outputs})` : ''}${calls}`;
  const summary = output.summary;
  if (!summary) return output.unread ? `${header} ${output.unread}` : header;
  return `${header} mean=${formatNumber(summary.mean)} std=${formatNumber(summary.std)} [${formatNumber(summary.min)}, ${formatNumber(summary.max)}]`;
}

function outputCell(layer: ModelLayerInfo, history: LayerHistory | undefined): HTMLTableCellElement {
  const cell = element('td', 'output');
  const output = layer.output;
  if (!output) {
    cell.append(element('span', 'none', layer.className === 'InputLayer' ? 'fed' : 'not run yet'));
    return cell;
  }
  cell.append(element('span', 'output-text', describeOutput(output)));
  const summary = output.summary;
  if (summary) {
    cell.append(' ', histogramPicture(summary, `Histogram of ${layer.name}'s output at step ${output.step}: ${summary.histogram.join(' ')}`));
    badges(cell, summary.nanCount, summary.infCount);
  }
  if (output.deadUnits && output.deadUnits.dead > 0) {
    cell.append(' ', element('span', 'badge dead', `${count(output.deadUnits.dead)}/${count(output.deadUnits.units)} dead`));
  }
  if (history?.output && history.output.steps.length > 1) cell.append(' ', sparkline(history.output, `${layer.name}'s output by step: mean within min–max`));
  return cell;
}

/** The gradient and update of a weight: `∇ ‖g‖=0.12`, `Δ/w=1.2e-3`. */
function gradientText(weight: ModelWeightInfo): string | undefined {
  return weight.gradient ? `∇ ‖g‖=${formatNumber(weight.gradient.norm)}` : undefined;
}

function weightLine(weight: ModelWeightInfo, model: number, layer: string, history: WeightHistory | undefined): HTMLElement {
  const line = element('div', 'weight');
  line.dataset.weight = weight.name;
  const short = weight.name.slice(weight.name.lastIndexOf('/') + 1);
  line.append(action(short, 'show-weight', 'showWeight', { model, weight: weight.name }));
  line.append(' ', element('span', 'weight-text', describeWeight(weight).slice(short.length + 1)));
  badges(line, weight.stats?.nanCount, weight.stats?.infCount);
  const gradient = gradientText(weight);
  if (gradient && weight.gradient) {
    line.append(' ', action(gradient, 'show-gradient', 'showGradient', { tape: weight.gradient.tape, tensorId: weight.gradient.tensorId }));
    badges(line, weight.gradient.stats.nanCount, weight.gradient.stats.infCount);
  }
  if (weight.update) line.append(' ', element('span', 'update', `Δ/w=${formatNumber(weight.update.ratio)}`));
  const series: HistorySeries | undefined = history?.value;
  if (series && series.steps.length > 1) line.append(' ', sparkline(series, `${weight.name} by step: mean within min–max`));
  if (weight.trainable && weight.dtype === 'float32') {
    const pinned = history?.pinned === true;
    const pin = action(pinned ? 'pinned' : 'pin', pinned ? 'pin pinned' : 'pin', 'pin', { model, layer, weight: weight.name, pinned: String(!pinned) });
    pin.title = pinned ? 'Its values are kept at every step: select it to scrub through them' : 'Keep its values at every step, for the step scrubber';
    pin.setAttribute('aria-pressed', String(pinned));
    line.append(' ', pin);
    if (pinned) line.append(' ', action('history', 'select', 'select', { model, layer, weight: weight.name }));
  }
  return line;
}

function weightCell(layer: ModelLayerInfo, model: number, history: LayerHistory | undefined): HTMLTableCellElement {
  const cell = element('td', 'weights');
  for (const weight of layer.weights) {
    cell.append(
      weightLine(
        weight,
        model,
        layer.name,
        history?.weights.find((known) => known.name === weight.name),
      ),
    );
  }
  return cell;
}

/** The layer's breakpoint toggles: before it runs, and when its output holds NaN or Inf (marked by {@link markLayerBreakpoints}). */
function breakCell(layer: string): HTMLTableCellElement {
  const cell = element('td', 'breaks');
  const runs = action('runs', 'break-on', 'breakOnLayer', { layer, on: 'run' });
  runs.title = `Break before ${layer} runs (function breakpoint layer:${layer})`;
  const nan = action('NaN', 'break-on', 'breakOnLayer', { layer, on: 'nan' });
  nan.title = `Break when ${layer}'s output holds NaN or Inf (function breakpoint layer:${layer}:nan)`;
  for (const button of [runs, nan]) button.setAttribute('aria-pressed', 'false');
  cell.append(runs, ' ', nan);
  return cell;
}

/** Marks the breakpoint toggles of the layers whose breakpoints are set (`layer:<name>`, `layer:<name>:nan`). */
export function markLayerBreakpoints(root: ParentNode, names: readonly string[]): void {
  const set = new Set(names);
  for (const button of Array.from(root.querySelectorAll<HTMLElement>('button.break-on'))) {
    const name = button.dataset.on === 'nan' ? `layer:${button.dataset.layer}:nan` : `layer:${button.dataset.layer}`;
    const on = set.has(name);
    button.classList.toggle('set', on);
    button.setAttribute('aria-pressed', String(on));
  }
}

/** A layer with its depth among nested models and its history, in the table's order. */
interface PlacedLayer {
  layer: ModelLayerInfo;
  depth: number;
  history: LayerHistory | undefined;
}

function placeLayers(layers: ModelLayerInfo[], depth: number, histories: LayerHistory[], into: PlacedLayer[]): PlacedLayer[] {
  for (const layer of layers) {
    const history = histories.find((known) => known.name === layer.name);
    into.push({ layer, depth, history });
    placeLayers(layer.layers ?? [], depth + 1, history?.layers ?? [], into);
  }
  return into;
}

function layerRow({ layer, depth, history }: PlacedLayer, model: number): HTMLTableRowElement {
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
    outputCell(layer, history),
    weightCell(layer, model, history),
    breakCell(layer.name),
  );
  return row;
}

/** Rows drawn at once: a model's first ones paint at once, the rest follow in later tasks. */
const rowsAtOnce = 40;

/** `fit · epoch 1/2 · batch 6/6 · loss=0.4127 acc=0.8125 · running`, the logs' numbers to 4 digits. */
export function describeFit(training: FitProgressInfo): string {
  const of = (n: number, total?: number): string => (total === undefined ? count(n) : `${count(n)}/${count(total)}`);
  const logs = Object.entries(training.logs)
    .map(([name, value]) => `${name}=${formatNumber(value)}`)
    .join(' ');
  return [
    training.method,
    `epoch ${of(training.epoch, training.epochs)}`,
    `batch ${of(training.batch, training.batches)}`,
    logs,
    training.running ? 'running' : 'done',
  ]
    .filter(Boolean)
    .join(' · ');
}

function fitLine(training: FitProgressInfo): HTMLElement {
  const line = element('div', 'fit');
  line.append(element('span', 'fit-text', describeFit(training)));
  const key = Object.keys(training.logs).find((name) => name === 'loss') ?? Object.keys(training.logs)[0];
  if (key && training.curve && training.curve.length > 1)
    line.append(' ', fitCurve(training.curve, key, `${key} by batch over ${training.curve.length} batches`));
  return line;
}

/**
 * The model's section: a heading with its class, parameter counts and training step, its fit,
 * and its table of layers. Beyond its first {@link rowsAtOnce} rows, the rest are drawn in the
 * tasks `later` runs them in (all at once without it); `data-complete` marks the table whole.
 */
export function modelSection(model: ModelInfo, history?: ModelHistory | null, later?: (work: () => void) => void): HTMLElement {
  const section = element('section', 'model');
  section.dataset.model = String(model.id);
  const total = model.trainableParams + model.nonTrainableParams;
  const heading = element('h2', 'model-name', `${model.name} · ${model.className}`);
  const steps = history ? ` · step ${count(history.step)}` : '';
  const dropped = history && history.memory.dropped > 0 ? ` · history full: ${count(history.memory.dropped)} summaries dropped (historyMB)` : '';
  const passedOver =
    history && history.memory.passedOver > 0 ? ` · ${count(history.memory.passedOver)} summaries passed over to stay within 2 % of the program's time` : '';
  const summary = element(
    'p',
    'model-summary',
    `${count(model.layers.length)} layers · ${count(total)} parameters (${count(model.trainableParams)} trainable, ${count(model.nonTrainableParams)} not)${steps}${dropped}${passedOver}`,
  );
  const table = element('table', 'layers');
  table.append(element('caption', 'visually-hidden', `Layers of ${model.name}`));
  const head = element('tr');
  for (const title of ['Layer', 'Class', 'Output shape', 'Params', 'Trainable', 'Last output', 'Weights', 'Break on']) {
    const th = element('th', undefined, title);
    th.scope = 'col';
    head.append(th);
  }
  const thead = element('thead');
  thead.append(head);
  const body = element('tbody');
  const placed = placeLayers(model.layers, 0, history?.layers ?? [], []);
  let drawn = 0;
  const drawMore = (): void => {
    const until = later ? drawn + rowsAtOnce : placed.length;
    body.append(...placed.slice(drawn, until).map((layer) => layerRow(layer, model.id)));
    drawn = Math.min(until, placed.length);
    if (drawn < placed.length) later?.(drawMore);
    else section.dataset.complete = 'true';
  };
  drawMore();
  table.append(thead, body);
  section.append(heading, summary, ...(model.training ? [fitLine(model.training)] : []), table);
  return section;
}
