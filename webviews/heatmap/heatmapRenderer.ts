/**
 * Draws the heatmap page from its state: the header (expression, summary, NaN/Inf counts and
 * legend, notes), the view's cells as an image drawn at the current zoom and pan with NaN/Inf
 * cells framed and the cell cursor outlined, the colour bar, the values grid, and the
 * readouts of the cell under the mouse and of the cursor's. In VS Code's high-contrast themes
 * the picture is framed (and large cells ruled) in the theme's contrast border, so that the
 * colour map's dark end still stands apart from a black background.
 */
import { COLORMAPS, NAN_COLOR, NEG_INF_COLOR, POS_INF_COLOR, finiteRange, paint, scaleValue, type Rgb } from '../../common/colormap';
import { formatNumber, presentTensor } from '../../common/tensorSlices';
import { byId } from '../shared/hostChannel';
import { renderAxisPickers } from './axisPickers';
import { canvas, cursorReadout, diffBox, note, readout } from './heatmapPage';
import { page, settings, type Cell } from './heatmapState';
import { comparable, computeShown, describeCell, describeCursor } from './shownValues';
import { renderValuesGrid } from './valuesGrid';
import { fit } from './viewport';

function cssColor([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

function swatch(color: Rgb, text: string): HTMLSpanElement {
  const item = document.createElement('span');
  item.className = 'legend-item';
  const box = document.createElement('span');
  box.className = 'swatch';
  box.style.background = cssColor(color);
  item.append(box, document.createTextNode(text));
  return item;
}

function renderHeader(): void {
  const { current, previous, shown } = page;
  const expression = byId('expression');
  const summary = byId('summary');
  const specials = byId('specials');
  const legend = byId('legend');
  if (!current) {
    expression.textContent = '';
    summary.textContent = '';
    specials.textContent = '';
    legend.replaceChildren();
    note.textContent = '';
    return;
  }
  expression.textContent = current.expression;
  summary.textContent = presentTensor(current.dtype, current.shape, current.stats);
  const range = finiteRange(shown?.values ?? []);
  specials.textContent = `view: NaN=${range.nan} +Inf=${range.posInf} -Inf=${range.negInf}`;
  legend.replaceChildren(
    swatch(NAN_COLOR, `NaN (${range.nan})`),
    swatch(POS_INF_COLOR, `+Inf (${range.posInf})`),
    swatch(NEG_INF_COLOR, `-Inf (${range.negInf})`),
  );
  const notes: string[] = [];
  const [by, bx] = current.blocks;
  if (by > 1 || bx > 1) notes.push(`Block-reduced view: each cell is the mean of ${by}×${bx} elements; editing is off.`);
  if (settings.diff && !comparable(current, previous)) notes.push('No previous stop with this view to compare.');
  if (shown?.diffFrom) notes.push('Showing current − previous stop.');
  note.textContent = notes.join(' ');
  diffBox.disabled = !comparable(current, previous);
}

function renderImage(): void {
  page.image = undefined;
  const shown = page.shown;
  if (!shown) return;
  const [rows, cols] = shown.view.viewShape;
  if (rows === 0 || cols === 0) return;
  const image = document.createElement('canvas');
  page.image = image;
  image.width = cols;
  image.height = rows;
  const context = image.getContext('2d');
  if (!context) return;
  const pixels = context.createImageData(cols, rows);
  paint(shown.values, shown.scale, pixels.data);
  context.putImageData(pixels, 0, 0);
}

function renderColorbar(): void {
  const bar = byId<HTMLCanvasElement>('bar');
  const context = bar.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, bar.width, bar.height);
  const shown = page.shown;
  if (!shown) {
    byId('bar-hi').textContent = '';
    byId('bar-lo').textContent = '';
    return;
  }
  const table = COLORMAPS[shown.scale.colormap];
  for (let i = 0; i < 256; i++) {
    context.fillStyle = `rgb(${table[i * 3]}, ${table[i * 3 + 1]}, ${table[i * 3 + 2]})`;
    context.fillRect(0, bar.height - 1 - i, bar.width, 1);
  }
  byId('bar-hi').textContent = formatNumber(scaleValue(1, shown.scale));
  byId('bar-lo').textContent = formatNumber(scaleValue(0, shown.scale));
}

/** Draws the image at the current zoom and pan, and marks NaN / Inf cells when they are big enough. */
export function draw(): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const { shown, image, transform, hovered, cursor } = page;
  if (!shown || !image || !transform) return;
  const [rows, cols] = shown.view.viewShape;
  const { scale, x, y } = transform;
  context.imageSmoothingEnabled = false;
  context.drawImage(image, x, y, cols * scale, rows * scale);
  if (scale >= 8) markSpecials(context, rows, cols);
  if (highContrast()) frameForContrast(context, rows, cols);
  const focusBorder = themeColor('--vscode-focusBorder', '#007fd4');
  if (hovered && scale >= 4) {
    context.strokeStyle = focusBorder;
    context.lineWidth = 1;
    context.strokeRect(x + hovered.col * scale + 0.5, y + hovered.row * scale + 0.5, scale - 1, scale - 1);
  }
  if (cursor) outlineCursor(context, cursor, focusBorder);
}

/** A colour of VS Code's theme (a CSS variable on the page), or `fallback` outside VS Code. */
function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function highContrast(): boolean {
  const classes = document.body.classList;
  return classes.contains('vscode-high-contrast') || classes.contains('vscode-high-contrast-light');
}

/** Cells at least this many pixels wide get rules between them in a high-contrast theme. */
const RULED_SCALE = 12;

/**
 * A line of the theme's contrast border around the picture, just outside its cells, and
 * between cells when they are large: a cell at the colour map's dark end against a black
 * background (or its light end against white) still shows where it is.
 */
function frameForContrast(context: CanvasRenderingContext2D, rows: number, cols: number): void {
  const { transform } = page;
  if (!transform) return;
  const { scale, x, y } = transform;
  context.strokeStyle = themeColor('--vscode-contrastBorder', themeColor('--vscode-foreground', '#ffffff'));
  context.lineWidth = 1;
  // On whole pixels: the frame is the pixel row (and column) just outside the picture.
  const left = Math.floor(x) - 0.5;
  const top = Math.floor(y) - 0.5;
  context.strokeRect(left, top, Math.ceil(x + cols * scale) + 0.5 - left, Math.ceil(y + rows * scale) + 0.5 - top);
  if (scale < RULED_SCALE) return;
  context.beginPath();
  for (let c = 1; c < cols; c++) {
    const at = Math.round(x + c * scale) + 0.5;
    context.moveTo(at, y);
    context.lineTo(at, y + rows * scale);
  }
  for (let r = 1; r < rows; r++) {
    const at = Math.round(y + r * scale) + 0.5;
    context.moveTo(x, at);
    context.lineTo(x + cols * scale, at);
  }
  context.stroke();
}

/** The cell cursor: a two-pixel ring just outside its cell, visible however small cells are drawn. */
function outlineCursor(context: CanvasRenderingContext2D, cell: Cell, color: string): void {
  const { transform } = page;
  if (!transform) return;
  const { scale, x, y } = transform;
  context.strokeStyle = color;
  context.lineWidth = 2;
  context.strokeRect(x + cell.col * scale - 1, y + cell.row * scale - 1, scale + 2, scale + 2);
}

/** A thin black frame inside each NaN / ±Inf cell, so they read as marks and not as data. */
function markSpecials(context: CanvasRenderingContext2D, rows: number, cols: number): void {
  const { shown, transform } = page;
  if (!shown || !transform) return;
  const { scale, x, y } = transform;
  const c0 = Math.max(0, Math.floor(-x / scale));
  const c1 = Math.min(cols, Math.ceil((canvas.clientWidth - x) / scale));
  const r0 = Math.max(0, Math.floor(-y / scale));
  const r1 = Math.min(rows, Math.ceil((canvas.clientHeight - y) / scale));
  context.strokeStyle = 'rgb(0, 0, 0)';
  context.lineWidth = 1;
  for (let r = r0; r < r1; r++) {
    for (let c = c0; c < c1; c++) {
      if (Number.isFinite(shown.values[r * cols + c])) continue;
      context.strokeRect(x + c * scale + 1.5, y + r * scale + 1.5, scale - 3, scale - 3);
    }
  }
}

/** The readouts: the cell under the mouse, and (a polite live region) the cursor's cell exactly. */
export function updateReadout(): void {
  readout.textContent = page.hovered && page.shown ? describeCell(page.shown, page.hovered) : '';
  const cursorText = page.cursor && page.shown ? describeCursor(page.shown, page.cursor) : '';
  // Written only when it changes, so that a screen reader hears each change once.
  if (cursorReadout.textContent !== cursorText) cursorReadout.textContent = cursorText;
}

/** Keeps a cell inside a view of `rows × cols` (none in an empty view): the cursor survives a new view of the same shape unmoved. */
function clampCell(cell: Cell, rows: number, cols: number): Cell | undefined {
  if (rows === 0 || cols === 0) return undefined;
  return { row: Math.min(cell.row, rows - 1), col: Math.min(cell.col, cols - 1) };
}

/** Draws everything again; `keepTransform`: keep the zoom and pan (the same cells as before). */
export function renderAll(keepTransform: boolean): void {
  page.shown = computeShown(page.current, page.previous, settings);
  const { hovered, cursor, shown } = page;
  if (hovered && shown && (hovered.row >= shown.view.viewShape[0] || hovered.col >= shown.view.viewShape[1])) page.hovered = undefined;
  if (cursor && shown) page.cursor = clampCell(cursor, ...shown.view.viewShape);
  renderImage();
  renderHeader();
  renderAxisPickers(page.current);
  renderColorbar();
  if (!keepTransform || !page.transform) fit();
  draw();
  updateReadout();
  renderValuesGrid();
}
