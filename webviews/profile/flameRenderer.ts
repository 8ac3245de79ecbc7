/**
 * Draws the flame graph (an icicle: the program on top, kernels at the bottom) on a 2-D
 * canvas. Only frames at least half a pixel wide are drawn apart; a narrower frame is not
 * visited further (its subtree is narrower still) and joins its neighbours of the same row in
 * one grey block, so a draw costs about one step per pixel of width and row, however many
 * frames the profile holds. In high-contrast themes every block gets a border; the keyboard's
 * frame gets a dashed ring, even when it is too narrow to be drawn apart.
 */
import type { FlameKind } from '../../protocol/webviewMessages';
import { DIMMED_COLOR, MATCH_COLOR, MERGED_COLOR, cssColor, frameColor } from './flameColors';
import { ancestry, frameBox, nameOf, type FlameFrames, type FlameView } from './flameFrames';

/** Height of a row of frames, in CSS pixels. */
export const ROW_HEIGHT = 22;
/** Frames narrower than this (CSS pixels) are merged with their neighbours. */
export const MIN_FRAME_WIDTH = 0.5;
/** Labels are written in frames at least this wide. */
const MIN_LABEL_WIDTH = 24;
const LABEL_PADDING = 4;

export interface DrawOptions {
  /** 1 for each frame matching the search; undefined when no search is on. */
  matches: Uint8Array | undefined;
  /** The frame to outline, or -1. */
  selected: number;
  /** The keyboard's frame, ringed with a dashed line, or -1. */
  cursor: number;
  textColor: string;
  outlineColor: string;
  /** A border around every block (high-contrast themes), or none. */
  borderColor: string | undefined;
  font: string;
}

/** What a draw put on the canvas. */
export interface DrawCounts {
  /** Frames drawn apart. */
  drawn: number;
  /** Blocks of merged narrow frames drawn. */
  merged: number;
}

const colorCache = new Map<string, string>();

function colorOf(name: string, kind: FlameKind): string {
  const key = `${kind}\u0000${name}`;
  let color = colorCache.get(key);
  if (color === undefined) {
    color = cssColor(frameColor(name, kind));
    colorCache.set(key, color);
  }
  return color;
}

/** Draws the frames of `view` into `context` (already scaled to CSS pixels and cleared). */
export function drawFlame(context: CanvasRenderingContext2D, frames: FlameFrames, view: FlameView, options: DrawOptions): DrawCounts {
  const counts: DrawCounts = { drawn: 0, merged: 0 };
  if (frames.size === 0) return counts;
  const { width, rowHeight } = view;
  const { matches } = options;
  const scale = width / (frames.value[view.zoom] || 1);
  const origin = frames.start[view.zoom];
  context.font = options.font;
  context.textBaseline = 'middle';
  const labels: { x: number; y: number; w: number; name: string }[] = [];
  let outline: { x: number; y: number; w: number } | undefined;
  const { borderColor } = options;
  const block = (x: number, y: number, w: number): void => {
    context.fillRect(x, y, Math.max(w - 1, MIN_FRAME_WIDTH), rowHeight - 1);
    if (!borderColor || w < 3) return;
    context.strokeStyle = borderColor;
    context.lineWidth = 1;
    context.strokeRect(x + 0.5, y + 0.5, w - 2, rowHeight - 2);
  };

  const fill = (frame: number, x: number, w: number): void => {
    const depth = frames.depth[frame];
    const name = nameOf(frames, frame);
    context.fillStyle = matches ? cssColor(matches[frame] ? MATCH_COLOR : DIMMED_COLOR) : colorOf(name, frames.kind[frame]);
    const y = depth * rowHeight;
    // A pixel of gap to the right and below keeps neighbours apart.
    block(x, y, w);
    counts.drawn++;
    if (w >= MIN_LABEL_WIDTH) labels.push({ x, y, w, name });
    if (frame === options.selected) outline = { x, y, w };
  };

  // Runs of narrow frames per row, as [left, right] in pixels, drawn once they end.
  const runLeft = new Float64Array(frames.maxDepth + 1).fill(NaN);
  const runRight = new Float64Array(frames.maxDepth + 1);
  const flush = (depth: number): void => {
    if (Number.isNaN(runLeft[depth])) return;
    if (runRight[depth] - runLeft[depth] >= MIN_FRAME_WIDTH) {
      context.fillStyle = cssColor(MERGED_COLOR);
      block(runLeft[depth], depth * rowHeight, runRight[depth] - runLeft[depth]);
      counts.merged++;
    }
    runLeft[depth] = NaN;
  };
  const merge = (depth: number, x: number, w: number): void => {
    if (!Number.isNaN(runLeft[depth]) && x > runRight[depth] + MIN_FRAME_WIDTH) flush(depth);
    if (Number.isNaN(runLeft[depth])) runLeft[depth] = x;
    runRight[depth] = Math.max(runRight[depth], x + w);
  };

  // The zoomed frame's ancestors span the width above it.
  for (const frame of ancestry(frames, view.zoom)) fill(frame, 0, width);
  for (let frame = view.zoom + 1; frame < frames.end[view.zoom];) {
    const x = (frames.start[frame] - origin) * scale;
    const w = frames.value[frame] * scale;
    if (w < MIN_FRAME_WIDTH) {
      merge(frames.depth[frame], x, w);
      frame = frames.end[frame];
      continue;
    }
    // A wide frame ends the narrow run before it on its row.
    flush(frames.depth[frame]);
    fill(frame, x, w);
    frame++;
  }
  for (let depth = 0; depth <= frames.maxDepth; depth++) flush(depth);

  context.fillStyle = options.textColor;
  for (const { x, y, w, name } of labels) {
    const room = w - 2 * LABEL_PADDING;
    context.fillText(fitLabel(context, name, room), x + LABEL_PADDING, y + rowHeight / 2, room);
  }
  if (outline) {
    context.strokeStyle = options.outlineColor;
    context.lineWidth = 2;
    context.strokeRect(outline.x + 1, outline.y + 1, Math.max(outline.w - 3, 1), rowHeight - 3);
  }
  const ring = options.cursor >= 0 ? frameBox(frames, view, options.cursor) : undefined;
  if (ring) {
    context.strokeStyle = options.outlineColor;
    context.lineWidth = 2;
    context.setLineDash([4, 3]);
    context.strokeRect(ring.x + 1, ring.y + 1, Math.max(ring.w - 3, 2), rowHeight - 3);
    context.setLineDash([]);
  }
  return counts;
}

/** `name`, or as much of it as fits in `room` pixels followed by an ellipsis. */
function fitLabel(context: CanvasRenderingContext2D, name: string, room: number): string {
  if (context.measureText(name).width <= room) return name;
  const perChar = context.measureText('x').width || 6;
  const chars = Math.max(0, Math.floor(room / perChar) - 1);
  return chars > 0 ? `${name.slice(0, chars)}…` : '';
}
