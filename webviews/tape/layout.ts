/**
 * Positions for the tape graph's boxes, left to right: @dagrejs/dagre's layered layout (with
 * expanded line groups as compound nodes) up to `DAGRE_MAX_NODES` boxes; beyond that, or if
 * dagre fails (its recursion overflows the stack on long chains), a plain layered layout:
 * each box one column right of its furthest input, stacked in tape order. No DOM: it runs in
 * the layout worker, off the page's thread.
 */
import dagre from '@dagrejs/dagre';

/** Dagre takes about a second per 500 boxes here, and its recursion overflows near 2,000. */
export const DAGRE_MAX_NODES = 600;

const RANK_GAP = 48;
const NODE_GAP = 14;
const CLUSTER_PADDING = 10;
/** Room above a cluster's boxes for its title. */
export const CLUSTER_TITLE = 22;

export interface LayoutRequest {
  /** Boxes in tape order (sources first). */
  nodes: { key: string; width: number; height: number }[];
  /** Expanded groups: `members` are keys of `nodes`. */
  clusters: { key: string; members: string[] }[];
  edges: { from: string; to: string }[];
}

/** A rectangle by its centre. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutResult {
  boxes: Record<string, Box>;
  clusters: Record<string, Box>;
  /** One polyline per request edge, in the same order. */
  edges: { x: number; y: number }[][];
  width: number;
  height: number;
  /** Which layout ran. */
  engine: 'dagre' | 'layered';
}

export function layoutGraph(request: LayoutRequest): LayoutResult {
  if (request.nodes.length <= DAGRE_MAX_NODES) {
    try {
      return dagreLayout(request);
    } catch {
      // Stack overflow or a dagre bug: the plain layout below always succeeds.
    }
  }
  return layeredLayout(request);
}

function dagreLayout(request: LayoutRequest): LayoutResult {
  const graph = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  graph.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 8, marginy: 8 });
  for (const node of request.nodes) graph.setNode(node.key, { width: node.width, height: node.height });
  for (const cluster of request.clusters) {
    graph.setNode(cluster.key, { paddingTop: CLUSTER_TITLE });
    for (const member of cluster.members) graph.setParent(member, cluster.key);
  }
  request.edges.forEach((edge, i) => graph.setEdge(edge.from, edge.to, {}, String(i)));
  dagre.layout(graph);
  const boxes: Record<string, Box> = {};
  for (const node of request.nodes) boxes[node.key] = pick(graph.node(node.key));
  const clusters: Record<string, Box> = {};
  for (const cluster of request.clusters) clusters[cluster.key] = pick(graph.node(cluster.key));
  const edges = request.edges.map((edge, i) =>
    (graph.edge(edge.from, edge.to, String(i))?.points ?? []).map(({ x, y }: { x: number; y: number }) => ({ x, y })),
  );
  const { width = 0, height = 0 } = graph.graph();
  return { boxes, clusters, edges, width, height, engine: 'dagre' };
}

function pick(node: { x?: number; y?: number; width?: number; height?: number }): Box {
  return { x: node.x ?? 0, y: node.y ?? 0, width: node.width ?? 0, height: node.height ?? 0 };
}

/** Columns by longest path from the sources (in request order, so back edges are ignored). */
export function layeredLayout(request: LayoutRequest): LayoutResult {
  const index = new Map(request.nodes.map((node, i) => [node.key, i]));
  const rank = new Array<number>(request.nodes.length).fill(0);
  const inputs = request.nodes.map((): number[] => []);
  for (const edge of request.edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from !== undefined && to !== undefined && from < to) inputs[to].push(from);
  }
  for (let i = 0; i < rank.length; i++) for (const from of inputs[i]) rank[i] = Math.max(rank[i], rank[from] + 1);
  const columns: number[][] = [];
  rank.forEach((r, i) => (columns[r] ??= []).push(i));
  const boxes: Record<string, Box> = {};
  let x = 8;
  let height = 0;
  for (const column of columns) {
    if (!column) continue;
    const width = Math.max(...column.map((i) => request.nodes[i].width));
    let y = 8;
    for (const i of column) {
      const node = request.nodes[i];
      boxes[node.key] = { x: x + width / 2, y: y + node.height / 2, width: node.width, height: node.height };
      y += node.height + NODE_GAP;
    }
    height = Math.max(height, y);
    x += width + RANK_GAP;
  }
  const clusters: Record<string, Box> = {};
  for (const cluster of request.clusters) clusters[cluster.key] = enclose(cluster.members.map((key) => boxes[key]));
  const edges = request.edges.map((edge) => {
    const a = boxes[edge.from];
    const b = boxes[edge.to];
    return a && b
      ? [
          { x: a.x + a.width / 2, y: a.y },
          { x: b.x - b.width / 2, y: b.y },
        ]
      : [];
  });
  return { boxes, clusters, edges, width: x, height, engine: 'layered' };
}

function enclose(boxes: Box[]): Box {
  const left = Math.min(...boxes.map((b) => b.x - b.width / 2)) - CLUSTER_PADDING;
  const right = Math.max(...boxes.map((b) => b.x + b.width / 2)) + CLUSTER_PADDING;
  const top = Math.min(...boxes.map((b) => b.y - b.height / 2)) - CLUSTER_PADDING - CLUSTER_TITLE;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height / 2)) + CLUSTER_PADDING;
  return { x: (left + right) / 2, y: (top + bottom) / 2, width: right - left, height: bottom - top };
}
