/**
 * Joins the frames of a flame tree that name the same thing under one parent. The runtime
 * keeps each call's line and column (a TypeScript module run through tsx is one generated
 * line), so two calls on one authored line arrive as two frames until their positions are
 * mapped: users read the profile by line, so they become one frame, with their times, calls,
 * shapes and children joined.
 */
import type { FlameNode } from '../../protocol/runtimeApi';

/** How many shape signatures a joined frame keeps, as the runtime keeps per frame. */
const keptShapes = 4;

function keyOf(frame: FlameNode): string {
  return `${frame.kind ?? ''}\n${frame.name}\n${frame.source?.path ?? ''}:${frame.source?.line ?? ''}`;
}

/** Joins `from` into `into` (same key). */
function join(into: FlameNode, from: FlameNode): void {
  into.valueMs += from.valueMs;
  into.selfMs += from.selfMs;
  if (into.count !== undefined || from.count !== undefined) into.count = (into.count ?? 0) + (from.count ?? 0);
  if (from.gpuCount !== undefined) {
    into.gpuMs = (into.gpuMs ?? 0) + (from.gpuMs ?? 0);
    into.gpuCount = (into.gpuCount ?? 0) + from.gpuCount;
  }
  if (from.shapes) into.shapes = [...new Set([...(into.shapes ?? []), ...from.shapes])].slice(0, keptShapes);
  if (into.source && from.source && (from.source.column ?? 0) < (into.source.column ?? 0)) into.source.column = from.source.column;
  into.children.push(...from.children);
}

/** Joins same-named siblings at every level, and sorts each level by time again where it joined. */
export function mergeSameFrames(frame: FlameNode): void {
  if (frame.children.length > 1) {
    const byKey = new Map<string, FlameNode>();
    const kept: FlameNode[] = [];
    for (const child of frame.children) {
      const key = keyOf(child);
      const first = byKey.get(key);
      if (first) join(first, child);
      else {
        byKey.set(key, child);
        kept.push(child);
      }
    }
    if (kept.length < frame.children.length) frame.children = kept.sort((a, b) => b.valueMs - a.valueMs);
  }
  frame.children.forEach(mergeSameFrames);
}
