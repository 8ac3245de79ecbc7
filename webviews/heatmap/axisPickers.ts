/**
 * The pickers of a tensor of rank ≥ 3: which axes are the rows and columns, and the index of
 * every other axis. A choice asks the host for that slice.
 */
import { formatSlice, parseSlice, sliceWithAxes, type SlicePart } from '../../common/tensorSlices';
import type { HeatmapView } from '../../protocol/webviewMessages';
import { byId } from '../shared/hostChannel';
import { channel } from './heatmapState';

function requestSlice(parts: SlicePart[]): void {
  channel.post({ type: 'slice', slice: formatSlice(parts) });
}

export function renderAxisPickers(current: HeatmapView | undefined): void {
  const axes = byId('axes');
  axes.replaceChildren();
  if (!current || current.shape.length < 3) return;
  const { parts, spanned } = parseSlice(current.slice, current.shape);
  const [rowsAxis, colsAxis] = spanned.length === 2 ? spanned : [spanned[0], spanned[0]];
  const rank = current.shape.length;
  const makeSelect = (id: string, label: string, options: string[], value: string, onChange: (v: string) => void) => {
    const wrap = document.createElement('label');
    wrap.className = 'field';
    wrap.textContent = label;
    const select = document.createElement('vscode-single-select') as HTMLElement & { value: string };
    select.id = id;
    for (const option of options) {
      const element = document.createElement('vscode-option') as HTMLElement & { value: string };
      element.setAttribute('value', option);
      element.textContent = option;
      if (option === value) element.setAttribute('selected', '');
      select.append(element);
    }
    select.addEventListener('change', () => onChange(select.value));
    wrap.append(select);
    axes.append(wrap);
  };
  const axisNames = Array.from({ length: rank }, (_, axis) => `axis ${axis}`);
  const setAxes = (rows: number, cols: number) => {
    if (rows === cols) return;
    const [a, b] = rows < cols ? [rows, cols] : [cols, rows];
    requestSlice(sliceWithAxes(parts, a, b));
  };
  makeSelect('rows-axis', 'Rows', axisNames, `axis ${rowsAxis}`, (v) => setAxes(Number(v.slice(5)), colsAxis));
  makeSelect('cols-axis', 'Cols', axisNames, `axis ${colsAxis}`, (v) => setAxes(rowsAxis, Number(v.slice(5))));
  parts.forEach((part, axis) => {
    if (typeof part !== 'number') return;
    const size = current.shape[axis] ?? 0;
    const options = Array.from({ length: Math.min(size, 4096) }, (_, i) => String(i));
    makeSelect(`slice-${axis}`, `[${axis}]`, options, String(part), (v) => {
      const next = [...parts];
      next[axis] = Number(v);
      requestSlice(next);
    });
  });
}
