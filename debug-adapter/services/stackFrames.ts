/**
 * The call frames of the current stop, as DAP stack frames and scopes. Frame ids are valid
 * for one stop only; the runtime's own frames are hidden, and frames of scripts that are
 * not files (Node internals) get a source reference so their code can still be shown.
 * Frames of source-mapped scripts are shown at their authored positions, and their scopes
 * say to leave out the compiler's helpers.
 */
import { layerApplyName } from '../../protocol/runtimeApi';
import * as path from 'node:path';
import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
import type { BreakLocations } from './breakLocations';
import type { ScriptRegistry } from './scripts';
import type { SourceMaps } from './sourceMaps';

type CallFrame = Protocol.Debugger.CallFrame;

const scopeNames: Record<Protocol.Debugger.Scope['type'], string> = {
  local: 'Local',
  closure: 'Closure',
  block: 'Block',
  catch: 'Catch',
  script: 'Script',
  module: 'Module',
  global: 'Global',
  with: 'With Block',
  eval: 'Eval',
  'wasm-expression-stack': 'Wasm Stack',
};

/** A scope of a frame, by the remote object holding its variables. */
export interface FrameScope {
  name: string;
  objectId: string;
  callFrameId: string;
  /** Index in the frame's scope chain, as `Debugger.setVariableValue` counts. */
  scopeNumber: number;
  expensive: boolean;
  presentationHint?: 'locals';
  /** Whether esbuild's helpers (`__defProp`, `__toESM`, …) are left out: scopes of a source-mapped script. */
  hidesEsbuildHelpers: boolean;
}

/** The scopes where a compiler puts its helpers: the function's, a closure's, the module's. */
const helperScopes = new Set<Protocol.Debugger.Scope['type']>(['local', 'closure', 'module']);

export class StackFrames {
  private frames = new Handles<CallFrame>();
  private readonly sourceRefs = new Handles<string>();
  private readonly sourceRefByScript = new Map<string, number>();
  private current: CallFrame[] = [];

  constructor(
    private readonly scripts: ScriptRegistry,
    private readonly sourceMaps: SourceMaps,
    private readonly breakLocations: BreakLocations,
    /** Whether a script is skipped, by its URL (undefined for a script never announced). */
    private readonly isSkipped: (url: string | undefined) => boolean,
  ) {}

  /**
   * The frames of a new stop, the runtime's own left out, but for its wrapper of a layer's
   * `apply` on top (a layer breakpoint's stop with no line of the program on the stack: the
   * frame holds the layer and its inputs); `all` keeps every frame, so that the frames of a
   * stop another debugger shows line up with its own one by one.
   */
  update(callFrames: CallFrame[], all = false): void {
    this.frames.reset();
    this.current = all
      ? callFrames
      : callFrames.filter((frame, i) => !this.scripts.isRuntime(frame.location.scriptId) || (i === 0 && frame.functionName === layerApplyName));
  }

  /** Forgets the frames when the program runs on. */
  clear(): void {
    this.frames.reset();
    this.current = [];
  }

  get isPaused(): boolean {
    return this.current.length > 0;
  }

  /** Whether the top frame is in a skipped script. */
  get topIsSkipped(): boolean {
    const top = this.current[0];
    return top !== undefined && this.frameIsSkipped(top);
  }

  /** Whether the top frame's caller, the frame a step out of it returns to, is the user's. */
  get callerIsUser(): boolean {
    const caller = this.current[1];
    return caller !== undefined && !this.frameIsSkipped(caller);
  }

  /** Whether any frame of the stop is the user's. */
  get hasUserFrame(): boolean {
    return this.current.some((frame) => !this.frameIsSkipped(frame));
  }

  /** The top frame, if paused. */
  get top(): CallFrame | undefined {
    return this.current[0];
  }

  /** The top frame's CDP id, if paused. */
  get topCallFrameId(): string | undefined {
    return this.top?.callFrameId;
  }

  callFrame(frameId: number): CallFrame | undefined {
    return this.frames.get(frameId);
  }

  /** A frame of the current stop by its CDP id (the top frame when undefined). */
  byCallFrameId(callFrameId: string | undefined): CallFrame | undefined {
    return callFrameId === undefined ? this.current[0] : this.current.find((frame) => frame.callFrameId === callFrameId);
  }

  stackTrace(startFrame = 0, levels = 0): { stackFrames: DebugProtocol.StackFrame[]; totalFrames: number } {
    const end = levels > 0 ? startFrame + levels : this.current.length;
    const stackFrames = this.current.slice(startFrame, end).map((frame) => this.toStackFrame(frame));
    return { stackFrames, totalFrames: this.current.length };
  }

  scopes(frameId: number): FrameScope[] {
    const frame = this.frames.get(frameId);
    if (!frame) return [];
    const url = this.scripts.get(frame.location.scriptId)?.url;
    const mapped = url !== undefined && this.sourceMaps.get(url) !== undefined;
    return frame.scopeChain
      .map((scope, scopeNumber) => ({ scope, scopeNumber }))
      .filter(({ scope }) => scope.object.objectId)
      .map(({ scope, scopeNumber }) => ({
        name: scopeNames[scope.type] ?? scope.type,
        objectId: scope.object.objectId as string,
        callFrameId: frame.callFrameId,
        scopeNumber,
        expensive: scope.type === 'global',
        presentationHint: scope.type === 'local' ? ('locals' as const) : undefined,
        hidesEsbuildHelpers: mapped && helperScopes.has(scope.type),
      }));
  }

  /** The script id behind a `source` request's reference. */
  scriptOfSourceReference(reference: number): string | undefined {
    return this.sourceRefs.get(reference);
  }

  private frameIsSkipped(frame: CallFrame): boolean {
    return this.isSkipped(this.scripts.get(frame.location.scriptId)?.url);
  }

  private toStackFrame(frame: CallFrame): DebugProtocol.StackFrame {
    const id = this.frames.create(frame);
    const script = this.scripts.get(frame.location.scriptId);
    const name = frame.functionName || '<anonymous>';
    const original = this.breakLocations.toOriginal(frame.location.scriptId, frame.location.lineNumber, frame.location.columnNumber ?? 0);
    const file = original?.path ?? script?.path;
    const line = original ? original.line : frame.location.lineNumber + 1;
    const column = (original ? original.column : (frame.location.columnNumber ?? 0)) + 1;
    if (script && file) {
      const skipped = this.isSkipped(script.url);
      return {
        id,
        name,
        line,
        column,
        source: { name: path.basename(file), path: file, presentationHint: skipped ? 'deemphasize' : undefined },
        presentationHint: skipped ? 'subtle' : undefined,
      };
    }
    const url = script?.url || `script ${frame.location.scriptId}`;
    return {
      id,
      name,
      line,
      column,
      source: {
        name: url,
        sourceReference: this.sourceReference(frame.location.scriptId),
        presentationHint: 'deemphasize',
      },
      presentationHint: 'subtle',
    };
  }

  private sourceReference(scriptId: string): number {
    let reference = this.sourceRefByScript.get(scriptId);
    if (reference === undefined) {
      reference = this.sourceRefs.create(scriptId);
      this.sourceRefByScript.set(scriptId, reference);
    }
    return reference;
  }
}
