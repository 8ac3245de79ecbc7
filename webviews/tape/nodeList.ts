/**
 * The tape as a list, the graph's stand-in for keyboards and screen readers (the toolbar's
 * "List"): every box the graph can show, sources then ops in tape order (an order in which
 * every tensor comes before its readers), each row its name, shapes, line and gradient norm.
 * One listbox, one tab stop: Up and Down (Home, End, Page Up, Page Down) move the active row,
 * Enter, Space or a click picks it, as a click on its box does.
 */
import { nodeLine, nodeNorm, nodeShapes } from './nodeDescription';
import type { GraphNode, TapeGraph } from './tapeGraph';

/** Rows a Page Up or Page Down moves. */
const PAGE_ROWS = 10;

export class NodeList {
  private keys: string[] = [];
  private active = -1;

  constructor(
    private readonly list: HTMLElement,
    private readonly onPick: (key: string) => void,
  ) {
    list.addEventListener('keydown', (event) => this.onKey(event));
    list.addEventListener('click', (event) => {
      const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
      const index = row ? this.keys.indexOf(row.dataset.key ?? '') : -1;
      if (index < 0) return;
      this.activate(index);
      this.onPick(this.keys[index]);
    });
    list.addEventListener('focus', () => this.activate(Math.max(0, this.active)));
  }

  /** Fills the list with the rows of `graph`, `selected` marked and active. */
  render(graph: TapeGraph | undefined, selected: string | undefined): void {
    const nodes: GraphNode[] = graph ? [...graph.sources, ...graph.ops] : [];
    this.keys = nodes.map((node) => node.key);
    this.list.replaceChildren(...nodes.map((node) => this.row(node)));
    this.active = -1;
    this.markSelected(selected);
    const index = selected ? this.keys.indexOf(selected) : -1;
    if (index >= 0) this.activate(index);
  }

  private row(node: GraphNode): HTMLElement {
    const row = document.createElement('div');
    row.setAttribute('role', 'option');
    row.id = `row-${node.key}`;
    row.dataset.key = node.key;
    row.className = ['node-row', node.kind, node.mark ?? ''].filter(Boolean).join(' ');
    const cells: [string, string][] = [
      ['name', node.label],
      ['shapes', nodeShapes(node)],
      ['line', nodeLine(node)],
      ['norm', nodeNorm(node)],
    ];
    for (const [name, text] of cells) {
      const cell = document.createElement('span');
      cell.className = name;
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  }

  /** Marks the row of `key` as the selected one. */
  markSelected(key: string | undefined): void {
    for (const row of Array.from(this.list.children)) row.setAttribute('aria-selected', String((row as HTMLElement).dataset.key === key));
  }

  private activate(index: number): void {
    const row = this.list.children[index] as HTMLElement | undefined;
    this.list.querySelector('.node-row.active')?.classList.remove('active');
    if (!row) return;
    this.active = index;
    row.classList.add('active');
    this.list.setAttribute('aria-activedescendant', row.id);
    row.scrollIntoView({ block: 'nearest' });
  }

  private onKey(event: KeyboardEvent): void {
    const last = this.keys.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: this.active + 1,
      ArrowUp: this.active - 1,
      Home: 0,
      End: last,
      PageDown: this.active + PAGE_ROWS,
      PageUp: this.active - PAGE_ROWS,
    };
    if (event.key in moves) {
      event.preventDefault();
      this.activate(Math.min(last, Math.max(0, moves[event.key])));
    } else if ((event.key === 'Enter' || event.key === ' ') && this.active >= 0) {
      event.preventDefault();
      this.onPick(this.keys[this.active]);
    }
  }
}
