/**
 * The gradient tape webview: the ops of one recorded gradient computation as a left-to-right
 * graph coloured by the norm of the gradient reaching each op (log scale), exploding and
 * vanishing gradients marked; the trainable variables with their gradient norms; details of
 * the picked op with buttons that open its value or gradient in the heatmap panel and its
 * line in the editor. Big tapes start collapsed by source line. The layout runs in a worker
 * (dagre is slow on big graphs); zoom, pan, selection and expanded groups survive the panel
 * being hidden (vscode.setState). For keyboards and screen readers: the graph's keyboard ring
 * announced in a live readout, and "List", the tape as a list that picks as the graph does. It speaks only the typed messages of
 * protocol/webviewMessages.ts with the extension host. This module shows what the host sends
 * and wires the graph, the side panel and the controls together.
 */
import type { TapeBody } from '../../protocol/customRequests';
import type { HostToTape } from '../../protocol/webviewMessages';
import { byId, showStatus } from '../shared/hostChannel';
import { showOrigin } from '../shared/originLine';
import { onRememberedHostMessages } from '../shared/pageMemory';
import { render } from './graphLayout';
import { GraphView } from './graphView';
import { describeNode } from './nodeDescription';
import { NodeList } from './nodeList';
import { normScale } from './normScale';
import { markSelectedVariable, renderDetails, renderVariables } from './sidePanel';
import { renderLegend, renderTapeSelect } from './tapeHeader';
import { buildTapeGraph, startsCollapsed } from './tapeGraph';
import {
  empty,
  goToSource,
  graphReadout,
  groupedBox,
  listToggle,
  nodeListElement,
  nodeListView,
  showGradient,
  showValue,
  stage,
  status,
  tapeSelect,
} from './tapePage';
import { channel, nodeByKey, page, saveState } from './tapeState';

const view = new GraphView(stage, {
  onPick(node) {
    if (node.kind === 'group') {
      page.state.expanded = [...page.state.expanded, node.key];
      saveState();
      void render(view);
      return;
    }
    select(node.key);
  },
  onCollapse(group) {
    const { state } = page;
    state.expanded = state.expanded.filter((key) => key !== group.key);
    if (state.selected && page.graph?.ops.find((op) => op.key === state.selected)?.group === group.key) state.selected = undefined;
    saveState();
    void render(view);
  },
  onView(transform) {
    page.state.view = transform;
    saveState();
  },
  onFocus(node) {
    graphReadout.textContent = describeNode(node, node.key === page.state.selected);
  },
});

const nodeList = new NodeList(nodeListElement, pickFromList);

function select(key: string | undefined): void {
  page.state.selected = key;
  saveState();
  view.select(key);
  view.refocus();
  markSelectedVariable(key);
  nodeList.markSelected(key);
  renderDetails();
}

/** A row of the list picks its op; an op of a collapsed line opens the line, so that the graph shows it. */
function pickFromList(key: string): void {
  const group = page.graph?.ops.find((op) => op.key === key)?.group;
  const { state } = page;
  if (group && state.grouped && !state.expanded.includes(group)) {
    state.expanded = [...state.expanded, group];
    void render(view);
  }
  select(key);
}

function showList(shown: boolean): void {
  nodeListView.hidden = !shown;
  stage.classList.toggle('as-list', shown);
  listToggle.setAttribute('aria-pressed', String(shown));
  // A pressed toggle looks like a primary button.
  listToggle.secondary = !shown;
  if (shown) nodeList.render(page.graph, page.state.selected);
}

function pickVariable(key: string): void {
  select(key);
  view.centreOn(key);
}

function showTape(body: TapeBody): void {
  page.tape = body;
  const graph = buildTapeGraph(body);
  page.graph = graph;
  const size = `${graph.ops.length}/${graph.sources.length}`;
  if (page.state.tapeId !== body.id && page.state.size !== size) {
    // Another computation: what was saved was about the old one.
    page.state = { expanded: [], grouped: startsCollapsed(graph) };
  }
  const { state } = page;
  state.tapeId = body.id;
  state.size = size;
  saveState();
  state.grouped ??= startsCollapsed(graph);
  if (!nodeByKey(state.selected)) state.selected = undefined;
  page.scale = normScale([...graph.ops, ...graph.sources].map((node) => node.norm));
  empty.hidden = true;
  stage.classList.remove('is-empty');
  groupedBox.checked = state.grouped;
  const variables = body.sources.filter((source) => source.variable).length;
  const identities = graph.identities ? ` (${graph.identities} Identity ops left out)` : '';
  const recording = body.inProgress ? ' — being recorded: the forward pass so far, no gradients yet' : '';
  byId('summary').textContent = `tape #${body.id}: ${graph.ops.length} ops, ${variables} variables${identities}${recording}`;
  renderTapeSelect(body);
  renderLegend(page.scale);
  renderVariables(pickVariable);
  renderDetails();
  if (!nodeListView.hidden) nodeList.render(graph, state.selected);
  void render(view);
}

function showEmpty(message: string): void {
  page.tape = undefined;
  page.graph = undefined;
  empty.textContent = message;
  empty.hidden = false;
  stage.classList.add('is-empty');
  byId('summary').textContent = '';
  tapeSelect.replaceChildren();
  nodeList.render(undefined, undefined);
  renderVariables(pickVariable);
  renderDetails();
  showStatus(status, { message: '' });
}

const showKept = onRememberedHostMessages<HostToTape>(channel, {
  tape: (message) => showTape(message.tape),
  error: (message) => showEmpty(message.message),
  status: (message) => showStatus(status, message),
  origin: (message) => showOrigin(message.origin),
});

// ---- controls ----

function showTensor(kind: 'value' | 'gradient'): void {
  const { tape } = page;
  const node = nodeByKey(page.state.selected);
  if (!tape) return;
  const output = node?.kind === 'op' ? node.record.outputs[0] : undefined;
  // A source has a gradient but no value the runtime keeps.
  const tensorId = output ? output.id : kind === 'gradient' && node?.kind === 'source' ? node.tensor.id : undefined;
  if (tensorId !== undefined) channel.post({ type: 'showTensor', tapeId: tape.id, tensorId, kind });
}

showValue.addEventListener('click', () => showTensor('value'));
showGradient.addEventListener('click', () => showTensor('gradient'));
goToSource.addEventListener('click', () => {
  const node = nodeByKey(page.state.selected);
  if (node?.kind === 'op' && node.record.source) channel.post({ type: 'goToSource', path: node.record.source.path, line: node.record.source.line });
});
tapeSelect.addEventListener('change', () => {
  const index = Number(tapeSelect.value);
  if (Number.isSafeInteger(index) && index !== page.tape?.index) channel.post({ type: 'selectTape', index });
});
groupedBox.addEventListener('change', () => {
  page.state.grouped = groupedBox.checked;
  page.state.view = undefined;
  saveState();
  void render(view);
});
byId('fit').addEventListener('click', () => view.fit());
listToggle.addEventListener('click', () => showList(nodeListView.hidden));
byId('refresh').addEventListener('click', () => channel.post({ type: 'refresh' }));

renderDetails();
showKept();
channel.post({ type: 'ready' });
