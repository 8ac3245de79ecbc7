/**
 * The heatmap canvas's pointer: hover shows a cell's value, drag pans, the wheel zooms about
 * the cursor, a double-click edits the cell.
 */
import { startEdit } from './cellEditor';
import { canvas } from './heatmapPage';
import { draw, updateReadout } from './heatmapRenderer';
import { page } from './heatmapState';
import { cellAt, drag, zoom } from './viewport';

canvas.addEventListener('mousemove', (event) => {
  drag(event.clientX, event.clientY);
  page.hovered = cellAt(event.clientX, event.clientY);
  updateReadout();
  draw();
});
canvas.addEventListener('mouseleave', () => {
  page.hovered = undefined;
  page.dragging = undefined;
  updateReadout();
  draw();
});
canvas.addEventListener('mousedown', (event) => {
  if (event.button === 0) page.dragging = { x: event.clientX, y: event.clientY };
});
window.addEventListener('mouseup', () => {
  page.dragging = undefined;
});
canvas.addEventListener(
  'wheel',
  (event) => {
    if (!zoom(event)) return;
    event.preventDefault();
    draw();
  },
  { passive: false },
);
canvas.addEventListener('dblclick', (event) => {
  const cell = cellAt(event.clientX, event.clientY);
  if (cell) startEdit(cell);
});
