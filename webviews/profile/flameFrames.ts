/**
 * The profile's flame tree as the webview draws it: the host's `FlameData` buffers as typed
 * arrays (one entry per frame, depth first, the root first), plus each frame's start in
 * milliseconds from the program's start, its parent and the index just past its subtree, so
 * that a drawing or a hit test can skip a whole subtree in one step. Pure: no DOM, shared by
 * the webview and its tests.
 */
import type { FlameData } from '../../protocol/webviewMessages';
import { formatNumber } from '../../common/numberFormat';

export interface FlameFrames {
  /** How many frames (the root is frame 0). */
  size: number;
  names: string[];
  sources: { path: string; line: number }[];
  nameId: Int32Array;
  depth: Uint8Array;
  /** What each frame stands for (a {@link FlameKind}). */
  kind: Uint8Array;
  value: Float64Array;
  self: Float64Array;
  /** NaN where the profile did not count calls. */
  count: Float64Array;
  /** The GPU's time of the frame's timed kernels (NaN: none timed), and how many were timed. */
  gpu: Float64Array;
  gpuCount: Float64Array;
  /** -1 where the frame has no source line of its own. */
  sourceId: Int32Array;
  /** The shapes an op or kernel ran on (`[64,8] [8,16] → [64,16]`); `shapeId` indexes them, -1 for none. */
  shapes: string[][];
  shapeId: Int32Array;
  /** Milliseconds from the root's start: children stand side by side from their parent's. */
  start: Float64Array;
  parent: Int32Array;
  /** The index just past the frame's subtree. */
  end: Int32Array;
  /** The deepest row. */
  maxDepth: number;
}

/** Reads the host's buffers and lays the frames out, in one pass. */
export function decodeFlame(data: FlameData): FlameFrames {
  const size = data.size;
  const frames: FlameFrames = {
    size,
    names: data.names,
    sources: data.sources,
    nameId: new Int32Array(data.nameIds, 0, size),
    depth: new Uint8Array(data.depths, 0, size),
    kind: new Uint8Array(data.kinds, 0, size),
    value: new Float64Array(data.values, 0, size),
    self: new Float64Array(data.selfs, 0, size),
    count: new Float64Array(data.counts, 0, size),
    gpu: new Float64Array(data.gpus, 0, size),
    gpuCount: new Float64Array(data.gpuCounts, 0, size),
    sourceId: new Int32Array(data.sourceIds, 0, size),
    shapes: data.shapes,
    shapeId: new Int32Array(data.shapeIds, 0, size),
    start: new Float64Array(size),
    parent: new Int32Array(size),
    end: new Int32Array(size),
    maxDepth: 0,
  };
  // The open ancestors of frame i, and where each one's next child starts.
  const open: number[] = [];
  const nextStart: number[] = [];
  for (let i = 0; i < size; i++) {
    const depth = frames.depth[i];
    while (open.length > depth) frames.end[open.pop() as number] = i;
    nextStart.length = open.length;
    const parent = open.length > 0 ? open[open.length - 1] : -1;
    frames.parent[i] = parent;
    frames.start[i] = parent < 0 ? 0 : nextStart[open.length - 1];
    if (parent >= 0) nextStart[open.length - 1] += frames.value[i];
    open.push(i);
    nextStart.push(frames.start[i]);
    if (depth > frames.maxDepth) frames.maxDepth = depth;
  }
  while (open.length > 0) frames.end[open.pop() as number] = size;
  return frames;
}

/** The name of a frame. */
export function nameOf(frames: FlameFrames, frame: number): string {
  return frames.names[frames.nameId[frame]];
}

/** The frame, its ancestors up to the root, root first. */
export function ancestry(frames: FlameFrames, frame: number): number[] {
  const path: number[] = [];
  for (let at = frame; at >= 0; at = frames.parent[at]) path.unshift(at);
  return path;
}

/** The names from the root's child down to `frame`: a frame's address that survives a refresh. */
export function framePath(frames: FlameFrames, frame: number): string[] {
  return ancestry(frames, frame)
    .slice(1)
    .map((at) => nameOf(frames, at));
}

/** The frame at `path` (names below the root), or its deepest ancestor that exists. */
export function findPath(frames: FlameFrames, path: readonly string[]): number {
  let at = 0;
  for (const name of path) {
    let found = -1;
    for (let child = at + 1; child < frames.end[at]; child = frames.end[child]) {
      if (nameOf(frames, child) === name) {
        found = child;
        break;
      }
    }
    if (found < 0) break;
    at = found;
  }
  return at;
}

/** The source line of a frame: its own, or that of the nearest ancestor with one. */
export function sourceOf(frames: FlameFrames, frame: number): { path: string; line: number } | undefined {
  for (let at = frame; at >= 0; at = frames.parent[at]) if (frames.sourceId[at] >= 0) return frames.sources[frames.sourceId[at]];
  return undefined;
}

/** Which part of the canvas shows what: `zoom` spans the width, rows are `rowHeight` high. */
export interface FlameView {
  zoom: number;
  width: number;
  rowHeight: number;
}

/** The frame under the point (CSS pixels in the canvas), or -1. */
export function frameAt(frames: FlameFrames, view: FlameView, x: number, y: number): number {
  if (frames.size === 0 || x < 0 || x >= view.width || y < 0) return -1;
  const row = Math.floor(y / view.rowHeight);
  const zoomDepth = frames.depth[view.zoom];
  // Above the zoomed frame, its ancestors span the width.
  if (row <= zoomDepth) return ancestry(frames, view.zoom)[row] ?? -1;
  const scale = view.width / (frames.value[view.zoom] || 1);
  const origin = frames.start[view.zoom];
  let at = view.zoom;
  while (frames.depth[at] < row) {
    let next = -1;
    for (let child = at + 1; child < frames.end[at]; child = frames.end[child]) {
      const left = (frames.start[child] - origin) * scale;
      if (x >= left && x < left + frames.value[child] * scale) {
        next = child;
        break;
      }
    }
    if (next < 0) return -1;
    at = next;
  }
  return at;
}

/** Where a frame is drawn under `view` (CSS pixels), or undefined where it is not (outside the zoomed frame). */
export function frameBox(frames: FlameFrames, view: FlameView, frame: number): { x: number; y: number; w: number } | undefined {
  const y = frames.depth[frame] * view.rowHeight;
  if (frame <= view.zoom && frames.end[frame] > view.zoom) return { x: 0, y, w: view.width };
  if (frame < view.zoom || frame >= frames.end[view.zoom]) return undefined;
  const scale = view.width / (frames.value[view.zoom] || 1);
  return { x: (frames.start[frame] - frames.start[view.zoom]) * scale, y, w: frames.value[frame] * scale };
}

/** The frames whose name holds `query` (case-insensitive); none for an empty query. */
export function searchFrames(frames: FlameFrames, query: string): Uint8Array {
  const matches = new Uint8Array(frames.size);
  const needle = query.trim().toLowerCase();
  if (!needle) return matches;
  // Each distinct name is tested once.
  const matching = frames.names.map((name) => name.toLowerCase().includes(needle));
  for (let i = 0; i < frames.size; i++) if (matching[frames.nameId[i]]) matches[i] = 1;
  return matches;
}

/** Milliseconds as the panel shows them: 4 significant digits. */
export function formatMs(ms: number): string {
  return `${formatNumber(ms)} ms`;
}

/** A share as a percentage with one decimal. */
export function formatPercent(part: number, whole: number): string {
  return `${whole > 0 ? ((100 * part) / whole).toFixed(1) : '0.0'}%`;
}

/** The tooltip's lines for a frame: name, total and share, self, calls, shapes, source line. */
export function describeFrame(frames: FlameFrames, frame: number): string[] {
  const value = frames.value[frame];
  const lines = [nameOf(frames, frame), `total ${formatMs(value)} (${formatPercent(value, frames.value[0])} of total)`, `self ${formatMs(frames.self[frame])}`];
  if (!Number.isNaN(frames.count[frame])) lines.push(`calls ${frames.count[frame]}`);
  if (!Number.isNaN(frames.gpu[frame])) {
    const of = Number.isNaN(frames.count[frame]) ? '' : ` of ${frames.count[frame]}`;
    lines.push(`GPU ${formatMs(frames.gpu[frame])} (${frames.gpuCount[frame]}${of} kernels timed)`);
  }
  if (frames.shapeId[frame] >= 0) lines.push(...frames.shapes[frames.shapeId[frame]].map((signature) => `shapes ${signature}`));
  if (frames.sourceId[frame] >= 0) {
    const source = frames.sources[frames.sourceId[frame]];
    lines.push(`${source.path}:${source.line}`);
  }
  return lines;
}
