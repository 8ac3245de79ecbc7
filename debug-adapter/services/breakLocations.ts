/**
 * Where V8 can break in a source-mapped script, and which authored line each such place is.
 * A compiler that puts a module on one generated line (esbuild through tsx) leaves V8 to
 * pick among breakable places that the source map alone gives to the wrong lines: V8 breaks
 * on `return y` at its end, the `}` of the line below; a class's field initializers end where
 * the next statement starts; `__name(scale, "scale")` runs at module load but maps to the
 * function's line. This table, read once per script (`Debugger.getPossibleBreakpoints` and
 * the script's text), gives breakpoints the exact place to bind for an authored line, and
 * stops and steps the authored line of the place they are at.
 */
import type { CdpConnection } from '../cdp/connection';
import { isEsbuildHelperCall } from './esbuildHelpers';
import { returnStatementEndingAt, scanBrackets } from './generatedCode';
import type { ScriptRegistry } from './scripts';
import type { MappedScript, OriginalPosition, SourceMaps } from './sourceMaps';

/** A place V8 can break at (CDP's 0-based line and column), with its authored position. */
export interface BreakLocation {
  lineNumber: number;
  columnNumber: number;
  authored?: OriginalPosition;
  /** Whether a breakpoint on its authored line may bind here (not compiler-made code). */
  bindable: boolean;
}

const before = (a: { lineNumber: number; columnNumber: number }, b: { lineNumber: number; columnNumber: number }): boolean =>
  a.lineNumber < b.lineNumber || (a.lineNumber === b.lineNumber && a.columnNumber < b.columnNumber);

/** The break locations of one script, in generated order. */
export class ScriptBreakLocations {
  private readonly byPosition = new Map<string, BreakLocation>();

  constructor(
    private readonly script: MappedScript,
    private readonly sourceMaps: SourceMaps,
    private readonly lines: readonly string[],
    private readonly locations: readonly BreakLocation[],
  ) {
    for (const location of locations) this.byPosition.set(`${location.lineNumber}:${location.columnNumber}`, location);
  }

  /** The location at a generated position, if V8 can break exactly there. */
  at(lineNumber: number, columnNumber: number): BreakLocation | undefined {
    return this.byPosition.get(`${lineNumber}:${columnNumber}`);
  }

  /**
   * Where a breakpoint on authored line `line` (1-based) of `filePath` binds: the first place
   * V8 can break on that line; for a line inside a statement that began above it (an
   * argument of a call spread over lines), the place that statement breaks at; otherwise,
   * as V8 would, the first place after the line's code (or after the next line with code).
   */
  forLine(filePath: string, line: number): BreakLocation | undefined {
    const ofFile = (location: BreakLocation): boolean => location.bindable && location.authored?.path === filePath;
    const onLine = this.locations.find((location) => ofFile(location) && location.authored?.line === line);
    if (onLine) return onLine;
    const start = this.sourceMaps.toGenerated(this.script, filePath, line);
    if (!start) return undefined;
    const previous = this.locations.filter((location) => before(location, start)).at(-1);
    if (previous && ofFile(previous) && previous.lineNumber === start.lineNumber) {
      const scan = scanBrackets(this.lines[start.lineNumber], previous.columnNumber, start.columnNumber);
      if (scan.lowest >= 0 && scan.depth > 0) return previous;
    }
    return this.locations.find((location) => ofFile(location) && !before(location, start));
  }
}

/** Reads and keeps the break locations of the program's source-mapped scripts. */
export class BreakLocations {
  private readonly loading = new Map<string, Promise<ScriptBreakLocations | undefined>>();
  private readonly loaded = new Map<string, ScriptBreakLocations>();

  constructor(
    private readonly connection: CdpConnection,
    private readonly scripts: ScriptRegistry,
    private readonly sourceMaps: SourceMaps,
  ) {}

  /** The table of a parsed script, read on first use; undefined for a script without a source map. */
  load(scriptId: string): Promise<ScriptBreakLocations | undefined> {
    const url = this.scripts.get(scriptId)?.url;
    const script = url ? this.sourceMaps.get(url) : undefined;
    if (!script) return Promise.resolve(undefined);
    let table = this.loading.get(scriptId);
    if (!table) {
      table = this.read(scriptId, script).catch(() => undefined);
      this.loading.set(scriptId, table);
    }
    return table;
  }

  /**
   * The authored position of a generated one (CDP's 0-based line and column): the table's
   * when the script's is loaded and V8 can break there, otherwise the source map's.
   */
  toOriginal(scriptId: string, lineNumber: number, columnNumber: number): OriginalPosition | undefined {
    const location = this.loaded.get(scriptId)?.at(lineNumber, columnNumber);
    if (location) return location.authored;
    const url = this.scripts.get(scriptId)?.url;
    return url ? this.sourceMaps.toOriginal(url, lineNumber, columnNumber) : undefined;
  }

  private async read(scriptId: string, script: MappedScript): Promise<ScriptBreakLocations> {
    const { scriptSource } = await this.connection.send('Debugger.getScriptSource', { scriptId });
    const { locations } = await this.connection.send('Debugger.getPossibleBreakpoints', {
      start: { scriptId, lineNumber: 0, columnNumber: 0 },
    });
    const lines = scriptSource.split('\n');
    const segmentStarts = new Map<number, number[]>();
    const startsOn = (lineNumber: number): number[] => {
      let starts = segmentStarts.get(lineNumber);
      if (!starts) segmentStarts.set(lineNumber, (starts = this.sourceMaps.segmentStarts(script, lineNumber)));
      return starts;
    };
    const placed = locations.map((location) =>
      this.placed(script, lines[location.lineNumber] ?? '', startsOn, location.lineNumber, location.columnNumber ?? 0, location.type),
    );
    const table = new ScriptBreakLocations(script, this.sourceMaps, lines, placed);
    this.loaded.set(scriptId, table);
    return table;
  }

  /** The authored position of one break location, and whether breakpoints may bind there. */
  private placed(
    script: MappedScript,
    code: string,
    startsOn: (lineNumber: number) => number[],
    lineNumber: number,
    columnNumber: number,
    type?: string,
  ): BreakLocation {
    const original = (column: number): OriginalPosition | undefined => this.sourceMaps.toOriginal(script.url, lineNumber, column);
    const at = (authored: OriginalPosition | undefined, bindable: boolean): BreakLocation => ({
      lineNumber,
      columnNumber,
      authored,
      bindable: bindable && authored !== undefined,
    });
    if (type !== 'return') return at(original(columnNumber), !isEsbuildHelperCall(code, columnNumber));
    const returnStart = returnStatementEndingAt(code, columnNumber, startsOn(lineNumber));
    if (returnStart !== undefined) return at(original(returnStart), true);
    // A function's own end is its `}`; any other end is of a function the compiler made (a
    // class's field initializers), which belongs to the code before it, not to what follows.
    if (code[columnNumber] === '}' || columnNumber === 0) return at(original(columnNumber), true);
    return at(original(columnNumber - 1), false);
  }
}
