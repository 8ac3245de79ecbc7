/**
 * Line breakpoints by source file. Each is set with `Debugger.setBreakpointByUrl` on a URL
 * pattern that matches the file whether Node names it by path or by `file://` URL, so it
 * binds in scripts not yet loaded; V8 moves it to the nearest breakable line, and that
 * move is reported back through {@link BreakpointManager.onChanged}.
 */
import { pathToFileURL } from 'node:url';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { CdpConnection } from '../cdp/connection';

/** One requested line breakpoint, lines 1-based. */
export interface LineBreakpointRequest {
  line: number;
  column?: number;
  condition?: string;
}

interface BoundBreakpoint {
  dapId: number;
  cdpId: string;
  verified: boolean;
  line: number;
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
      try {
        const { breakpointId, locations } = await this.connection.send('Debugger.setBreakpointByUrl', {
          urlRegex,
          lineNumber: request.line - 1,
          columnNumber: request.column !== undefined ? request.column - 1 : undefined,
          condition: request.condition,
        });
        const resolved = locations[0];
        const breakpoint: BoundBreakpoint = {
          dapId,
          cdpId: breakpointId,
          verified: resolved !== undefined,
          line: resolved ? resolved.lineNumber + 1 : request.line,
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
