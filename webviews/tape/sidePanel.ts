/**
 * The tape page's side panel: the trainable variables with their gradient norms, and the
 * details of the picked op or variable with the buttons that act on it (enabled only for what
 * the runtime keeps).
 */
import { formatNumber } from '../../common/numberFormat';
import { presentTensor } from '../../common/tensorSlices';
import type { TapeGradient } from '../../protocol/runtimeApi';
import { byId } from '../shared/hostChannel';
import { goToSource, showGradient, showValue } from './tapePage';
import { nodeByKey, page } from './tapeState';
import { describeTensor, shortLocation } from './tapeGraph';

function gradientText(gradient: TapeGradient | undefined): string {
  if (!gradient) return 'none reached it';
  return `‖g‖=${formatNumber(gradient.norm)} ${presentTensor('float32', gradient.shape, gradient.stats)}`;
}

export function renderDetails(): void {
  const details = byId('details');
  details.replaceChildren();
  const node = nodeByKey(page.state.selected);
  const rows: [string, string, string?][] = [];
  let title = 'Details';
  if (node?.kind === 'op') {
    const { record } = node;
    title = `${record.op} (node ${record.id})`;
    rows.push(['outputs', record.outputs.map((t) => `${describeTensor(t)} #${t.id}`).join(', ')]);
    rows.push(['inputs', record.inputs.map((t) => `${describeTensor(t)} #${t.id}`).join(', ')]);
    rows.push(['gradient', gradientText(record.gradient)]);
    rows.push(['source', record.source ? shortLocation(record.source) : 'unknown', record.source?.path]);
  } else if (node?.kind === 'source') {
    title = node.source?.variable ? `Variable ${node.label}` : node.source ? `Source ${node.label}` : `Input ${node.label}`;
    rows.push(['tensor', `${describeTensor(node.tensor)} #${node.tensor.id}`]);
    rows.push(['gradient', node.source ? gradientText(node.source.gradient) : 'not taken (not a source of the gradient)']);
  }
  byId('details-title').textContent = title;
  for (const [name, value, hover] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    if (hover) dd.title = hover;
    details.append(dt, dd);
  }
  if (!node) details.textContent = 'Click an op or a variable in the graph.';
  // The runtime keeps forward values of op outputs, and gradients of op outputs and sources.
  showValue.disabled = node?.kind !== 'op';
  showGradient.disabled = !(node?.kind === 'op' ? node.record.gradient : node?.kind === 'source' && node.source?.gradient);
  goToSource.disabled = !(node?.kind === 'op' && node.record.source);
}

/** Lists the graph's variables; `onPick` gets the key of the one clicked. */
export function renderVariables(onPick: (key: string) => void): void {
  const list = byId('variables');
  list.replaceChildren();
  for (const source of page.graph?.sources.filter((node) => node.source) ?? []) {
    const item = document.createElement('li');
    item.dataset.key = source.key;
    item.className = ['variable', source.mark ?? ''].filter(Boolean).join(' ');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = source.label;
    const shape = document.createElement('span');
    shape.className = 'shape';
    shape.textContent = describeTensor(source.tensor);
    const norm = document.createElement('span');
    norm.className = 'norm';
    norm.textContent = source.source?.gradient ? `‖g‖=${formatNumber(source.source.gradient.norm)}` : 'no gradient';
    item.append(name, shape, norm);
    if (source.mark) {
      const mark = document.createElement('span');
      mark.className = `mark ${source.mark}`;
      mark.textContent = source.mark;
      item.append(mark);
    }
    item.addEventListener('click', () => onPick(source.key));
    list.append(item);
  }
  if (!list.childElementCount) list.textContent = 'none';
}

/** Marks the variable with `key` as the selected one in the list. */
export function markSelectedVariable(key: string | undefined): void {
  byId('variables')
    .querySelectorAll('li')
    .forEach((item) => item.classList.toggle('selected', item.dataset.key === key));
}
