/**
 * Line breakpoints by source file. A breakpoint in a file that runs as it is gets
 * `Debugger.setBreakpointByUrl` on a URL pattern that matches the file by path or by
 * `file://` URL, so it binds in scripts not yet loaded. A breakpoint in an authored file
 * (TypeScript) binds in each script whose source map names that file, at the exact place
 * V8 can break for its line ({@link ScriptBreakLocations.forLine}), before the script runs:
 * an ES module is parsed when its map is known (V8 pauses it before it runs); a CommonJS
 * module is announced before it compiles, so a one-off breakpoint on its first line stops it
 * once parsed, for its breakpoints to bind there. V8 moves breakpoints to the nearest
 * breakable position; the move, in the authored file, is reported through
 * {@link BreakpointManager.onChanged}.
 */
import { pathToFileURL } from 'node:url';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
import type { CdpConnection } from '../cdp/connection';
import { escapeRegex } from './escapeRegex';
import { type BreakpointConditions, breakpointCondition, hitConditionProblem } from '../../runtime/adapterCode';
import type { BreakLocations, ScriptBreakLocations } from './breakLocations';
import type { ScriptRegistry } from './scripts';
import { isAuthoredOnly, type MappedScript, type SourceMaps } from './sourceMaps';

/** One requested line breakpoint, lines 1-based. */
export interface LineBreakpointRequest extends BreakpointConditions {
  line: number;
  column?: number;
}

interface UserBreakpoint {
  dapId: number;
  path: string;
  request: LineBreakpointRequest;
  /** The CDP breakpoints that stand for it: one per script it binds in. */
  cdpIds: string[];
  verified: boolean;
  line: number;
}

/** A URL regex that matches a file by its path or by its `file://` URL. */
export function urlRegexForPath(filePath: string): string {
  return `^(?:${escapeRegex(pathToFileURL(filePath).href)}|${escapeRegex(filePath)})$`;
}

export class BreakpointManager {
  private nextId = 1;
  private readonly byPath = new Map<string, UserBreakpoint[]>();
  private readonly byCdpId = new Map<string, UserBreakpoint>();
  /** The breakpoints on the first line of mapped scripts not yet parsed, by CDP id. */
  private readonly entryProbes = new Map<string, MappedScript>();
  private changedListener: (breakpoint: DebugProtocol.Breakpoint) => void = () => undefined;

  constructor(
    private readonly connection: CdpConnection,
    private readonly scripts: ScriptRegistry,
    private readonly sourceMaps: SourceMaps,
    private readonly breakLocations: BreakLocations,
  ) {
    connection.on('Debugger.breakpointResolved', ({ breakpointId, location }) => {
      const breakpoint = this.byCdpId.get(breakpointId);
      if (breakpoint) this.resolved(breakpoint, location);
    });
  }

  /** Called when a breakpoint set earlier is verified (its script loaded) or moved. */
  onChanged(listener: (breakpoint: DebugProtocol.Breakpoint) => void): void {
    this.changedListener = listener;
  }

  /** Where a breakpoint is, by its DAP id (for a logpoint's output). */
  location(dapId: number): { path: string; line: number } | undefined {
    for (const breakpoints of this.byPath.values()) {
      const found = breakpoints.find((breakpoint) => breakpoint.dapId === dapId);
      if (found) return { path: found.path, line: found.line };
    }
    return undefined;
  }

  /** Whether a CDP breakpoint id is one of the user's. */
  isUserBreakpoint(cdpId: string): boolean {
    return this.byCdpId.has(cdpId);
  }

  /** Replaces the breakpoints of one file. */
  async setForFile(filePath: string, requests: readonly LineBreakpointRequest[]): Promise<DebugProtocol.Breakpoint[]> {
    for (const old of this.byPath.get(filePath) ?? []) {
      for (const cdpId of old.cdpIds) {
        this.byCdpId.delete(cdpId);
        await this.connection.send('Debugger.removeBreakpoint', { breakpointId: cdpId }).catch(() => undefined);
      }
    }
    const breakpoints: UserBreakpoint[] = [];
    const answers: DebugProtocol.Breakpoint[] = [];
    for (const request of requests) {
      const breakpoint: UserBreakpoint = { dapId: this.nextId++, path: filePath, request, cdpIds: [], verified: false, line: request.line };
      const problem = request.hitCondition ? hitConditionProblem(request.hitCondition) : undefined;
      if (problem) {
        answers.push({ id: breakpoint.dapId, verified: false, line: request.line, message: problem });
        continue;
      }
      breakpoints.push(breakpoint);
      try {
        if (!isAuthoredOnly(filePath)) {
          await this.bind(breakpoint, urlRegexForPath(filePath), request.line - 1, request.column !== undefined ? request.column - 1 : undefined);
        }
        for (const script of this.sourceMaps.scriptsOf(filePath)) await this.bindInScript(breakpoint, script);
        answers.push({ id: breakpoint.dapId, verified: breakpoint.verified, line: breakpoint.line });
      } catch (error) {
        answers.push({ id: breakpoint.dapId, verified: false, line: request.line, message: (error as Error).message });
      }
    }
    this.byPath.set(filePath, breakpoints);
    return answers;
  }

  /** Binds the breakpoints of a newly mapped script's authored files. */
  async bindMappedScript(script: MappedScript): Promise<void> {
    for (const source of script.sources) {
      for (const breakpoint of this.byPath.get(source) ?? []) await this.bindInScript(breakpoint, script, true).catch(() => undefined);
    }
  }

  /**
   * At a pause: binds the breakpoints of the scripts whose entry probes it hit. Answers
   * whether the probes were all the pause was for (then the program should go on).
   */
  async enteredScripts(hitBreakpoints: readonly string[]): Promise<boolean> {
    const probes = hitBreakpoints.filter((id) => this.entryProbes.has(id));
    for (const id of probes) {
      const script = this.entryProbes.get(id) as MappedScript;
      this.entryProbes.delete(id);
      await this.connection.send('Debugger.removeBreakpoint', { breakpointId: id }).catch(() => undefined);
      await this.bindMappedScript(script);
    }
    return probes.length > 0 && probes.length === hitBreakpoints.length;
  }

  /** Binds in one mapped script; `report` tells the change (a breakpoint answered earlier). */
  private async bindInScript(breakpoint: UserBreakpoint, script: MappedScript, report = false): Promise<void> {
    const table = await this.tableOf(script);
    const location = table?.forLine(breakpoint.path, breakpoint.request.line);
    if (location) await this.bind(breakpoint, `^${escapeRegex(script.url)}$`, location.lineNumber, location.columnNumber, report);
  }

  /** A parsed script's break locations; for one not parsed yet, an entry probe instead. */
  private async tableOf(script: MappedScript): Promise<ScriptBreakLocations | undefined> {
    const scriptId = this.scripts.idOf(script.url);
    if (scriptId !== undefined) return this.breakLocations.load(scriptId);
    if (![...this.entryProbes.values()].includes(script)) {
      const { breakpointId } = await this.connection.send('Debugger.setBreakpointByUrl', {
        urlRegex: `^${escapeRegex(script.url)}$`,
        lineNumber: 0,
        columnNumber: 0,
      });
      this.entryProbes.set(breakpointId, script);
    }
    return undefined;
  }

  private async bind(breakpoint: UserBreakpoint, urlRegex: string, lineNumber: number, columnNumber: number | undefined, report = false): Promise<void> {
    const { breakpointId, locations } = await this.connection.send('Debugger.setBreakpointByUrl', {
      urlRegex,
      lineNumber,
      columnNumber,
      condition: breakpointCondition(breakpoint.dapId, breakpoint.request),
    });
    breakpoint.cdpIds.push(breakpointId);
    this.byCdpId.set(breakpointId, breakpoint);
    for (const location of locations) this.resolved(breakpoint, location, report);
  }

  /** Marks a breakpoint bound at `location`, reporting the change unless asked not to. */
  private resolved(breakpoint: UserBreakpoint, location: Protocol.Debugger.Location, report = true): void {
    const original = this.breakLocations.toOriginal(location.scriptId, location.lineNumber, location.columnNumber ?? 0);
    const line = original ? (original.path === breakpoint.path ? original.line : breakpoint.line) : location.lineNumber + 1;
    if (breakpoint.verified && breakpoint.line === line) return;
    breakpoint.verified = true;
    breakpoint.line = line;
    if (report) this.changedListener({ id: breakpoint.dapId, verified: true, line });
  }
}
