/**
 * The parts of a bundled script by what they were made from (protocol ScriptCodeRanges), read
 * off its source map: each mapped segment is of its original file's kind, a segment or a
 * whole line the map gives no file for is the bundler's own code. The runtime looks a frame's
 * position up in them to tell tfjs's frames from the user's inside one bundle.
 */
import { decodedMappings, type TraceMap } from '@jridgewell/trace-mapping';
import type { CodeKind, ScriptCodeRanges } from '../../protocol/runtimeApi';

/** The script's ranges, given the kind of each of its map's sources (in the map's order). */
export function bundleRanges(map: TraceMap, sourceKinds: readonly CodeKind[]): ScriptCodeRanges {
  const ranges: ScriptCodeRanges = { starts: [], kinds: [] };
  let current: CodeKind | undefined;
  const start = (line: number, column: number, kind: CodeKind): void => {
    if (kind === current) return;
    current = kind;
    // V8's call sites count lines and columns from 1; source maps from 0.
    ranges.starts.push(line + 1, column + 1);
    ranges.kinds.push(kind);
  };
  decodedMappings(map).forEach((segments, line) => {
    if (segments.length === 0) start(line, 0, 'generated');
    for (const segment of segments) start(line, segment[0], segment.length === 1 ? 'generated' : (sourceKinds[segment[1]] ?? 'generated'));
  });
  return ranges;
}
