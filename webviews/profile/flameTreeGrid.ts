/**
 * The flame tree as a tree grid, the flame graph's stand-in for keyboards and screen readers
 * (the toolbar's "List"): a row per frame with its total and self time, calls and source
 * line, children under their parent, widest first. It opens on the program's children and the
 * way down to the selected frame. One tab stop, the active row: Up and Down move between
 * rows, Right opens a row (or goes to its first child), Left closes it (or goes to its
 * parent), Home and End go to the first and last row, Enter or Space picks the frame as a
 * click on the graph does; Tab reaches the active row's "Go to source" button.
 */
import { formatNumber } from '../../common/numberFormat';
import { ancestry, nameOf, sourceOf, type FlameFrames } from './flameFrames';

/** Children listed under one parent; the narrower rest are counted in one row. */
export const MAX_CHILD_ROWS = 200;

export interface FlameTreeEvents {
  /** A row was picked (Enter, Space, a click). */
  onPick(frame: number): void;
  /** A row's "Go to source" was pressed. */
  onGoToSource(frame: number): void;
}

export class FlameTreeGrid {
  private frames: FlameFrames | undefined;
  private readonly expanded = new Set<number>();
  /** The frames of the rows shown, top to bottom. */
  private rows: number[] = [];
  private active = 0;
  private selected = -1;

  constructor(
    private readonly table: HTMLTableElement,
    private readonly events: FlameTreeEvents,
  ) {
    table.addEventListener('keydown', (event) => this.onKey(event));
    table.addEventListener('click', (event) => {
      const target = event.target as Element;
      const row = target.closest<HTMLElement>('tr[data-frame]');
      if (!row) return;
      const frame = Number(row.dataset.frame);
      const button = target.closest('button') !== null;
      this.activate(frame, !button);
      if (button) this.events.onGoToSource(frame);
      else this.events.onPick(frame);
    });
  }

  /** Shows the tree of `frames`, open down to `selected`, which is marked and active. */
  show(frames: FlameFrames | undefined, selected: number): void {
    this.frames = frames;
    this.expanded.clear();
    if (frames) for (const frame of ancestry(frames, Math.max(0, selected)).slice(0, -1)) this.expanded.add(frame);
    this.expanded.add(0);
    this.selected = selected;
    this.active = Math.max(0, selected);
    this.render(false);
  }

  /** Marks the row of `frame` as the selected one. */
  markSelected(frame: number): void {
    this.selected = frame;
    this.table
      .querySelectorAll('tr[data-frame]')
      .forEach((row) => row.setAttribute('aria-selected', String(Number((row as HTMLElement).dataset.frame) === frame)));
  }

  private render(keepFocus: boolean): void {
    const { frames } = this;
    const head = document.createElement('thead');
    head.innerHTML = '<tr><th>Frame</th><th>Total ms</th><th>Self ms</th><th>Calls</th><th>Source</th></tr>';
    const body = document.createElement('tbody');
    this.rows = [];
    if (frames && frames.size > 0) this.addRows(frames, body, 0);
    if (!this.rows.includes(this.active)) this.active = this.rows[0] ?? 0;
    this.table.replaceChildren(head, body);
    this.markSelected(this.selected);
    this.activate(this.active, keepFocus);
  }

  private addRows(frames: FlameFrames, body: HTMLElement, frame: number): void {
    this.rows.push(frame);
    body.append(this.row(frames, frame));
    if (!this.expanded.has(frame)) return;
    let shown = 0;
    let child = frame + 1;
    for (; child < frames.end[frame] && shown < MAX_CHILD_ROWS; child = frames.end[child], shown++) this.addRows(frames, body, child);
    let rest = 0;
    for (; child < frames.end[frame]; child = frames.end[child]) rest++;
    if (rest === 0) return;
    const more = document.createElement('tr');
    more.className = 'more';
    const cell = document.createElement('td');
    cell.colSpan = 5;
    cell.style.paddingLeft = indent(frames.depth[frame] + 1);
    cell.textContent = `… ${rest} narrower frames (zoom the graph to them)`;
    more.append(cell);
    body.append(more);
  }

  private row(frames: FlameFrames, frame: number): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.id = `frame-row-${frame}`;
    row.dataset.frame = String(frame);
    row.tabIndex = -1;
    row.setAttribute('aria-level', String(frames.depth[frame] + 1));
    const parent = frames.end[frame] > frame + 1;
    if (parent) row.setAttribute('aria-expanded', String(this.expanded.has(frame)));
    const name = document.createElement('td');
    name.className = 'name';
    name.style.paddingLeft = indent(frames.depth[frame]);
    const twisty = document.createElement('span');
    twisty.className = 'twisty';
    twisty.setAttribute('aria-hidden', 'true');
    twisty.textContent = parent ? (this.expanded.has(frame) ? '▾' : '▸') : '';
    name.append(twisty, nameOf(frames, frame));
    const count = frames.count[frame];
    const cells = [formatNumber(frames.value[frame]), formatNumber(frames.self[frame]), Number.isNaN(count) ? '' : String(count)].map((text) => {
      const cell = document.createElement('td');
      cell.textContent = text;
      return cell;
    });
    const where = document.createElement('td');
    const source = sourceOf(frames, frame);
    if (source) {
      const button = document.createElement('button');
      button.className = 'go-to-source';
      button.tabIndex = -1;
      button.textContent = `${source.path.split(/[\\/]/).pop() ?? source.path}:${source.line}`;
      button.title = `${source.path}:${source.line}`;
      button.setAttribute('aria-label', `Go to source: ${source.path}:${source.line}`);
      where.append(button);
    }
    row.append(name, ...cells, where);
    return row;
  }

  /** Makes the row of `frame` the tab stop (and its button the next), focused when `focus`. */
  private activate(frame: number, focus: boolean): void {
    const row = this.table.querySelector<HTMLElement>(`#frame-row-${frame}`);
    if (!row) return;
    this.table.querySelectorAll<HTMLElement>('tr[tabindex="0"], button[tabindex="0"]').forEach((element) => (element.tabIndex = -1));
    this.active = frame;
    row.tabIndex = 0;
    const button = row.querySelector('button');
    if (button) button.tabIndex = 0;
    if (focus) row.focus();
  }

  private setExpanded(frame: number, open: boolean): void {
    if (open) this.expanded.add(frame);
    else this.expanded.delete(frame);
    this.render(true);
  }

  private onKey(event: KeyboardEvent): void {
    const { frames } = this;
    // Keys on the row's button are the button's.
    if (!frames || !(event.target as Element).matches('tr[data-frame]')) return;
    const frame = this.active;
    const at = this.rows.indexOf(frame);
    const hasChildren = frames.end[frame] > frame + 1;
    const open = this.expanded.has(frame);
    let handled = true;
    if (event.key === 'ArrowDown') this.activate(this.rows[Math.min(this.rows.length - 1, at + 1)], true);
    else if (event.key === 'ArrowUp') this.activate(this.rows[Math.max(0, at - 1)], true);
    else if (event.key === 'Home') this.activate(this.rows[0], true);
    else if (event.key === 'End') this.activate(this.rows[this.rows.length - 1], true);
    else if (event.key === 'ArrowRight' && hasChildren && !open) this.setExpanded(frame, true);
    else if (event.key === 'ArrowRight' && hasChildren) this.activate(frame + 1, true);
    else if (event.key === 'ArrowLeft' && open) this.setExpanded(frame, false);
    else if (event.key === 'ArrowLeft' && frames.parent[frame] >= 0) this.activate(frames.parent[frame], true);
    else if (event.key === 'Enter' || event.key === ' ') this.events.onPick(frame);
    else handled = false;
    if (handled) event.preventDefault();
  }
}

function indent(depth: number): string {
  return `${4 + depth * 14}px`;
}
