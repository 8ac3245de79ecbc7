/**
 * The heatmap webview: draws one 2-D float32 view of a tensor on a canvas, with a colour bar,
 * zoom (wheel) and pan (drag), the value and full index under the cursor, slice pickers for
 * tensors of rank ≥ 3, a diff from the previous stop, in-place editing of one element
 * (double-click) and export buttons. It speaks only the typed messages of
 * protocol/webviewMessages.ts with the extension host; it has no Node APIs and no network.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { HeatmapToHost, HeatmapView, HostToHeatmap } from '../../protocol/webviewMessages';
import {
  COLORMAPS,
  NAN_COLOR,
  NEG_INF_COLOR,
  POS_INF_COLOR,
  chooseScale,
  finiteRange,
  paint,
  scaleValue,
  type ColorScale,
  type Rgb,
  type Scaling,
} from '../../common/colormap';
import { byId, onHostMessage, showStatus, vscodeApi } from '../shared/hostChannel';
import {
  formatNumber,
  formatSlice,
  fullIndex,
  parseCellValue,
  parseSlice,
  presentTensor,
  sliceWithAxes,
  spannedAxes,
  type SlicePart,
} from '../../common/tensorSlices';

/** What survives the panel being hidden and shown again (besides the host's view). */
interface SavedState {
  scaling: Scaling;
  diff: boolean;
}

interface Transform {
  /** Screen pixels per cell. */
  scale: number;
  /** Screen position of cell (0, 0)'s corner. */
  x: number;
  y: number;
}

/** A value of the view, or a diff; `values` is what is drawn. */
interface Shown {
  view: HeatmapView;
  values: Float32Array;
  /** The previous stop's values, when showing the difference. */
  diffFrom?: Float32Array;
  scale: ColorScale;
}

const vscode = vscodeApi<HeatmapToHost>();
const saved = (vscode.getState() ?? {}) as Partial<SavedState>;
const state: SavedState = {
  scaling: saved.scaling === 'symmetric' ? 'symmetric' : 'linear',
  diff: saved.diff === true,
};

let current: HeatmapView | undefined;
let previous: HeatmapView | undefined;
let shown: Shown | undefined;
let transform: Transform | undefined;
let image: HTMLCanvasElement | undefined;
let hovered: { row: number; col: number } | undefined;

const app = document.getElementById('app') ?? document.body;
app.innerHTML = `
<header class="header">
  <span class="expression" id="expression"></span>
  <span class="summary" id="summary"></span>
  <span class="specials" id="specials"></span>
</header>
<div class="toolbar">
  <label class="field">Scale
    <vscode-single-select id="scaling">
      <vscode-option value="linear">linear</vscode-option>
      <vscode-option value="symmetric">symmetric</vscode-option>
    </vscode-single-select>
  </label>
  <span id="axes" class="axes"></span>
  <vscode-checkbox id="diff" label="Diff from previous stop">Diff from previous stop</vscode-checkbox>
  <vscode-button id="fit" secondary>Fit</vscode-button>
  <vscode-button id="refresh" secondary>Refresh</vscode-button>
  <vscode-button id="export-npy" secondary>Export .npy</vscode-button>
  <vscode-button id="export-csv" secondary>Export CSV</vscode-button>
</div>
<div class="main">
  <div class="stage" id="stage">
    <canvas id="canvas" tabindex="0" aria-label="Tensor heatmap"></canvas>
    <input id="editor" class="cell-editor" type="text" spellcheck="false" hidden>
  </div>
  <div class="colorbar">
    <span id="bar-hi" class="bar-label"></span>
    <canvas id="bar" width="16" height="256"></canvas>
    <span id="bar-lo" class="bar-label"></span>
  </div>
</div>
<footer class="footer">
  <span id="readout" class="readout"></span>
  <span id="note" class="note"></span>
</footer>
<div id="legend" class="legend"></div>`;

const canvas = byId<HTMLCanvasElement>('canvas');
const stage = byId<HTMLDivElement>('stage');
const editor = byId<HTMLInputElement>('editor');
const scalingSelect = byId<HTMLElement & { value: string }>('scaling');
const diffBox = byId<HTMLElement & { checked: boolean; disabled: boolean }>('diff');
const readout = byId<HTMLSpanElement>('readout');
const note = byId<HTMLSpanElement>('note');

function post(message: HeatmapToHost): void {
  vscode.postMessage(message);
}

function saveState(): void {
  vscode.setState(state);
}

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

function floats(view: HeatmapView): Float32Array {
  return new Float32Array(view.data);
}

/** The diff is meaningful only between views of the same cells. */
function comparable(a: HeatmapView | undefined, b: HeatmapView | undefined): boolean {
  return !!a && !!b && a.slice === b.slice && a.viewShape[0] === b.viewShape[0] && a.viewShape[1] === b.viewShape[1];
}

function computeShown(): Shown | undefined {
  if (!current) return undefined;
  const values = floats(current);
  if (state.diff && comparable(current, previous)) {
    const before = floats(previous as HeatmapView);
    const diff = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) diff[i] = values[i] - before[i];
    const range = finiteRange(diff);
    const scale = chooseScale(range.min, range.max, 'symmetric');
    return { view: current, values: diff, diffFrom: before, scale };
  }
  const range = finiteRange(values);
  return { view: current, values, scale: chooseScale(range.min, range.max, state.scaling) };
}

function renderHeader(): void {
  const expression = byId('expression');
  const summary = byId('summary');
  const specials = byId('specials');
  const legend = byId('legend');
  if (!current) {
    expression.textContent = '';
    summary.textContent = '';
    specials.textContent = '';
    legend.replaceChildren();
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
  if (state.diff && !comparable(current, previous)) notes.push('No previous stop with this view to compare.');
  if (shown?.diffFrom) notes.push('Showing current − previous stop.');
  note.textContent = notes.join(' ');
  diffBox.disabled = !comparable(current, previous);
}

function renderAxisPickers(): void {
  const axes = byId('axes');
  axes.replaceChildren();
  if (!current || current.shape.length < 3) return;
  const parts = parseSlice(current.slice);
  const [rowsAxis, colsAxis] = spannedAxes(parts);
  const rank = current.shape.length;
  const makeSelect = (id: string, label: string, options: string[], value: string, onChange: (v: string) => void) => {
    const wrap = document.createElement('label');
    wrap.className = 'field';
    wrap.textContent = label;
    const select = document.createElement('vscode-single-select') as HTMLElement & { value: string };
    select.id = id;
    for (const option of options) {
      const element = document.createElement('vscode-option') as HTMLElement & { value: string };
      element.setAttribute('value', option);
      element.textContent = option;
      if (option === value) element.setAttribute('selected', '');
      select.append(element);
    }
    select.addEventListener('change', () => onChange(select.value));
    wrap.append(select);
    axes.append(wrap);
  };
  const axisNames = Array.from({ length: rank }, (_, axis) => `axis ${axis}`);
  const setAxes = (rows: number, cols: number) => {
    if (rows === cols) return;
    const [a, b] = rows < cols ? [rows, cols] : [cols, rows];
    requestSlice(sliceWithAxes(parts, a, b));
  };
  makeSelect('rows-axis', 'Rows', axisNames, `axis ${rowsAxis}`, (v) => setAxes(Number(v.slice(5)), colsAxis));
  makeSelect('cols-axis', 'Cols', axisNames, `axis ${colsAxis}`, (v) => setAxes(rowsAxis, Number(v.slice(5))));
  parts.forEach((part, axis) => {
    if (part === ':') return;
    const size = current?.shape[axis] ?? 0;
    const options = Array.from({ length: Math.min(size, 4096) }, (_, i) => String(i));
    makeSelect(`slice-${axis}`, `[${axis}]`, options, String(part), (v) => {
      const next = [...parts];
      next[axis] = Number(v);
      requestSlice(next);
    });
  });
}

function requestSlice(parts: SlicePart[]): void {
  post({ type: 'slice', slice: formatSlice(parts) });
}

function renderImage(): void {
  image = undefined;
  if (!shown) return;
  const [rows, cols] = shown.view.viewShape;
  if (rows === 0 || cols === 0) return;
  image = document.createElement('canvas');
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
  if (!shown) return;
  const table = COLORMAPS[shown.scale.colormap];
  for (let i = 0; i < 256; i++) {
    context.fillStyle = `rgb(${table[i * 3]}, ${table[i * 3 + 1]}, ${table[i * 3 + 2]})`;
    context.fillRect(0, bar.height - 1 - i, bar.width, 1);
  }
  byId('bar-hi').textContent = formatNumber(scaleValue(1, shown.scale));
  byId('bar-lo').textContent = formatNumber(scaleValue(0, shown.scale));
}

function fit(): void {
  if (!shown) return;
  const [rows, cols] = shown.view.viewShape;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const scale = Math.max(1e-3, Math.min(width / Math.max(cols, 1), height / Math.max(rows, 1)));
  transform = { scale, x: (width - cols * scale) / 2, y: (height - rows * scale) / 2 };
}

/** Draws the image at the current zoom and pan, and marks NaN / Inf cells when they are big enough. */
function draw(): void {
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
  if (!shown || !image || !transform) return;
  const [rows, cols] = shown.view.viewShape;
  const { scale, x, y } = transform;
  context.imageSmoothingEnabled = false;
  context.drawImage(image, x, y, cols * scale, rows * scale);
  if (scale >= 8) markSpecials(context, rows, cols);
  if (hovered && scale >= 4) {
    context.strokeStyle = getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder') || '#007fd4';
    context.lineWidth = 1;
    context.strokeRect(x + hovered.col * scale + 0.5, y + hovered.row * scale + 0.5, scale - 1, scale - 1);
  }
}

/** A thin black frame inside each NaN / ±Inf cell, so they read as marks and not as data. */
function markSpecials(context: CanvasRenderingContext2D, rows: number, cols: number): void {
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

function cellAt(clientX: number, clientY: number): { row: number; col: number } | undefined {
  if (!shown || !transform) return undefined;
  const box = canvas.getBoundingClientRect();
  const col = Math.floor((clientX - box.left - transform.x) / transform.scale);
  const row = Math.floor((clientY - box.top - transform.y) / transform.scale);
  const [rows, cols] = shown.view.viewShape;
  return row >= 0 && col >= 0 && row < rows && col < cols ? { row, col } : undefined;
}

function isReduced(view: HeatmapView): boolean {
  return view.blocks[0] > 1 || view.blocks[1] > 1;
}

function describeCell(cell: { row: number; col: number }): string {
  if (!shown) return '';
  const { view, values } = shown;
  const cols = view.viewShape[1];
  const value = values[cell.row * cols + cell.col];
  const parts = parseSlice(view.slice);
  let where: string;
  if (isReduced(view)) {
    const [by, bx] = view.blocks;
    const first = fullIndex(parts, view.viewShape, cell.row * by, cell.col * bx);
    where = `[${first.join(',')}] block ${by}×${bx} mean`;
  } else {
    where = `[${fullIndex(parts, view.viewShape, cell.row, cell.col).join(',')}]`;
  }
  if (shown.diffFrom) {
    const before = shown.diffFrom[cell.row * cols + cell.col];
    const now = before + value;
    return `${where} Δ=${formatNumber(value)} (${formatNumber(before)} → ${formatNumber(now)})`;
  }
  return `${where} = ${formatNumber(value)}`;
}

function updateReadout(): void {
  readout.textContent = hovered ? describeCell(hovered) : '';
}

let editing: { index: number[] } | undefined;

function startEdit(cell: { row: number; col: number }): void {
  if (!current || !transform) return;
  if (isReduced(current)) {
    note.textContent = `Editing is off: this view is block-reduced (${current.blocks[0]}×${current.blocks[1]} elements per cell).`;
    return;
  }
  const parts = parseSlice(current.slice);
  const index = fullIndex(parts, current.viewShape, cell.row, cell.col);
  editing = { index };
  const value = floats(current)[cell.row * current.viewShape[1] + cell.col];
  editor.hidden = false;
  editor.value = formatNumberExact(value);
  const width = Math.max(80, transform.scale);
  editor.style.left = `${transform.x + cell.col * transform.scale}px`;
  editor.style.top = `${transform.y + cell.row * transform.scale}px`;
  editor.style.width = `${width}px`;
  editor.setAttribute('aria-label', `Value of [${index.join(',')}]`);
  editor.focus();
  editor.select();
}

function formatNumberExact(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  for (let digits = 1; digits < 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return String(short);
  }
  return String(value);
}

function finishEdit(commit: boolean): void {
  if (!editing) return;
  const { index } = editing;
  editing = undefined;
  const text = editor.value;
  editor.hidden = true;
  canvas.focus();
  if (!commit) return;
  const value = parseCellValue(text);
  if (value === undefined) {
    note.textContent = `Not a number: ${text}`;
    return;
  }
  post({ type: 'edit', index, value });
}

function renderAll(keepTransform: boolean): void {
  shown = computeShown();
  if (hovered && shown && (hovered.row >= shown.view.viewShape[0] || hovered.col >= shown.view.viewShape[1])) hovered = undefined;
  renderImage();
  renderHeader();
  renderAxisPickers();
  renderColorbar();
  if (!keepTransform || !transform) fit();
  draw();
  updateReadout();
}

function onMessage(message: HostToHeatmap): void {
  switch (message.type) {
    case 'view': {
      const sameCells =
        !!current &&
        current.slice === message.view.slice &&
        current.viewShape[0] === message.view.viewShape[0] &&
        current.viewShape[1] === message.view.viewShape[1];
      current = message.view;
      previous = message.previous;
      byId('summary').classList.remove('error');
      renderAll(sameCells);
      break;
    }
    case 'error':
      byId('summary').textContent = message.message;
      byId('summary').classList.add('error');
      break;
    case 'status':
      showStatus(note, message);
      break;
  }
}

onHostMessage<HostToHeatmap>(onMessage);

canvas.addEventListener('mousemove', (event) => {
  if (dragging) {
    if (transform) {
      transform.x += event.clientX - dragging.x;
      transform.y += event.clientY - dragging.y;
    }
    dragging = { x: event.clientX, y: event.clientY };
  }
  hovered = cellAt(event.clientX, event.clientY);
  updateReadout();
  draw();
});
canvas.addEventListener('mouseleave', () => {
  hovered = undefined;
  dragging = undefined;
  updateReadout();
  draw();
});

let dragging: { x: number; y: number } | undefined;
canvas.addEventListener('mousedown', (event) => {
  if (event.button === 0) dragging = { x: event.clientX, y: event.clientY };
});
window.addEventListener('mouseup', () => {
  dragging = undefined;
});

canvas.addEventListener(
  'wheel',
  (event) => {
    if (!transform) return;
    event.preventDefault();
    const box = canvas.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const factor = Math.exp(-event.deltaY * 0.0015);
    const scale = Math.min(512, Math.max(1e-3, transform.scale * factor));
    // Zoom about the cursor: the cell under it stays under it.
    transform = {
      scale,
      x: px - ((px - transform.x) * scale) / transform.scale,
      y: py - ((py - transform.y) * scale) / transform.scale,
    };
    draw();
  },
  { passive: false },
);

canvas.addEventListener('dblclick', (event) => {
  const cell = cellAt(event.clientX, event.clientY);
  if (cell) startEdit(cell);
});

editor.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') finishEdit(true);
  else if (event.key === 'Escape') finishEdit(false);
});
editor.addEventListener('blur', () => finishEdit(false));

scalingSelect.addEventListener('change', () => {
  state.scaling = scalingSelect.value === 'symmetric' ? 'symmetric' : 'linear';
  saveState();
  renderAll(true);
});
diffBox.addEventListener('change', () => {
  state.diff = diffBox.checked;
  saveState();
  renderAll(true);
});
byId('fit').addEventListener('click', () => {
  fit();
  draw();
});
byId('refresh').addEventListener('click', () => post({ type: 'refresh' }));
byId('export-npy').addEventListener('click', () => post({ type: 'export', format: 'npy' }));
byId('export-csv').addEventListener('click', () => post({ type: 'export', format: 'csv' }));

new ResizeObserver(() => {
  if (!transform) fit();
  draw();
}).observe(stage);

scalingSelect.value = state.scaling;
diffBox.checked = state.diff;
post({ type: 'ready' });
