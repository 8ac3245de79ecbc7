/**
 * What the gradient tape page holds: its channel to the host, the tape shown and its graph,
 * the colour scale of its norms, and the view state that survives the panel being hidden.
 */
import type { TapeBody } from '../../protocol/customRequests';
import type { TapeToHost } from '../../protocol/webviewMessages';
import { pageChannel } from '../shared/hostChannel';
import type { ViewTransform } from './graphView';
import type { NormScale } from './normScale';
import type { GraphNode, TapeGraph } from './tapeGraph';

/** What survives the panel being hidden and shown again, for the tape it was about. */
export interface SavedState {
  tapeId?: number;
  /** `ops/sources` of that tape: a tape of the same size (the next training step) keeps the view. */
  size?: string;
  view?: ViewTransform;
  selected?: string;
  expanded: string[];
  grouped?: boolean;
}

export const channel = pageChannel<TapeToHost, SavedState>();

export const page: { state: SavedState; tape?: TapeBody; graph?: TapeGraph; scale: NormScale } = {
  state: { ...channel.saved, expanded: Array.isArray(channel.saved.expanded) ? channel.saved.expanded : [] },
  scale: { lo: 0, hi: 1 },
};

export function saveState(): void {
  channel.save(page.state);
}

/** The op or source of the graph shown with this key. */
export function nodeByKey(key: string | undefined): GraphNode | undefined {
  const { graph } = page;
  if (!graph || !key) return undefined;
  return graph.ops.find((op) => op.key === key) ?? graph.sources.find((source) => source.key === key);
}
