/**
 * What the heatmap page holds: its channel to the host, the settings that survive the panel
 * being hidden (scaling, diff), and the view drawn now with its zoom, hover, cell cursor and
 * edit.
 */
import type { Scaling } from '../../common/colormap';
import type { HeatmapToHost, HeatmapView } from '../../protocol/webviewMessages';
import { pageChannel } from '../shared/hostChannel';
import type { Shown } from './shownValues';

/** What survives the panel being hidden and shown again (besides the host's view). */
export interface SavedState {
  scaling: Scaling;
  diff: boolean;
}

/** Where the view is drawn: screen pixels per cell and the screen position of cell (0, 0)'s corner. */
export interface Transform {
  scale: number;
  x: number;
  y: number;
}

export interface Cell {
  row: number;
  col: number;
}

export const channel = pageChannel<HeatmapToHost, SavedState>();

export const settings: SavedState = {
  scaling: channel.saved.scaling === 'symmetric' ? 'symmetric' : 'linear',
  diff: channel.saved.diff === true,
};

/** The page's view of the tensor now. */
export const page: {
  current?: HeatmapView;
  previous?: HeatmapView;
  shown?: Shown;
  transform?: Transform;
  /** The transform follows the canvas's size (a fit the user has not zoomed or panned since). */
  fitted?: boolean;
  /** The canvas's size (CSS pixels) when the transform was last made or moved for it. */
  size?: { width: number; height: number };
  /** The view's cells as pixels, drawn scaled. */
  image?: HTMLCanvasElement;
  hovered?: Cell;
  /** The cell the keyboard is on, shared by the canvas and the values grid. */
  cursor?: Cell;
  /** Whether the values grid is shown under the picture. */
  valuesShown?: boolean;
  dragging?: { x: number; y: number };
  /** The element being edited, as an index into the full tensor, and where focus goes back after. */
  editing?: { index: number[]; returnTo: HTMLElement };
} = {};

export function saveSettings(): void {
  channel.save(settings);
}
