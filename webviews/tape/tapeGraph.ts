/**
 * A gradient tape as a graph, before layout: one node per op, one source node per tensor that
 * no op produced (the variables and the data), and one edge per tensor from the op that
 * produced it to each op that read it. Identity ops (the engine's clones: variable reads,
 * `tf.keep`) are the same tensor again, so they are left out and their readers read what the
 * clone was made of. Big tapes are collapsed by the source line that called
 * the ops: each line's ops become one box, expandable on its own. Pure (no DOM), so the
 * webview and the unit tests share it.
 */
import type { TapeBody } from '../../protocol/customRequests';
import type { TapeGradient, TapeNodeRecord, TapeSource, TapeTensor } from '../../protocol/runtimeApi';

/** Above this many norm, a gradient counts as exploding. */
export const EXPLODING_NORM = 1e3;
/** Below this norm, a gradient counts as vanishing. */
export const VANISHING_NORM = 1e-7;
/** Tapes with more nodes than this start collapsed by source line. */
export const COLLAPSE_THRESHOLD = 150;

/** What is wrong with a gradient, if anything: NaN/Inf or a large norm explode, a ≈0 norm vanishes. */
export type GradientMark = 'exploding' | 'vanishing';

export function gradientMark(gradient: TapeGradient | undefined): GradientMark | undefined {
  if (!gradient) return undefined;
  if (gradient.stats.nanCount > 0 || gradient.stats.infCount > 0 || !(gradient.norm <= EXPLODING_NORM)) return 'exploding';
  if (gradient.norm < VANISHING_NORM) return 'vanishing';
  return undefined;
}

/** `float32[64,16]`. */
export function describeTensor(tensor: Pick<TapeTensor, 'shape' | 'dtype'>): string {
  return `${tensor.dtype}[${tensor.shape.join(',')}]`;
}

/** `train.js:22` from a full path. */
export function shortLocation(source: { path: string; line: number }): string {
  return `${source.path.split(/[\\/]/).pop() ?? source.path}:${source.line}`;
}

interface BaseNode {
  /** Unique in the graph: `n<node id>`, `t<tensor id>` or `l<path>:<line>`. */
  key: string;
  /** First line of the box. */
  label: string;
  /** Second line of the box (a shape, or how many ops a group holds). */
  detail: string;
  /** The norm that colours the box (a group's: its largest). */
  norm?: number;
  mark?: GradientMark;
}

/** An op of the tape. */
export interface OpNode extends BaseNode {
  kind: 'op';
  record: TapeNodeRecord;
  /** The key of the line group it belongs to, when that line called two ops or more. */
  group?: string;
}

/** A tensor the computation read without producing it: a variable, a `tf.grads` x, or data. */
export interface SourceNode extends BaseNode {
  kind: 'source';
  tensor: TapeTensor;
  /** The entry of `sources`, when the gradient was taken with respect to this tensor. */
  source?: TapeSource;
}

/** The ops of one source line, drawn as one box while collapsed. */
export interface GroupNode extends BaseNode {
  kind: 'group';
  location: { path: string; line: number };
  /** Keys of its op nodes, in tape order. */
  members: string[];
}

export type GraphNode = OpNode | SourceNode | GroupNode;

/** A tensor (or, between collapsed groups, the tensors) flowing from one box to another. */
export interface GraphEdge {
  from: string;
  to: string;
  /** The first tensor it stands for, and how many it stands for. */
  tensor: TapeTensor;
  count: number;
}

/** The whole tape as a graph, and its line groups. */
export interface TapeGraph {
  tapeId: number;
  ops: OpNode[];
  /** How many Identity ops were left out. */
  identities: number;
  sources: SourceNode[];
  /** Line groups of two ops or more, in the order of their first op. */
  groups: GroupNode[];
  /** Tensor edges between op and source nodes. */
  edges: GraphEdge[];
}

function sourceLabel(tensor: TapeTensor, source: TapeSource | undefined): string {
  if (source?.label ?? source?.name) return source.label ?? source.name ?? '';
  return source ? `x #${tensor.id}` : `tensor #${tensor.id}`;
}

function groupKey(location: { path: string; line: number }): string {
  return `l${location.path}:${location.line}`;
}

/** The largest norm (NaN counts as largest) and the worst mark of some nodes. */
function summarise(nodes: BaseNode[]): { norm?: number; mark?: GradientMark } {
  let norm: number | undefined;
  let mark: GradientMark | undefined;
  for (const node of nodes) {
    if (node.norm !== undefined && (norm === undefined || Number.isNaN(node.norm) || node.norm > norm)) norm = node.norm;
    if (node.mark === 'exploding' || (node.mark === 'vanishing' && !mark)) mark = node.mark;
  }
  return { norm, mark };
}

/** `MatMul×2 Add×3`: what a group holds, most frequent first. */
function opCounts(ops: OpNode[]): string {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op.record.op, (counts.get(op.record.op) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([op, n]) => (n > 1 ? `${op}×${n}` : op))
    .join(' ');
}

/** The graph of one `tfjs/tape` answer. */
export function buildTapeGraph(tape: TapeBody): TapeGraph {
  const producer = new Map<number, string>();
  /** A clone's tensor id → the id of the tensor it was made of. */
  const original = new Map<number, TapeTensor>();
  const resolve = (tensor: TapeTensor): TapeTensor => original.get(tensor.id) ?? tensor;
  const kept = tape.nodes.filter((record) => {
    const isClone = record.op === 'Identity' && record.inputs.length === 1 && record.outputs.length === 1;
    if (isClone) original.set(record.outputs[0].id, resolve(record.inputs[0]));
    return !isClone;
  });
  const ops: OpNode[] = kept.map((record) => {
    const key = `n${record.id}`;
    for (const output of record.outputs) producer.set(output.id, key);
    const output = record.outputs[0];
    return {
      kind: 'op',
      key,
      label: record.op,
      detail: output ? `[${output.shape.join(',')}]` : '',
      norm: record.gradient?.norm,
      mark: gradientMark(record.gradient),
      record,
    };
  });
  const sourcesById = new Map(tape.sources.map((source) => [source.id, source]));
  const sources = new Map<number, SourceNode>();
  const edges: GraphEdge[] = [];
  for (const op of ops) {
    for (const input of op.record.inputs.map(resolve)) {
      let from = producer.get(input.id);
      if (!from) {
        let node = sources.get(input.id);
        if (!node) {
          const source = sourcesById.get(input.id);
          node = {
            kind: 'source',
            key: `t${input.id}`,
            label: sourceLabel(input, source),
            detail: `[${input.shape.join(',')}]`,
            norm: source?.gradient?.norm,
            mark: gradientMark(source?.gradient),
            tensor: input,
            source,
          };
          sources.set(input.id, node);
        }
        from = node.key;
      }
      edges.push({ from, to: op.key, tensor: input, count: 1 });
    }
  }
  const byLine = new Map<string, OpNode[]>();
  for (const op of ops) {
    if (!op.record.source) continue;
    const key = groupKey(op.record.source);
    byLine.set(key, [...(byLine.get(key) ?? []), op]);
  }
  const groups: GroupNode[] = [];
  for (const [key, members] of byLine) {
    if (members.length < 2) continue;
    const location = members[0].record.source as { path: string; line: number };
    for (const member of members) member.group = key;
    groups.push({
      kind: 'group',
      key,
      label: shortLocation(location),
      detail: `${members.length} ops: ${opCounts(members)}`,
      ...summarise(members),
      location,
      members: members.map((member) => member.key),
    });
  }
  return { tapeId: tape.id, ops, identities: tape.nodes.length - kept.length, sources: [...sources.values()], groups, edges };
}

/** What is drawn: boxes, the expanded groups they sit in, and the edges between boxes. */
export interface VisibleGraph {
  nodes: GraphNode[];
  /** Expanded groups: drawn as a frame around their ops, keyed by group key. */
  clusters: GroupNode[];
  /** The cluster each drawn op sits in. */
  parents: Map<string, string>;
  edges: GraphEdge[];
}

/**
 * The boxes to draw: with `collapse`, every line group not in `expanded` as one box (edges
 * between boxes merged, edges inside a box dropped); without, every op.
 */
export function visibleGraph(graph: TapeGraph, collapse: boolean, expanded: ReadonlySet<string>): VisibleGraph {
  const groupsByKey = new Map(graph.groups.map((group) => [group.key, group]));
  const shownAs = (key: string, group: string | undefined): string => (collapse && group !== undefined && !expanded.has(group) ? group : key);
  const representative = new Map<string, string>();
  const nodes: GraphNode[] = [...graph.sources];
  const parents = new Map<string, string>();
  const clusters = new Set<GroupNode>();
  const shownGroups = new Set<string>();
  for (const op of graph.ops) {
    const key = shownAs(op.key, op.group);
    representative.set(op.key, key);
    if (key === op.key) {
      nodes.push(op);
      if (collapse && op.group) {
        parents.set(op.key, op.group);
        clusters.add(groupsByKey.get(op.group) as GroupNode);
      }
    } else if (!shownGroups.has(key)) {
      shownGroups.add(key);
      nodes.push(groupsByKey.get(key) as GroupNode);
    }
  }
  const merged = new Map<string, GraphEdge>();
  for (const edge of graph.edges) {
    const from = representative.get(edge.from) ?? edge.from;
    const to = representative.get(edge.to) ?? edge.to;
    if (from === to) continue;
    const id = `${from}\n${to}`;
    const seen = merged.get(id);
    if (seen) seen.count += 1;
    else merged.set(id, { from, to, tensor: edge.tensor, count: 1 });
  }
  return { nodes, clusters: [...clusters], parents, edges: [...merged.values()] };
}

/** Whether a tape of this graph starts collapsed. */
export function startsCollapsed(graph: TapeGraph): boolean {
  return graph.ops.length + graph.sources.length > COLLAPSE_THRESHOLD;
}
