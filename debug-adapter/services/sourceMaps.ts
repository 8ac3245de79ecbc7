/**
 * Source maps of the program's scripts (TypeScript through tsx, compiled output), read with
 * @jridgewell/trace-mapping: generated script positions ↔ positions in the authored files,
 * for breakpoints set in those files and for stack frames shown in them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allGeneratedPositionsFor, decodedMappings, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { pathOfUrl } from './scripts';

/** A script with its source map and the files it was made from. */
export interface MappedScript {
  /** The script's URL as V8 names it. */
  url: string;
  map: TraceMap;
  /** Absolute paths of its authored files, in the map's source order. */
  sources: string[];
}

/** A position in an authored file; line 1-based, column 0-based. */
export interface OriginalPosition {
  path: string;
  line: number;
  column: number;
}

/** How far below a line with no code a breakpoint may move to the next line that has some. */
const maxLineShift = 50;

/** Files whose scripts are always compiled from them, never run as they are. */
export function isAuthoredOnly(filePath: string): boolean {
  return /\.(ts|mts|cts|tsx)$/.test(filePath);
}

/** The text of a `data:` URL (a source map inlined in its script). */
export function dataUrlText(url: string): string {
  const comma = url.indexOf(',');
  const meta = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
}

function readSourceMap(scriptUrl: string, sourceMapURL: string): { json: string; mapUrl: string } | undefined {
  if (sourceMapURL.startsWith('data:')) return { json: dataUrlText(sourceMapURL), mapUrl: scriptUrl };
  const mapUrl = new URL(sourceMapURL, scriptUrl).href;
  if (!mapUrl.startsWith('file:')) return undefined;
  return { json: fs.readFileSync(fileURLToPath(mapUrl), 'utf8'), mapUrl };
}

export class SourceMaps {
  private readonly byUrl = new Map<string, MappedScript>();
  private readonly bySource = new Map<string, MappedScript[]>();

  /** Reads and keeps a script's source map; undefined when it cannot be read. */
  load(scriptUrl: string, sourceMapURL: string): MappedScript | undefined {
    const known = this.byUrl.get(scriptUrl);
    if (known) return known;
    let read: ReturnType<typeof readSourceMap>;
    try {
      read = readSourceMap(scriptUrl, sourceMapURL);
    } catch {
      return undefined;
    }
    return read && this.add(scriptUrl, read.json, read.mapUrl, (source) => pathOfUrl(source) ?? path.resolve(source));
  }

  /**
   * Keeps a script's source map read elsewhere (a page's, over HTTP), in place of one the
   * script's URL had; `sourcePath` names each of its sources (resolved against `mapUrl`).
   * Undefined when the map does not parse.
   */
  add(scriptUrl: string, json: string, mapUrl: string, sourcePath: (source: string) => string): MappedScript | undefined {
    let script: MappedScript;
    try {
      const map = new TraceMap(json, mapUrl);
      script = { url: scriptUrl, map, sources: map.resolvedSources.map(sourcePath) };
    } catch {
      return undefined;
    }
    const replaced = this.byUrl.get(scriptUrl);
    if (replaced)
      for (const source of replaced.sources)
        this.bySource.set(
          source,
          this.scriptsOf(source).filter((other) => other !== replaced),
        );
    this.byUrl.set(scriptUrl, script);
    for (const source of script.sources) this.bySource.set(source, [...this.scriptsOf(source), script]);
    return script;
  }

  get(scriptUrl: string): MappedScript | undefined {
    return this.byUrl.get(scriptUrl);
  }

  /** The loaded scripts made from an authored file. */
  scriptsOf(filePath: string): MappedScript[] {
    return this.bySource.get(filePath) ?? [];
  }

  /** The authored position of a generated one (line and column 0-based, as CDP has them). */
  toOriginal(scriptUrl: string, lineNumber: number, columnNumber: number): OriginalPosition | undefined {
    const script = this.byUrl.get(scriptUrl);
    if (!script) return undefined;
    const found = originalPositionFor(script.map, { line: lineNumber + 1, column: columnNumber });
    if (found.source === null || found.line === null) return undefined;
    const index = script.map.resolvedSources.indexOf(found.source);
    return { path: index >= 0 ? script.sources[index] : found.source, line: found.line, column: found.column ?? 0 };
  }

  /** The columns where the source map's segments begin on a generated line (0-based). */
  segmentStarts(script: MappedScript, lineNumber: number): number[] {
    return (decodedMappings(script.map)[lineNumber] ?? []).map((segment) => segment[0]);
  }

  /**
   * The first generated position of authored line `line` (1-based) of `filePath` in a
   * script, or of the next line below that has code; CDP's 0-based line and column.
   */
  toGenerated(script: MappedScript, filePath: string, line: number): { lineNumber: number; columnNumber: number } | undefined {
    const index = script.sources.indexOf(filePath);
    if (index < 0) return undefined;
    const source = script.map.resolvedSources[index];
    for (let candidate = line; candidate < line + maxLineShift; candidate++) {
      const positions = allGeneratedPositionsFor(script.map, { source, line: candidate, column: 0, bias: LEAST_UPPER_BOUND });
      const valid = positions.filter((p) => p.line !== null);
      if (valid.length === 0) continue;
      const first = valid.reduce((a, b) => (b.line < a.line || (b.line === a.line && b.column < a.column) ? b : a));
      return { lineNumber: first.line - 1, columnNumber: first.column };
    }
    return undefined;
  }
}
