/**
 * The values grid under the picture: the exact value of every cell of the view, with its row
 * and column indices into the full tensor (a block-reduced view's ranges), as an ARIA grid
 * whose active cell is the shared cell cursor. Virtualised: only the rows and columns in
 * sight are in the DOM, drawn again as the grid scrolls, so a 512×512 view stays a few
 * hundred elements. Its keys and clicks are wired by cellCursor.ts.
 */
import { valuesGrid, valuesRows } from './heatmapPage';
import { page, type Cell } from './heatmapState';
import { colLabel, rowLabel } from './cellIndices';
import { floats, formatNumberExact } from './shownValues';

/** CSS pixels of a row, a value column and the row header column (heatmap.css sizes the text to fit). */
const ROW_HEIGHT = 22;
const COL_WIDTH = 112;
const HEADER_WIDTH = 88;

/** The id of the cursor's cell while it is drawn: the grid's `aria-activedescendant`. */
const ACTIVE_ID = 'values-active';

/** Rows of the grid in sight below its header row (at least one): what PageUp / PageDown move by. */
export function gridPageRows(): number {
  return Math.max(1, Math.floor(valuesGrid.clientHeight / ROW_HEIGHT) - 1);
}

function cellElement(role: string, text: string, colIndex: number, left: number, width: number): HTMLDivElement {
  const element = document.createElement('div');
  element.setAttribute('role', role);
  element.setAttribute('aria-colindex', String(colIndex));
  element.className = role === 'gridcell' ? 'values-cell' : 'values-cell values-header';
  element.style.left = `${left}px`;
  element.style.width = `${width}px`;
  element.textContent = text;
  return element;
}

function rowElement(rowIndex: number, top: number, width: number): HTMLDivElement {
  const row = document.createElement('div');
  row.setAttribute('role', 'row');
  row.setAttribute('aria-rowindex', String(rowIndex));
  row.className = 'values-row';
  row.style.top = `${top}px`;
  row.style.width = `${width}px`;
  return row;
}

/** Scrolls the grid, the least it takes, so that `cell` is in sight beside the headers. */
function scrollToCell(cell: Cell): void {
  const left = HEADER_WIDTH + cell.col * COL_WIDTH;
  const top = (cell.row + 1) * ROW_HEIGHT;
  if (left - HEADER_WIDTH < valuesGrid.scrollLeft) valuesGrid.scrollLeft = left - HEADER_WIDTH;
  else if (left + COL_WIDTH > valuesGrid.scrollLeft + valuesGrid.clientWidth) valuesGrid.scrollLeft = left + COL_WIDTH - valuesGrid.clientWidth;
  if (top - ROW_HEIGHT < valuesGrid.scrollTop) valuesGrid.scrollTop = top - ROW_HEIGHT;
  else if (top + ROW_HEIGHT > valuesGrid.scrollTop + valuesGrid.clientHeight) valuesGrid.scrollTop = top + ROW_HEIGHT - valuesGrid.clientHeight;
}

/**
 * Draws the rows and columns of the grid in sight; `reveal`: scroll the cursor's cell into
 * sight first. The header row and column stay put while the rest scrolls.
 */
export function renderValuesGrid(reveal = false): void {
  const view = page.shown?.view;
  valuesGrid.removeAttribute('aria-activedescendant');
  if (!page.valuesShown || !view) {
    valuesRows.replaceChildren();
    valuesRows.style.height = '0';
    valuesRows.style.width = '0';
    return;
  }
  const [rows, cols] = view.viewShape;
  const width = HEADER_WIDTH + cols * COL_WIDTH;
  valuesRows.style.width = `${width}px`;
  valuesRows.style.height = `${(rows + 1) * ROW_HEIGHT}px`;
  valuesGrid.setAttribute('aria-rowcount', String(rows + 1));
  valuesGrid.setAttribute('aria-colcount', String(cols + 1));
  valuesGrid.setAttribute('aria-label', `Values of ${view.expression}`);
  if (reveal && page.cursor) scrollToCell(page.cursor);
  const { scrollTop, scrollLeft, clientHeight, clientWidth } = valuesGrid;
  // Rows and columns not under the header row or column.
  const r0 = Math.min(rows, Math.floor(scrollTop / ROW_HEIGHT));
  const r1 = Math.min(rows, Math.ceil((scrollTop + clientHeight) / ROW_HEIGHT) - 1);
  const c0 = Math.min(cols, Math.floor(scrollLeft / COL_WIDTH));
  const c1 = Math.min(cols, Math.ceil((scrollLeft + clientWidth - HEADER_WIDTH) / COL_WIDTH));
  const values = floats(view);
  const cursor = page.cursor;

  const header = rowElement(1, scrollTop, width);
  header.classList.add('values-header-row');
  header.append(cellElement('columnheader', '', 1, scrollLeft, HEADER_WIDTH));
  for (let c = c0; c < c1; c++) header.append(cellElement('columnheader', colLabel(view, c), c + 2, HEADER_WIDTH + c * COL_WIDTH, COL_WIDTH));
  const drawn: HTMLDivElement[] = [header];
  for (let r = r0; r < r1; r++) {
    const row = rowElement(r + 2, (r + 1) * ROW_HEIGHT, width);
    row.append(cellElement('rowheader', rowLabel(view, r), 1, scrollLeft, HEADER_WIDTH));
    for (let c = c0; c < c1; c++) {
      const cell = cellElement('gridcell', formatNumberExact(values[r * cols + c]), c + 2, HEADER_WIDTH + c * COL_WIDTH, COL_WIDTH);
      cell.dataset.row = String(r);
      cell.dataset.col = String(c);
      if (cursor && cursor.row === r && cursor.col === c) {
        cell.id = ACTIVE_ID;
        cell.setAttribute('aria-selected', 'true');
        valuesGrid.setAttribute('aria-activedescendant', ACTIVE_ID);
      }
      row.append(cell);
    }
    drawn.push(row);
  }
  valuesRows.replaceChildren(...drawn);
}

valuesGrid.addEventListener('scroll', () => renderValuesGrid());
