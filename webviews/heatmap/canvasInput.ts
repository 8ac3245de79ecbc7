/**
 * The heatmap canvas's pointer: hover shows a cell's value, a click puts the cell cursor on a
 * cell, drag pans, the wheel zooms about the cursor, a double-click edits the cell.
 */
import { setCursor } from './cellCursor';
import { startEdit } from './cellEditor';
import { canvas } from './heatmapPage';
import { draw, updateReadout } from './heatmapRenderer';
import { page } from './heatmapState';
import { cellAt, drag, zoom } from './viewport';

/** Where the button went down: a click that moved further was a drag, and selects nothing. */
let pressedAt: { x: number; y: number } | undefined;
const CLICK_SLOP = 3;

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
  if (event.button !== 0) return;
  page.dragging = { x: event.clientX, y: event.clientY };
  pressedAt = { x: event.clientX, y: event.clientY };
});
window.addEventListener('mouseup', () => {
  page.dragging = undefined;
});
canvas.addEventListener('click', (event) => {
  const moved = !pressedAt || Math.hypot(event.clientX - pressedAt.x, event.clientY - pressedAt.y) > CLICK_SLOP;
  pressedAt = undefined;
  const cell = moved ? undefined : cellAt(event.clientX, event.clientY);
  if (cell) setCursor(cell);
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
