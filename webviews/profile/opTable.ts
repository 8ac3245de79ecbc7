/**
 * The by-op table beside the flame graph: one row per kernel with its calls, total, self and
 * mean time (and the GPU's time, once the GPU timer has measured some), sorted by the column
 * whose header was clicked last (again: the other way).
 */
import type { ProfileSummary } from '../../protocol/webviewMessages';
import { formatNumber } from '../../common/numberFormat';
import { formatPercent } from './flameFrames';

export type OpRow = ProfileSummary['byOp'][number];
export type SortKey = 'op' | 'count' | 'totalMs' | 'selfMs' | 'meanMs' | 'gpuMs';
export interface OpSort {
  key: SortKey;
  descending: boolean;
}

export const SORT_KEYS: readonly SortKey[] = ['op', 'count', 'totalMs', 'selfMs', 'meanMs', 'gpuMs'];

const COLUMNS: { key: SortKey; title: string }[] = [
  { key: 'op', title: 'Op' },
  { key: 'count', title: 'Calls' },
  { key: 'totalMs', title: 'Total ms' },
  { key: 'selfMs', title: 'Self ms' },
  { key: 'meanMs', title: 'Mean ms' },
];
/** Shown once the GPU timer has measured a kernel. */
const GPU_COLUMN: { key: SortKey; title: string } = { key: 'gpuMs', title: 'GPU ms' };

const meanMs = (row: OpRow): number => (row.count > 0 ? row.totalMs / row.count : 0);

/** The rows in the order `sort` asks for; ties by name. */
export function sortOps(rows: readonly OpRow[], sort: OpSort): OpRow[] {
  const value = (row: OpRow): number | string => (sort.key === 'meanMs' ? meanMs(row) : sort.key === 'gpuMs' ? (row.gpuMs ?? -1) : row[sort.key]);
  const direction = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
    return order !== 0 ? direction * order : a.op.localeCompare(b.op);
  });
}

/** The sort after a click on the header of `key`: the other way round, or that column's natural way. */
export function nextSort(sort: OpSort, key: SortKey): OpSort {
  if (sort.key === key) return { key, descending: !sort.descending };
  return { key, descending: key !== 'op' };
}

/** Fills `table` with the header and the rows; `onSort` runs when a header is clicked. */
export function renderOpTable(table: HTMLTableElement, profile: ProfileSummary, sort: OpSort, onSort: (key: SortKey) => void): void {
  const timed = profile.byOp.some((row) => row.gpuCount !== undefined);
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  for (const { key, title } of timed ? [...COLUMNS, GPU_COLUMN] : COLUMNS) {
    const cell = document.createElement('th');
    cell.dataset.key = key;
    cell.tabIndex = 0;
    cell.setAttribute('aria-sort', sort.key !== key ? 'none' : sort.descending ? 'descending' : 'ascending');
    cell.textContent = sort.key === key ? `${title} ${sort.descending ? '▼' : '▲'}` : title;
    cell.addEventListener('click', () => onSort(key));
    cell.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') onSort(key);
    });
    headRow.append(cell);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  for (const row of sortOps(profile.byOp, sort)) {
    const line = document.createElement('tr');
    const cells = [row.op, String(row.count), formatNumber(row.totalMs), formatNumber(row.selfMs), formatNumber(meanMs(row))];
    if (timed) cells.push(row.gpuCount === undefined ? '' : formatNumber(row.gpuMs ?? 0));
    cells.forEach((text, column) => {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (column === 2) cell.title = `${formatPercent(row.totalMs, profile.totalMs)} of the recorded time (nested kernels count in their parents too)`;
      if (column === 5 && row.gpuCount !== undefined) cell.title = `the GPU's time of ${row.gpuCount} of ${row.count} calls (those timed)`;
      line.append(cell);
    });
    body.append(line);
  }
  table.replaceChildren(head, body);
}
