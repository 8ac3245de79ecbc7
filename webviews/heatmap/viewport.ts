/**
 * The heatmap's zoom and pan: the transform that fits the view in the canvas, zooming about
 * the cursor, dragging, and which cell is under a point.
 */
import { canvas } from './heatmapPage';
import { page, type Cell } from './heatmapState';

export function fit(): void {
  if (!page.shown) return;
  const [rows, cols] = page.shown.view.viewShape;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const scale = Math.max(1e-3, Math.min(width / Math.max(cols, 1), height / Math.max(rows, 1)));
  page.transform = { scale, x: (width - cols * scale) / 2, y: (height - rows * scale) / 2 };
}

export function cellAt(clientX: number, clientY: number): Cell | undefined {
  if (!page.shown || !page.transform) return undefined;
  const box = canvas.getBoundingClientRect();
  const col = Math.floor((clientX - box.left - page.transform.x) / page.transform.scale);
  const row = Math.floor((clientY - box.top - page.transform.y) / page.transform.scale);
  const [rows, cols] = page.shown.view.viewShape;
  return row >= 0 && col >= 0 && row < rows && col < cols ? { row, col } : undefined;
}

/** Moves the view with a drag that has reached (`clientX`, `clientY`). */
export function drag(clientX: number, clientY: number): void {
  if (!page.dragging) return;
  if (page.transform) {
    page.transform.x += clientX - page.dragging.x;
    page.transform.y += clientY - page.dragging.y;
  }
  page.dragging = { x: clientX, y: clientY };
}

/** Zooms for a wheel turn; `false` when there is nothing to zoom. */
export function zoom(event: WheelEvent): boolean {
  const transform = page.transform;
  if (!transform) return false;
  const box = canvas.getBoundingClientRect();
  const px = event.clientX - box.left;
  const py = event.clientY - box.top;
  const factor = Math.exp(-event.deltaY * 0.0015);
  const scale = Math.min(512, Math.max(1e-3, transform.scale * factor));
  // Zoom about the cursor: the cell under it stays under it.
  page.transform = {
    scale,
    x: px - ((px - transform.x) * scale) / transform.scale,
    y: py - ((py - transform.y) * scale) / transform.scale,
  };
  return true;
}
