/**
 * The cell cursor the canvas and the values grid share: arrow keys (and Home, End, PageUp,
 * PageDown) move it on either, a click puts it on a cell, Enter or F2 edits its cell; the
 * canvas pans to keep it in sight, the grid scrolls to it, and the live readout says where
 * it is and its exact value.
 */
import { startEdit } from './cellEditor';
import { cellAfterKey } from './cursorKeys';
import { canvas, valuesGrid } from './heatmapPage';
import { draw, updateReadout } from './heatmapRenderer';
import { page, type Cell } from './heatmapState';
import { gridPageRows, renderValuesGrid } from './valuesGrid';
import { keepInView } from './viewport';

export function setCursor(cell: Cell): void {
  page.cursor = cell;
  keepInView(cell);
  draw();
  updateReadout();
  renderValuesGrid(true);
}

/** Rows of the picture in sight: what PageUp / PageDown move by on the canvas. */
function canvasPageRows(): number {
  return Math.max(1, Math.floor(canvas.clientHeight / (page.transform?.scale ?? 1)));
}

/** A key on the canvas or the grid (`from`, where focus comes back after an edit). */
function onKey(event: KeyboardEvent, pageRows: number, from: HTMLElement): void {
  const shown = page.shown;
  if (!shown || event.altKey) return;
  if (event.key === 'Enter' || event.key === 'F2') {
    if (!page.cursor) return;
    event.preventDefault();
    startEdit(page.cursor, from);
    return;
  }
  const first = { row: 0, col: 0 };
  const next = cellAfterKey(page.cursor ?? first, event, shown.view.viewShape, pageRows);
  if (!next) return;
  event.preventDefault();
  // Without a cursor yet, the first key puts it on the first cell.
  setCursor(page.cursor ? next : first);
}

canvas.addEventListener('keydown', (event) => onKey(event, canvasPageRows(), canvas));
valuesGrid.addEventListener('keydown', (event) => onKey(event, gridPageRows(), valuesGrid));

/** The grid's cell under a pointer event, from the row and column it was drawn for. */
function gridCellOf(event: MouseEvent): Cell | undefined {
  const element = (event.target as HTMLElement).closest<HTMLElement>('[role="gridcell"]');
  if (!element) return undefined;
  return { row: Number(element.dataset.row), col: Number(element.dataset.col) };
}

valuesGrid.addEventListener('click', (event) => {
  const cell = gridCellOf(event);
  if (cell) setCursor(cell);
});
valuesGrid.addEventListener('dblclick', (event) => {
  const cell = gridCellOf(event);
  if (cell) startEdit(cell, valuesGrid);
});
