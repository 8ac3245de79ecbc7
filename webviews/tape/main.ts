/**
 * The gradient tape webview: the ops of one recorded gradient computation as a left-to-right
 * graph coloured by the norm of the gradient reaching each op (log scale), exploding and
 * vanishing gradients marked; the trainable variables with their gradient norms; details of
 * the picked op with buttons that open its value or gradient in the heatmap panel and its
 * line in the editor. Big tapes start collapsed by source line. The layout runs in a worker
 * (dagre is slow on big graphs); zoom, pan, selection and expanded groups survive the panel
 * being hidden (vscode.setState). It speaks only the typed messages of
 * protocol/webviewMessages.ts with the extension host.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { TapeBody } from '../../protocol/customRequests';
import { formatNumber } from '../../common/numberFormat';
import type { TapeGradient } from '../../protocol/runtimeApi';
import type { HostToTape, TapeToHost } from '../../protocol/webviewMessages';
import { COLORMAPS, tableColor } from '../../common/colormap';
import { byId, onHostMessage, showStatus, vscodeApi } from '../shared/hostChannel';
import { presentTensor } from '../../common/tensorSlices';
import { GraphView, nodeSize, type ViewTransform } from './graphView';
import { layoutGraph, type LayoutRequest, type LayoutResult } from './layout';
import { normScale, type NormScale } from './normScale';
import {
  EXPLODING_NORM,
  VANISHING_NORM,
  buildTapeGraph,
  describeTensor,
  shortLocation,
  startsCollapsed,
  visibleGraph,
  type GraphNode,
  type TapeGraph,
  type VisibleGraph,
} from './tapeGraph';

/** What survives the panel being hidden and shown again, for the tape it was about. */
interface SavedState {
  tapeId?: number;
  /** `ops/sources` of that tape: a tape of the same size (the next training step) keeps the view. */
  size?: string;
  view?: ViewTransform;
  selected?: string;
  expanded: string[];
  grouped?: boolean;
}

const vscode = vscodeApi<TapeToHost>();
const saved = (vscode.getState() ?? {}) as Partial<SavedState>;
let state: SavedState = { ...saved, expanded: Array.isArray(saved.expanded) ? saved.expanded : [] };

let tape: TapeBody | undefined;
let graph: TapeGraph | undefined;
let scale: NormScale = { lo: 0, hi: 1 };

const app = document.getElementById('app') ?? document.body;
const workerUri = app.dataset.worker;
app.innerHTML = `
<header class="toolbar">
  <label class="field">Tape <vscode-single-select id="tape-select"></vscode-single-select></label>
  <vscode-checkbox id="grouped">Group by source line</vscode-checkbox>
  <vscode-button id="fit" secondary>Fit</vscode-button>
  <vscode-button id="refresh" secondary>Refresh</vscode-button>
  <span id="summary" class="summary"></span>
</header>
<div class="legend" id="legend">
  <span class="legend-item">‖gradient‖ <span id="scale-lo"></span><canvas id="scale-bar" width="120" height="10"></canvas><span id="scale-hi"></span> (log)</span>
  <span class="legend-item"><span class="swatch exploding"></span>exploding: ‖g‖ &gt; ${formatNumber(EXPLODING_NORM)} or NaN/Inf</span>
  <span class="legend-item"><span class="swatch vanishing"></span>vanishing: ‖g‖ &lt; ${formatNumber(VANISHING_NORM)}</span>
  <span class="legend-item"><span class="swatch no-gradient"></span>no gradient</span>
</div>
<div class="main">
  <div class="stage" id="stage"><div id="empty" class="empty" hidden></div></div>
  <aside class="side">
    <section>
      <h3>Trainable variables</h3>
      <ul id="variables" class="variables"></ul>
    </section>
    <section>
      <h3 id="details-title">Details</h3>
      <dl id="details" class="details"></dl>
      <div class="actions">
        <vscode-button id="show-value" disabled>Show value</vscode-button>
        <vscode-button id="show-gradient" disabled>Show gradient</vscode-button>
        <vscode-button id="go-to-source" secondary disabled>Go to source</vscode-button>
      </div>
    </section>
  </aside>
</div>
<footer class="footer"><span id="status" class="status"></span></footer>`;

type Button = HTMLElement & { disabled: boolean };
const stage = byId<HTMLDivElement>('stage');
const empty = byId<HTMLDivElement>('empty');
const status = byId<HTMLSpanElement>('status');
const tapeSelect = byId<HTMLElement & { value: string }>('tape-select');
const groupedBox = byId<HTMLElement & { checked: boolean }>('grouped');
const showValue = byId<Button>('show-value');
const showGradient = byId<Button>('show-gradient');
const goToSource = byId<Button>('go-to-source');

function post(message: TapeToHost): void {
  vscode.postMessage(message);
}

function saveState(): void {
  vscode.setState(state);
}

const view = new GraphView(stage, {
  onPick(node) {
    if (node.kind === 'group') {
      state.expanded = [...state.expanded, node.key];
      saveState();
      void render();
      return;
    }
    select(node.key);
  },
  onCollapse(group) {
    state.expanded = state.expanded.filter((key) => key !== group.key);
    if (state.selected && graph?.ops.find((op) => op.key === state.selected)?.group === group.key) state.selected = undefined;
    saveState();
    void render();
  },
  onView(transform) {
    state.view = transform;
    saveState();
  },
});

// ---- layout, off the page's thread ----

/** The worker from `data-worker`: fetched and started from a blob (webviews cannot start one from their resource origin). */
const worker: Promise<Worker | undefined> = workerUri
  ? fetch(workerUri)
      .then((response) => response.text())
      .then((code) => new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' }))))
      .catch(() => undefined)
  : Promise.resolve(undefined);
let layoutId = 0;

async function layOut(request: LayoutRequest): Promise<LayoutResult> {
  const running = await worker;
  // Without a worker (none offered, or it failed to start) the page lays out itself.
  if (!running) return layoutGraph(request);
  const id = ++layoutId;
  return new Promise((resolve, reject) => {
    const listener = (event: MessageEvent<{ id: number; result?: LayoutResult; error?: string }>) => {
      if (event.data.id !== id) return;
      running.removeEventListener('message', listener);
      if (event.data.result) resolve(event.data.result);
      else reject(new Error(event.data.error ?? 'layout failed'));
    };
    running.addEventListener('message', listener);
    running.postMessage({ id, request });
  });
}

function layoutRequest(shown: VisibleGraph): LayoutRequest {
  return {
    nodes: shown.nodes.map((node) => ({ key: node.key, ...nodeSize(node) })),
    clusters: shown.clusters.map((group) => ({ key: group.key, members: group.members.filter((key) => shown.parents.get(key) === group.key) })),
    edges: shown.edges.map(({ from, to }) => ({ from, to })),
  };
}

let renderId = 0;

/** Lays out and draws what the graph shows now (collapsed groups, expanded ones). */
async function render(): Promise<void> {
  if (!graph) return;
  const id = ++renderId;
  const shown = visibleGraph(graph, state.grouped === true, new Set(state.expanded));
  showStatus(status, { message: `Laying out ${shown.nodes.length} boxes…` });
  try {
    const layout = await layOut(layoutRequest(shown));
    if (id !== renderId) return;
    view.draw(shown, layout, scale, state.selected);
    if (state.view) view.setView(state.view);
    else view.fit();
    const hidden = graph.ops.length - shown.nodes.filter((node) => node.kind === 'op').length;
    showStatus(status, { message: `${shown.nodes.length} boxes, ${shown.edges.length} edges${hidden ? ` (${hidden} ops in collapsed lines: click one to expand)` : ''}` });
  } catch (error) {
    if (id === renderId) showStatus(status, { message: `Layout failed: ${error instanceof Error ? error.message : String(error)}`, error: true });
  }
}

// ---- side panel ----

function nodeByKey(key: string | undefined): GraphNode | undefined {
  if (!graph || !key) return undefined;
  return graph.ops.find((op) => op.key === key) ?? graph.sources.find((source) => source.key === key);
}

function gradientText(gradient: TapeGradient | undefined): string {
  if (!gradient) return 'none reached it';
  return `‖g‖=${formatNumber(gradient.norm)} ${presentTensor('float32', gradient.shape, gradient.stats)}`;
}

function renderDetails(): void {
  const details = byId('details');
  details.replaceChildren();
  const node = nodeByKey(state.selected);
  const rows: [string, string, string?][] = [];
  let title = 'Details';
  if (node?.kind === 'op') {
    const { record } = node;
    title = `${record.op} (node ${record.id})`;
    rows.push(['outputs', record.outputs.map((t) => `${describeTensor(t)} #${t.id}`).join(', ')]);
    rows.push(['inputs', record.inputs.map((t) => `${describeTensor(t)} #${t.id}`).join(', ')]);
    rows.push(['gradient', gradientText(record.gradient)]);
    rows.push(['source', record.source ? shortLocation(record.source) : 'unknown', record.source?.path]);
  } else if (node?.kind === 'source') {
    title = node.source?.variable ? `Variable ${node.label}` : node.source ? `Source ${node.label}` : `Input ${node.label}`;
    rows.push(['tensor', `${describeTensor(node.tensor)} #${node.tensor.id}`]);
    rows.push(['gradient', node.source ? gradientText(node.source.gradient) : 'not taken (not a source of the gradient)']);
  }
  byId('details-title').textContent = title;
  for (const [name, value, hover] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    if (hover) dd.title = hover;
    details.append(dt, dd);
  }
  if (!node) details.textContent = 'Click an op or a variable in the graph.';
  // The runtime keeps forward values of op outputs, and gradients of op outputs and sources.
  showValue.disabled = node?.kind !== 'op';
  showGradient.disabled = !(node?.kind === 'op' ? node.record.gradient : node?.kind === 'source' && node.source?.gradient);
  goToSource.disabled = !(node?.kind === 'op' && node.record.source);
}

function renderVariables(): void {
  const list = byId('variables');
  list.replaceChildren();
  for (const source of graph?.sources.filter((node) => node.source) ?? []) {
    const item = document.createElement('li');
    item.dataset.key = source.key;
    item.className = ['variable', source.mark ?? ''].filter(Boolean).join(' ');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = source.label;
    const shape = document.createElement('span');
    shape.className = 'shape';
    shape.textContent = describeTensor(source.tensor);
    const norm = document.createElement('span');
    norm.className = 'norm';
    norm.textContent = source.source?.gradient ? `‖g‖=${formatNumber(source.source.gradient.norm)}` : 'no gradient';
    item.append(name, shape, norm);
    if (source.mark) {
      const mark = document.createElement('span');
      mark.className = `mark ${source.mark}`;
      mark.textContent = source.mark;
      item.append(mark);
    }
    item.addEventListener('click', () => {
      select(source.key);
      view.centreOn(source.key);
    });
    list.append(item);
  }
  if (!list.childElementCount) list.textContent = 'none';
}

function select(key: string | undefined): void {
  state.selected = key;
  saveState();
  view.select(key);
  byId('variables').querySelectorAll('li').forEach((item) => item.classList.toggle('selected', item.dataset.key === key));
  renderDetails();
}

function renderLegend(): void {
  const bar = byId<HTMLCanvasElement>('scale-bar');
  const context = bar.getContext('2d');
  if (context) {
    for (let x = 0; x < bar.width; x++) {
      const [r, g, b] = tableColor(COLORMAPS.viridis, Math.round((x / (bar.width - 1)) * 255));
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      context.fillRect(x, 0, 1, bar.height);
    }
  }
  byId('scale-lo').textContent = formatNumber(10 ** scale.lo);
  byId('scale-hi').textContent = formatNumber(10 ** scale.hi);
}

function renderTapeSelect(body: TapeBody): void {
  const options = Array.from({ length: body.count }, (_, i) => {
    const option = document.createElement('vscode-option') as HTMLElement;
    option.setAttribute('value', String(i));
    option.textContent = `${i + 1} of ${body.count}${i === body.count - 1 ? ' (last)' : ''}`;
    if (i === body.index) option.setAttribute('selected', '');
    return option;
  });
  tapeSelect.replaceChildren(...options);
  tapeSelect.value = String(body.index);
}

function showTape(body: TapeBody): void {
  tape = body;
  graph = buildTapeGraph(body);
  const size = `${graph.ops.length}/${graph.sources.length}`;
  if (state.tapeId !== body.id && state.size !== size) {
    // Another computation: what was saved was about the old one.
    state = { expanded: [], grouped: startsCollapsed(graph) };
  }
  state.tapeId = body.id;
  state.size = size;
  saveState();
  state.grouped ??= startsCollapsed(graph);
  if (!nodeByKey(state.selected)) state.selected = undefined;
  scale = normScale([...graph.ops, ...graph.sources].map((node) => node.norm));
  empty.hidden = true;
  stage.classList.remove('is-empty');
  groupedBox.checked = state.grouped;
  const variables = body.sources.filter((source) => source.variable).length;
  const identities = graph.identities ? ` (${graph.identities} Identity ops left out)` : '';
  const recording = body.inProgress ? ' — being recorded: the forward pass so far, no gradients yet' : '';
  byId('summary').textContent = `tape #${body.id}: ${graph.ops.length} ops, ${variables} variables${identities}${recording}`;
  renderTapeSelect(body);
  renderLegend();
  renderVariables();
  renderDetails();
  void render();
}

function showEmpty(message: string): void {
  tape = undefined;
  graph = undefined;
  empty.textContent = message;
  empty.hidden = false;
  stage.classList.add('is-empty');
  byId('summary').textContent = '';
  tapeSelect.replaceChildren();
  renderVariables();
  renderDetails();
  showStatus(status, { message: '' });
}

onHostMessage<HostToTape>((message) => {
  switch (message.type) {
    case 'tape':
      showTape(message.tape);
      break;
    case 'error':
      showEmpty(message.message);
      break;
    case 'status':
      showStatus(status, message);
      break;
  }
});

// ---- controls ----

function selectedOp(): GraphNode | undefined {
  return nodeByKey(state.selected);
}

showValue.addEventListener('click', () => {
  const node = selectedOp();
  if (tape && node?.kind === 'op' && node.record.outputs[0]) post({ type: 'showTensor', tapeId: tape.id, tensorId: node.record.outputs[0].id, kind: 'value' });
});
showGradient.addEventListener('click', () => {
  const node = selectedOp();
  if (!tape) return;
  if (node?.kind === 'op' && node.record.outputs[0]) post({ type: 'showTensor', tapeId: tape.id, tensorId: node.record.outputs[0].id, kind: 'gradient' });
  else if (node?.kind === 'source') post({ type: 'showTensor', tapeId: tape.id, tensorId: node.tensor.id, kind: 'gradient' });
});
goToSource.addEventListener('click', () => {
  const node = selectedOp();
  if (node?.kind === 'op' && node.record.source) post({ type: 'goToSource', path: node.record.source.path, line: node.record.source.line });
});
tapeSelect.addEventListener('change', () => {
  const index = Number(tapeSelect.value);
  if (Number.isSafeInteger(index) && index !== tape?.index) post({ type: 'selectTape', index });
});
groupedBox.addEventListener('change', () => {
  state.grouped = groupedBox.checked;
  state.view = undefined;
  saveState();
  void render();
});
byId('fit').addEventListener('click', () => view.fit());
byId('refresh').addEventListener('click', () => post({ type: 'refresh' }));

renderDetails();
post({ type: 'ready' });
