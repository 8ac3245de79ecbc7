/**
 * The heatmap's zoom and pan: the transform that fits the view in the canvas, zooming about
 * the cursor, dragging, panning a cell into sight, following the canvas's size when it
 * changes, and which cell is under a point.
 */
import { canvas } from './heatmapPage';
import { page, type Cell } from './heatmapState';

function canvasSize(): { width: number; height: number } {
  return { width: canvas.clientWidth, height: canvas.clientHeight };
}

export function fit(): void {
  if (!page.shown) return;
  const [rows, cols] = page.shown.view.viewShape;
  const { width, height } = canvasSize();
  const scale = Math.max(1e-3, Math.min(width / Math.max(cols, 1), height / Math.max(rows, 1)));
  page.transform = { scale, x: (width - cols * scale) / 2, y: (height - rows * scale) / 2 };
  page.fitted = true;
  page.size = { width, height };
}

/**
 * After the canvas changed size (the editor group was resized, the values grid opened): a
 * fitted view is fitted again, and one the user zoomed or panned keeps its zoom with the same
 * cell at the canvas's centre. A fit made while the canvas had no size (a panel opened
 * hidden) is only ever a fit, so the picture never stays at that size.
 */
export function followCanvasSize(): void {
  const { width, height } = canvasSize();
  const before = page.size;
  if (!page.transform || page.fitted || !before) {
    fit();
    return;
  }
  page.transform.x += (width - before.width) / 2;
  page.transform.y += (height - before.height) / 2;
  page.size = { width, height };
}

/** Pans, the least it takes, so that `cell` is on the canvas (its top-left corner first when it is larger). */
export function keepInView(cell: Cell): void {
  const transform = page.transform;
  if (!transform) return;
  const { width, height } = canvasSize();
  const shift = (start: number, extent: number): number => {
    const end = start + transform.scale;
    if (start < 0 || transform.scale > extent) return -start;
    return end > extent ? extent - end : 0;
  };
  const dx = shift(transform.x + cell.col * transform.scale, width);
  const dy = shift(transform.y + cell.row * transform.scale, height);
  if (dx === 0 && dy === 0) return;
  transform.x += dx;
  transform.y += dy;
  page.fitted = false;
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
  if (page.transform && (clientX !== page.dragging.x || clientY !== page.dragging.y)) {
    page.transform.x += clientX - page.dragging.x;
    page.transform.y += clientY - page.dragging.y;
    page.fitted = false;
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
  page.fitted = false;
  return true;
}
