/**
 * Lays out what the tape graph shows now (collapsed groups, expanded ones) and draws it. The
 * layout runs in the worker the page is handed (dagre is slow on big graphs), or on the page
 * when there is none; a layout that a newer one has overtaken is not drawn.
 */
import { showStatus } from '../shared/hostChannel';
import { nodeSize, type GraphView } from './graphView';
import { layoutGraph, type LayoutRequest, type LayoutResult } from './layout';
import { status, workerUri } from './tapePage';
import { page } from './tapeState';
import { visibleGraph, type VisibleGraph } from './tapeGraph';

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

/** Lays out and draws, in `view`, what the graph shows now (collapsed groups, expanded ones). */
export async function render(view: GraphView): Promise<void> {
  const { graph, state } = page;
  if (!graph) return;
  const id = ++renderId;
  const shown = visibleGraph(graph, state.grouped === true, new Set(state.expanded));
  showStatus(status, { message: `Laying out ${shown.nodes.length} boxes…` });
  try {
    const layout = await layOut(layoutRequest(shown));
    if (id !== renderId) return;
    view.draw(shown, layout, page.scale, page.state.selected);
    if (page.state.view) view.setView(page.state.view);
    else view.fit();
    const hidden = graph.ops.length - shown.nodes.filter((node) => node.kind === 'op').length;
    showStatus(status, {
      message: `${shown.nodes.length} boxes, ${shown.edges.length} edges${hidden ? ` (${hidden} ops in collapsed lines: click one to expand)` : ''}`,
    });
  } catch (error) {
    if (id === renderId) showStatus(status, { message: `Layout failed: ${error instanceof Error ? error.message : String(error)}`, error: true });
  }
}
