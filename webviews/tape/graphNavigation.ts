/**
 * Where the keys move the keyboard's box in the tape graph. The graph reads left to right, so
 * the keys follow what the eye sees: Left goes to an input of the box (the producer of a
 * tensor it reads), Right to a consumer (a box that reads its output); of several, the one
 * nearest in height, earlier in tape order on a tie. Up and Down go to the nearest box above
 * or below in the same column; Home and End to the first and last box in tape order. A move
 * with nowhere to go stays on the box. Pure (no DOM), so it is tested alone.
 */
import type { Box } from './layout';

export type GraphMove = 'input' | 'consumer' | 'above' | 'below' | 'first' | 'last';

/** The keys the graph answers, and the move each makes. */
export const KEY_MOVES: Readonly<Record<string, GraphMove>> = {
  ArrowLeft: 'input',
  ArrowRight: 'consumer',
  ArrowUp: 'above',
  ArrowDown: 'below',
  Home: 'first',
  End: 'last',
};

/** The drawn graph as the moves see it. */
export interface NavigableGraph {
  /** Keys of the drawn boxes, in tape order (sources first). */
  order: readonly string[];
  edges: readonly { from: string; to: string }[];
  boxes: Readonly<Record<string, Box>>;
}

function nearestInHeight(graph: NavigableGraph, from: Box, candidates: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of graph.order) {
    if (!candidates.has(key)) continue;
    const distance = Math.abs(graph.boxes[key].y - from.y);
    if (distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  return best;
}

/** Whether two boxes share a column: each one's centre lies within the other's width. */
function sameColumn(a: Box, b: Box): boolean {
  return Math.abs(a.x - b.x) < Math.min(a.width, b.width) / 2;
}

/** The box `move` goes to from `key` (`key` itself where there is none). */
export function moveFrom(graph: NavigableGraph, key: string, move: GraphMove): string {
  if (move === 'first') return graph.order[0] ?? key;
  if (move === 'last') return graph.order[graph.order.length - 1] ?? key;
  const from = graph.boxes[key];
  if (!from) return key;
  if (move === 'input' || move === 'consumer') {
    const ends = graph.edges.filter((edge) => (move === 'input' ? edge.to : edge.from) === key).map((edge) => (move === 'input' ? edge.from : edge.to));
    return nearestInHeight(graph, from, new Set(ends)) ?? key;
  }
  let best = key;
  let bestDistance = Infinity;
  for (const other of graph.order) {
    const box = graph.boxes[other];
    if (other === key || !box || !sameColumn(box, from)) continue;
    const distance = move === 'above' ? from.y - box.y : box.y - from.y;
    if (distance > 0 && distance < bestDistance) {
      best = other;
      bestDistance = distance;
    }
  }
  return best;
}
