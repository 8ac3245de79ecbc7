/**
 * Line breakpoints by source file. Each is set with `Debugger.setBreakpointByUrl` on a URL
 * pattern that matches the file whether Node names it by path or by `file://` URL, so it
 * binds in scripts not yet loaded; V8 moves it to the nearest breakable line, and that
 * move is reported back through {@link BreakpointManager.onChanged}.
 */
import { pathToFileURL } from 'node:url';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { CdpConnection } from '../cdp/connection';
import { type BreakpointConditions, compileCondition, hitConditionProblem } from './breakpointCondition';

/** One requested line breakpoint, lines 1-based. */
export interface LineBreakpointRequest extends BreakpointConditions {
  line: number;
  column?: number;
}

interface BoundBreakpoint {
  dapId: number;
  cdpId: string;
  verified: boolean;
  line: number;
  path: string;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A URL regex that matches a file by its path or by its `file://` URL. */
export function urlRegexForPath(filePath: string): string {
  return `^(?:${escapeRegex(pathToFileURL(filePath).href)}|${escapeRegex(filePath)})$`;
}

export class BreakpointManager {
  private nextId = 1;
  private readonly byPath = new Map<string, BoundBreakpoint[]>();
  private readonly byCdpId = new Map<string, BoundBreakpoint>();
  private changedListener: (breakpoint: DebugProtocol.Breakpoint) => void = () => undefined;

  constructor(private readonly connection: CdpConnection) {
    connection.on('Debugger.breakpointResolved', ({ breakpointId, location }) => {
      const bound = this.byCdpId.get(breakpointId);
      if (!bound || bound.verified) return;
      bound.verified = true;
      bound.line = location.lineNumber + 1;
      this.changedListener({ id: bound.dapId, verified: true, line: bound.line });
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
      this.byCdpId.delete(old.cdpId);
      await this.connection.send('Debugger.removeBreakpoint', { breakpointId: old.cdpId }).catch(() => undefined);
    }
    const urlRegex = urlRegexForPath(filePath);
    const bound: BoundBreakpoint[] = [];
    const answers: DebugProtocol.Breakpoint[] = [];
    for (const request of requests) {
      const dapId = this.nextId++;
      const problem = request.hitCondition ? hitConditionProblem(request.hitCondition) : undefined;
      if (problem) {
        answers.push({ id: dapId, verified: false, line: request.line, message: problem });
        continue;
      }
      try {
        const { breakpointId, locations } = await this.connection.send('Debugger.setBreakpointByUrl', {
          urlRegex,
          lineNumber: request.line - 1,
          columnNumber: request.column !== undefined ? request.column - 1 : undefined,
          condition: compileCondition(dapId, request),
        });
        const resolved = locations[0];
        const breakpoint: BoundBreakpoint = {
          dapId,
          cdpId: breakpointId,
          verified: resolved !== undefined,
          line: resolved ? resolved.lineNumber + 1 : request.line,
          path: filePath,
        };
        bound.push(breakpoint);
        this.byCdpId.set(breakpointId, breakpoint);
        answers.push({ id: dapId, verified: breakpoint.verified, line: breakpoint.line });
      } catch (error) {
        answers.push({ id: dapId, verified: false, line: request.line, message: (error as Error).message });
      }
    }
    this.byPath.set(filePath, bound);
    return answers;
  }
}
