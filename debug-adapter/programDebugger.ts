/**
 * Debugs one program through its target (CDP session and runtime client), knowing nothing of
 * DAP messages nor of how the program started: the session translates requests into calls
 * here and events from here into DAP events. It owns the services (scripts, breakpoints,
 * frames, variables, evaluation) and the pause state.
 */
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
import type { HistoryArgs, PinArgs, ProfileArgs, SetTensorArgs, TapeBody, TensorRequestArgs, TensorResponseBody } from '../protocol/customRequests';
import {
  type FitStopInfo,
  type FitStops,
  type LayerBreakpoint,
  layerApplyName,
  type LayerStop,
  type MemoryInfo,
  type ModelHistory,
  type ModelInfo,
  nanSentinelUrl,
  nanStopText,
  type OutputMessage,
  outputBinding,
  type ScriptCodeRanges,
} from '../protocol/runtimeApi';
import type { CdpConnection } from './cdp/connection';
import type { DebugTarget } from './targets/debugTarget';
import { urlRegexForPath, BreakpointManager, type LineBreakpointRequest } from './services/breakpoints';
import { BreakLocations } from './services/breakLocations';
import { layerBreakpoints } from './services/layerBreakpoints';
import { layersOfModels } from '../common/modelLayers';
import { Completions } from './services/completions';
import { Evaluator, type EvaluateBody } from './services/evaluator';
import { NextUserStatement } from './services/nextUserStatement';
import type { RuntimeCalls } from './services/runtimeCalls';
import { ScriptRegistry } from './services/scripts';
import { SkipFiles } from './services/skipFiles';
import { SourceMaps } from './services/sourceMaps';
import { PageSourceMaps } from './services/pageSourceMaps';
import { pageScriptsExpression } from '../runtime/adapterCode';
import { Recordings } from './services/recordings';
import { TensorViews } from './services/tensorViews';
import { type SetBody, ValueEditor } from './services/valueEditor';
import { StackFrames, type FrameScope } from './services/stackFrames';
import { pausedObjectGroup } from './services/objectGroups';
import { VariableStore } from './services/variables';

/** How many times one step may step out of skipped code before it stops there anyway. */
const maxSkippedSteps = 1000;

/** Why the program stopped, in DAP's words. */
export interface StopInfo {
  reason: 'breakpoint' | 'step' | 'pause' | 'entry' | 'exception' | 'function breakpoint';
  description?: string;
  text?: string;
  /** The function breakpoints (layer breakpoints) the stop is for. */
  hitBreakpointIds?: number[];
}

/** How a stop at a batch's or epoch's end is told: `End of batch 3/6 of epoch 1/2 of bars: loss=0.4127 acc=0.8125`. */
export function fitStopText(stop: FitStopInfo): string {
  const of = (n: number, total?: number): string => (total === undefined ? `${n}` : `${n}/${total}`);
  const logs = Object.entries(stop.logs)
    .map(([name, value]) => `${name}=${Number(value.toPrecision(4))}`)
    .join(' ');
  const where =
    stop.at === 'batch' ? `batch ${of(stop.batch ?? 0, stop.batches)} of epoch ${of(stop.epoch, stop.epochs)}` : `epoch ${of(stop.epoch, stop.epochs)}`;
  return `End of ${where} of ${stop.model}${logs ? `: ${logs}` : ''}`;
}

/** How a layer breakpoint's stop is told: `Paused before layer conv1 (Conv2D) runs`, `NaN/Inf in output of layer conv1 (Conv2D): 3 NaN`. */
export function layerStopText(stop: LayerStop): string {
  if (stop.on === 'run') return `Paused before layer ${stop.layer} (${stop.className}) runs`;
  const counts = [stop.nanCount ? `${stop.nanCount} NaN` : '', stop.infCount ? `${stop.infCount} Inf` : ''].filter(Boolean).join(', ');
  const which = stop.output ? ` (output ${stop.output})` : '';
  return `${nanStopText} layer ${stop.layer} (${stop.className})${which}: ${counts}`;
}

/** A logpoint's message, with where it was logged. */
export interface LogOutput {
  message: string;
  path?: string;
  line?: number;
}

/** What the debugger reports to its session. */
export interface DebuggerEvents {
  onStopped(stop: StopInfo): void;
  onBreakpointChanged(breakpoint: DebugProtocol.Breakpoint): void;
  onLog(output: LogOutput): void;
}

/** The tensors and bytes of the program's own, less those the debugger made and keeps. */
function programMemory(memory: MemoryInfo): { numTensors: number; numBytes: number } {
  const held = memory.heldByDebugger ?? { numTensors: 0, numBytes: 0 };
  return { numTensors: memory.numTensors - held.numTensors, numBytes: memory.numBytes - held.numBytes };
}

export class ProgramDebugger {
  private readonly connection: CdpConnection;
  private readonly scripts: ScriptRegistry;
  private readonly breakpoints: BreakpointManager;
  private readonly frames: StackFrames;
  private readonly runtime: RuntimeCalls;
  private readonly variables: VariableStore;
  private readonly evaluator: Evaluator;
  private readonly editor: ValueEditor;
  private readonly completions: Completions;
  private readonly tensorViews: TensorViews;
  private readonly recordings: Recordings;
  private readonly nextUserStatement: NextUserStatement;
  private pendingStop: 'step' | 'pause' | undefined;
  private entryBreakpointId: string | undefined;
  /** The layer breakpoints set, with the DAP ids of their function breakpoints. */
  private layerBreakpointIds: (LayerBreakpoint & { id: number })[] = [];
  private nextFunctionBreakpointId = 1_000_000;
  private exception: Protocol.Runtime.RemoteObject | undefined;
  /** Tensor memory at the stop before the current one and at the current one. */
  private memoryAtStops: Promise<MemoryInfo | undefined>[] = [];

  private readonly skipFiles: SkipFiles;
  private readonly sourceMaps: SourceMaps;
  /** A followed page's source maps, read over HTTP for the profile and tapes. */
  private readonly pageMaps: PageSourceMaps | undefined;
  /** Settles once the runtime was looked for: a bundle's ranges are sent to it after. */
  private readonly runtimeLookedFor: Promise<void>;
  private runtimeWasLookedFor!: () => void;
  private readonly breakLocations: BreakLocations;
  /** Whether the skipFiles patterns were lifted for a pause request. */
  private restoreSkipFiles = false;
  /** Steps taken out of skipped code since the user's step request. */
  private skippedSteps = 0;

  constructor(
    private readonly target: DebugTarget,
    private readonly events: DebuggerEvents,
  ) {
    this.connection = target.connection;
    this.runtime = target.runtime;
    this.scripts = new ScriptRegistry(this.connection);
    this.sourceMaps = new SourceMaps();
    this.breakLocations = new BreakLocations(this.connection, this.scripts, this.sourceMaps);
    this.breakpoints = new BreakpointManager(this.connection, this.scripts, this.sourceMaps, this.breakLocations);
    this.breakpoints.onChanged((breakpoint) => events.onBreakpointChanged(breakpoint));
    this.skipFiles = new SkipFiles(target.settings.skipFiles);
    this.frames = new StackFrames(this.scripts, this.sourceMaps, this.breakLocations, (url) => this.skipFiles.isSkipped(url));
    this.nextUserStatement = new NextUserStatement(
      this.connection,
      this.scripts,
      // The program's own files: a library outside @tensorflow may be stepped into, but a
      // breakpoint on each of its statements would cost more than the step saves.
      (script) => script.path !== undefined && !/[\\/]node_modules[\\/]/.test(script.path) && !this.skipFiles.isSkipped(script.url),
    );
    this.variables = new VariableStore(this.connection, this.runtime);
    this.evaluator = new Evaluator(this.connection, this.runtime, this.variables, target.settings.tensorHover);
    const frameById = (id: string | undefined) => this.frames.byCallFrameId(id);
    this.editor = new ValueEditor(this.connection, this.runtime, this.variables, this.evaluator, frameById);
    this.completions = new Completions(this.connection, this.runtime, this.evaluator, frameById);
    this.tensorViews = new TensorViews(this.runtime, this.evaluator);
    this.runtimeLookedFor = new Promise((done) => (this.runtimeWasLookedFor = done));
    const pageSources = target.settings.pageSources;
    this.pageMaps =
      pageSources &&
      new PageSourceMaps(
        pageSources,
        (url, ranges) => this.sendLibraryRanges(url, ranges),
        (message) => this.events.onLog({ message }),
      );
    this.recordings = new Recordings(this.runtime, this.sourceMaps, target.settings, this.pageMaps);
    this.connection.on('Debugger.paused', (event) => void this.paused(event));
    this.connection.on('Debugger.scriptParsed', ({ url, sourceMapURL, hash }) => {
      if (!sourceMapURL) return;
      void this.mapScript(url, sourceMapURL);
      this.pageMaps?.scriptParsed(url, sourceMapURL, hash);
    });
    target.onScriptWillRun((url, sourceMapURL) => this.mapScript(url, sourceMapURL));
    this.connection.on('Runtime.bindingCalled', ({ name, payload }) => {
      if (name === outputBinding) this.runtimeOutput(payload);
    });
    this.connection.on('Debugger.resumed', () => this.resumed());
  }

  /**
   * Enables the CDP domains and finds the runtime API; the program is still held. Following a
   * program another debugger runs, `Debugger.enable` gives its stops (and the one showing
   * now); how V8 steps and what it skips stay that debugger's settings.
   */
  async start(): Promise<void> {
    await this.connection.send('Runtime.enable');
    await this.connection.send('Runtime.addBinding', { name: outputBinding });
    await this.connection.send('Debugger.enable', {});
    // A followed page's scripts parsed before the subscription are not announced again.
    this.pageMaps?.loaded(this.pageScriptUrls());
    if (!this.target.ownsExecution) {
      try {
        await this.target.findRuntime();
      } finally {
        this.runtimeWasLookedFor();
      }
      // The page's bundles, announced by Debugger.enable, are mapped before its first op is recorded.
      await this.recordings.mapsRead();
      return;
    }
    await this.connection.send('Debugger.setAsyncCallStackDepth', { maxDepth: 16 });
    await this.connection.send('Debugger.setBlackboxPatterns', { patterns: this.skipFiles.cdpPatterns });
    // ES modules with source maps pause before they run, so their breakpoints bind in time.
    await this.connection.send('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptWithSourceMapExecution' });
    await this.target.findRuntime();
  }

  /** Lets the program run, stopping on its first line when the target was started so. */
  async configurationDone(): Promise<void> {
    const { stopOnEntry, programPath } = this.target.settings;
    if (stopOnEntry && programPath) {
      const { breakpointId } = await this.connection.send('Debugger.setBreakpointByUrl', {
        urlRegex: urlRegexForPath(programPath),
        lineNumber: 0,
        columnNumber: 0,
      });
      this.entryBreakpointId = breakpointId;
    }
    await this.target.release();
  }

  setBreakpoints(filePath: string, requests: readonly LineBreakpointRequest[]): Promise<DebugProtocol.Breakpoint[]> {
    this.ownExecution();
    return this.breakpoints.setForFile(filePath, requests);
  }

  /** The URLs of the scripts the page loaded (its `<script src>` and the scripts it fetched); none where it answers nothing. */
  private async pageScriptUrls(): Promise<string[]> {
    const { result } = await this.connection.send('Runtime.evaluate', { expression: pageScriptsExpression, returnByValue: true, silent: true });
    return Array.isArray(result.value) ? (result.value as unknown[]).filter((url): url is string => typeof url === 'string') : [];
  }

  /** Refuses what only the debugger that runs the program may do. */
  private ownExecution(): void {
    if (!this.target.ownsExecution) throw new Error('another debugger (js-debug) runs this program: set breakpoints, pause, step and continue there');
  }

  /** Layer breakpoints (`layer:<name>`, `layer:<name>:nan`): the runtime stops for them. */
  async setFunctionBreakpoints(requested: DebugProtocol.FunctionBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
    this.ownExecution();
    const models = await this.runtime.models().catch(() => null);
    const names = new Set(layersOfModels(models ?? []).map((layer) => layer.name));
    const { breakpoints, layers } = layerBreakpoints(requested, names, this.nextFunctionBreakpointId);
    this.nextFunctionBreakpointId += requested.length;
    this.layerBreakpointIds = layers;
    await this.runtime.setLayerBreakpoints(layers.map(({ layer, on }) => ({ layer, on })));
    return breakpoints;
  }

  /** Stops at every batch's or epoch's end of the program's fits from now on, or not; without `at`, says which. */
  async fitStops(at: FitStops | undefined): Promise<{ at: FitStops }> {
    if (at === undefined) return { at: await this.runtime.fitStops() };
    this.ownExecution();
    await this.runtime.setFitStops(at);
    return { at };
  }

  async setExceptionFilters(filters: readonly string[]): Promise<void> {
    this.ownExecution();
    const state = filters.includes('all') ? 'all' : filters.includes('uncaught') ? 'uncaught' : 'none';
    await this.connection.send('Debugger.setPauseOnExceptions', { state });
    // The `nan` filter turns the runtime's sentinel on (as the breakOnNaN launch argument does).
    await this.runtime.setSentinel(filters.includes('nan')).catch(() => undefined);
  }

  get isPaused(): boolean {
    return this.frames.isPaused;
  }

  stackTrace(startFrame?: number, levels?: number): ReturnType<StackFrames['stackTrace']> {
    return this.frames.stackTrace(startFrame, levels);
  }

  scopes(frameId: number): (FrameScope & { variablesReference: number })[] {
    return this.frames.scopes(frameId).map((scope) => ({
      ...scope,
      variablesReference: this.variables.scopeReference(scope.objectId, scope, scope.hidesEsbuildHelpers),
    }));
  }

  variablesOf(args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.Variable[]> {
    return this.variables.variables(args);
  }

  evaluate(expression: string, frameId: number | undefined, context: string | undefined): Promise<EvaluateBody> {
    return this.evaluator.evaluate(expression, this.callFrameIdOf(frameId), context);
  }

  /**
   * The CDP id of a DAP frame, or of the top frame when none is given (while paused). A
   * frame that is not of the current stop is refused: evaluating it globally instead would
   * answer about other variables.
   */
  private callFrameIdOf(frameId: number | undefined): string | undefined {
    if (frameId === undefined) return this.frames.topCallFrameId;
    const frame = this.frames.callFrame(frameId);
    if (!frame) throw new Error(`frameId: ${frameId} is not a frame of the current stop (the program has moved on, or never had it)`);
    return frame.callFrameId;
  }

  complete(text: string, column: number, frameId: number | undefined): Promise<DebugProtocol.CompletionItem[]> {
    return this.completions.complete(text, column, this.callFrameIdOf(frameId));
  }

  setVariable(variablesReference: number, name: string, value: string): Promise<SetBody> {
    return this.editor.setVariable(variablesReference, name, value, this.frames.topCallFrameId);
  }

  setExpression(expression: string, value: string, frameId: number | undefined): Promise<SetBody> {
    return this.editor.setExpression(expression, value, this.callFrameIdOf(frameId));
  }

  /** `tfjs/tensor`: statistics and a 2-D view of the tensor an expression gives, or of a tape's tensor. */
  viewTensor(args: TensorRequestArgs): Promise<TensorResponseBody> {
    return this.tensorViews.view(args, this.callFrameIdOf(args.frameId));
  }

  /** `tfjs/setTensor`: sets a tensor, or its part at `index`, to a number or an expression's value. */
  async setTensor(args: SetTensorArgs): Promise<{ value: string }> {
    const set = await this.editor.setTensor(args, String(args.value), this.callFrameIdOf(args.frameId), args.index ?? []);
    return { value: set.value };
  }

  profile(args: ProfileArgs): ReturnType<Recordings['profile']> {
    return this.recordings.profile(args);
  }

  tape(index: number | undefined, keepValues: boolean): Promise<TapeBody> {
    return this.recordings.tape(index, keepValues);
  }

  /** What the program stopped on, for the `exceptionInfo` request. */
  exceptionInfo(): DebugProtocol.ExceptionInfoResponse['body'] {
    const exception = this.exception as (Protocol.Runtime.RemoteObject & { uncaught?: boolean }) | undefined;
    const full = exception?.description ?? String(exception?.value ?? 'exception');
    const message = full.split(/\n\s+at /)[0];
    return {
      exceptionId: exception?.className ?? exception?.type ?? 'exception',
      description: message,
      breakMode: exception?.uncaught ? 'unhandled' : 'always',
      details: { message, typeName: exception?.className, stackTrace: full },
    };
  }

  /** The source text of a script that is not a file (a Node internal). */
  async sourceOf(sourceReference: number): Promise<string> {
    const scriptId = this.frames.scriptOfSourceReference(sourceReference);
    if (!scriptId) throw new Error(`no source for reference ${sourceReference}`);
    const { scriptSource } = await this.connection.send('Debugger.getScriptSource', { scriptId });
    return scriptSource;
  }

  /** The tf.layers models the program built; an empty list before tfjs loads. */
  async models(): Promise<ModelInfo[]> {
    return (await this.runtime.models()) ?? [];
  }

  /** A model's training history (an unknown model or layer is answered with the names there are). */
  history(args: HistoryArgs): Promise<ModelHistory> {
    return this.runtime.history(args.model, args.layer, args.points, args.histograms ?? true);
  }

  pin(args: PinArgs): Promise<{ pinned: boolean; snapshotSteps: number[] }> {
    return this.runtime.pin(args.model, args.weight, args.pinned);
  }

  async memory(byLine = false): Promise<MemoryInfo> {
    const memory = await this.runtime.memory({ byLine });
    if (!memory) throw new Error('tfjs is not loaded in the program yet: tensor memory is known once it loads @tensorflow/tfjs');
    const previous = await this.memoryAtStops[0];
    if (!previous) return memory;
    // The program's own gains: what the debugger made and keeps (Debug Console results) is not.
    const now = programMemory(memory);
    const then = programMemory(previous);
    return { ...memory, sincePreviousStop: { numTensors: now.numTensors - then.numTensors, numBytes: now.numBytes - then.numBytes } };
  }

  async resume(): Promise<void> {
    this.ownExecution();
    await this.runOn(this.connection.send('Debugger.resume', {}));
  }

  async step(kind: 'over' | 'in' | 'out'): Promise<void> {
    this.ownExecution();
    this.pendingStop = 'step';
    const top = this.frames.top;
    if (top && (await this.leavesIntoSkippedCode(top, kind))) {
      await this.nextUserStatement.arm(top);
      await this.runOn(this.connection.send('Debugger.resume', {}));
      return;
    }
    const method = kind === 'over' ? 'Debugger.stepOver' : kind === 'in' ? 'Debugger.stepInto' : 'Debugger.stepOut';
    await this.runOn(this.connection.send(method, {}));
  }

  /**
   * Whether a step from the user's frame `top` leaves it for skipped code (a step out, or
   * any step at a return, when its caller is tfjs's or Node's): the step then ends at the
   * user's next statement by {@link NextUserStatement}, not by V8's stepping.
   */
  private async leavesIntoSkippedCode(top: Protocol.Debugger.CallFrame, kind: 'over' | 'in' | 'out'): Promise<boolean> {
    if (!top.functionLocation || this.frames.topIsSkipped || this.frames.callerIsUser) return false;
    return kind === 'out' || (await this.nextUserStatement.isAtReturn(top).catch(() => false));
  }

  /**
   * A command that lets the program run on: a program that ends before answering has run on
   * (its agent lets go of the inspector session as it exits, or the connection closes).
   */
  private async runOn(command: Promise<unknown>): Promise<void> {
    try {
      await command;
    } catch (error) {
      if (!this.connection.isClosed && !/Session was closed/.test((error as Error).message)) throw error;
    }
  }

  async pause(): Promise<void> {
    this.ownExecution();
    this.pendingStop = 'pause';
    // V8 drops a pause request that first meets skipped (blackboxed) code, and an idle
    // program's next code is Node's timer internals: lift the patterns until it stops.
    await this.connection.send('Debugger.setBlackboxPatterns', { patterns: [] });
    this.restoreSkipFiles = true;
    await this.connection.send('Debugger.pause');
  }

  terminate(): Promise<void> {
    return this.target.terminate();
  }

  /** Tells the page's runtime (once it was looked for) where a bundle's library code is. */
  private async sendLibraryRanges(url: string, ranges: ScriptCodeRanges): Promise<void> {
    await this.runtimeLookedFor;
    await this.runtime.setLibraryRanges(url, ranges).catch(() => undefined);
  }

  /** Reads the source map of one of the program's own scripts and binds breakpoints in it. */
  private async mapScript(url: string, sourceMapURL: string): Promise<void> {
    if (!url.startsWith('file:') || /[\\/]node_modules[\\/]/.test(url) || this.sourceMaps.get(url)) return;
    const script = this.sourceMaps.load(url, sourceMapURL);
    if (script) await this.breakpoints.bindMappedScript(script);
  }

  private async paused(event: Protocol.Debugger.PausedEvent): Promise<void> {
    if (!this.target.ownsExecution) return this.followStop(event);
    // `--inspect-brk` stops before the program's first line, whether or not the target was
    // started to stop on entry (that stop is an entry breakpoint): the program goes on.
    if ((event.reason as string) === 'Break on start') {
      await this.connection.send('Debugger.resume', {}).catch(() => undefined);
      return;
    }
    if (event.reason === 'instrumentation') {
      const { url, sourceMapURL } = event.data as { url: string; sourceMapURL?: string };
      if (sourceMapURL) await this.mapScript(url, sourceMapURL).catch(() => undefined);
      await this.connection.send('Debugger.resume', {}).catch(() => undefined);
      return;
    }
    // A CommonJS module's entry probe: its breakpoints bind now that V8 has parsed it. A step
    // under way goes on out of the module's first line.
    if (event.hitBreakpoints?.length && (await this.breakpoints.enteredScripts(event.hitBreakpoints)) && this.pendingStop !== 'pause') {
      await this.connection.send(this.pendingStop === 'step' ? 'Debugger.stepOut' : 'Debugger.resume', {}).catch(() => undefined);
      return;
    }
    if (this.restoreSkipFiles) {
      this.restoreSkipFiles = false;
      await this.connection.send('Debugger.setBlackboxPatterns', { patterns: this.skipFiles.cdpPatterns }).catch(() => undefined);
    }
    // Frames of source-mapped scripts are shown through their scripts' break locations.
    await Promise.all(event.callFrames.map((frame) => this.breakLocations.load(frame.location.scriptId)));
    const nanStop = this.inSentinel(event.callFrames);
    // A NaN stop shows the user's line that called the op: the frames above it are tfjs's.
    this.frames.update(nanStop ? this.fromUserFrame(event.callFrames) : event.callFrames);
    this.variables.reset();
    // Any stop of the user's ends a step waiting for the user's next statement.
    if (this.frames.isPaused) this.nextUserStatement.disarm();
    if (nanStop) {
      await this.reportNanStop();
      this.pendingStop = undefined;
      return;
    }
    // A stop entirely inside the runtime is not the user's. A pause request that landed
    // there steps on into the next statement; anything else runs on.
    if (!this.frames.isPaused) {
      const next = this.pendingStop ? 'Debugger.stepInto' : 'Debugger.resume';
      void this.connection.send(next, {}).catch(() => undefined);
      return;
    }
    // V8 itself passes through blackboxed code while stepping, but not through Node's
    // internals that it cannot blackbox (those of Node's startup snapshot belong to no
    // context the inspector knows; see also SkipFiles.isSkipped). A step that lands there
    // steps out to the user's frame below, or, with none left, runs on to the user's next
    // statement: stepping out of each would stop in every call tfjs makes into them.
    if (this.pendingStop === 'step' && event.reason === 'other' && this.frames.topIsSkipped) {
      if (!this.frames.hasUserFrame) {
        void this.runToNextUserStatement();
        return;
      }
      if (this.skippedSteps++ < maxSkippedSteps) {
        void this.connection.send('Debugger.stepOut').catch(() => undefined);
        return;
      }
    }
    this.skippedSteps = 0;
    this.noteMemory();
    this.events.onStopped(this.stopInfo(event));
    this.pendingStop = undefined;
  }

  /** Whether a stop is in the runtime's NaN sentinel: its top frame is in the sentinel's script. */
  private inSentinel(callFrames: Protocol.Debugger.CallFrame[]): boolean {
    return this.scripts.get(callFrames[0]?.location.scriptId ?? '')?.url === nanSentinelUrl;
  }

  /** Reports a stop in the sentinel: for a layer breakpoint, or as an exception naming the kernel and the user's line. */
  private async reportNanStop(): Promise<void> {
    const [layerStop, fitStop] = await Promise.all([this.runtime.layerStop().catch(() => null), this.runtime.fitStop().catch(() => null)]);
    const stop = layerStop ?? fitStop;
    if (stop) {
      await this.recordings.mapsRead();
      const from = stop.calledFrom && this.recordings.authored(stop.calledFrom);
      const where = from ? ` (in the model call at ${path.basename(from.path)}:${from.line})` : '';
      if (layerStop) {
        const text = `${layerStopText(layerStop)}${where}`;
        const hit = this.layerBreakpointIds.filter(({ layer, on }) => layer === layerStop.layer && on === layerStop.on).map(({ id }) => id);
        this.events.onStopped({ reason: 'function breakpoint', description: text, text, hitBreakpointIds: hit });
      } else if (fitStop) {
        const text = `${fitStopText(fitStop)}${where}`;
        this.events.onStopped({ reason: 'breakpoint', description: text, text });
      }
      return;
    }
    await this.recordings.mapsRead();
    const found = await this.runtime.nonFinite().catch(() => null);
    const at = found?.path ? this.recordings.authored({ path: found.path, line: found.line ?? 0, column: found.column }) : undefined;
    const where = at ? ` (${path.basename(at.path)}:${at.line})` : '';
    const text = `${nanStopText} ${found?.kernel ?? 'a kernel'}${where}`;
    this.exception = { type: 'object', className: 'NaN/Inf', description: text };
    this.events.onStopped({ reason: 'exception', description: text, text });
  }

  /**
   * A stop of the debugger that runs the program: its frames are kept for Variables and tensor
   * requests and it is reported, but nothing here resumes or steps. That debugger's own brief
   * pauses (`instrumentation`, resumed at once) are not stops of the user's.
   */
  private async followStop(event: Protocol.Debugger.PausedEvent): Promise<void> {
    if (event.reason === 'instrumentation') return;
    await Promise.all(event.callFrames.map((frame) => this.breakLocations.load(frame.location.scriptId)));
    // Frame for frame as that debugger shows them: the extension matches its frames to these by place.
    this.frames.update(event.callFrames, true);
    this.variables.reset();
    if (this.inSentinel(event.callFrames)) return this.reportNanStop();
    this.noteMemory();
    this.events.onStopped(this.stopInfo(event));
  }

  private async runToNextUserStatement(): Promise<void> {
    await this.nextUserStatement.arm(undefined).catch(() => undefined);
    await this.connection.send('Debugger.resume', {}).catch(() => undefined);
  }

  private stopInfo(event: Protocol.Debugger.PausedEvent): StopInfo {
    const hit = event.hitBreakpoints ?? [];
    if (this.entryBreakpointId && hit.includes(this.entryBreakpointId)) {
      const id = this.entryBreakpointId;
      this.entryBreakpointId = undefined;
      void this.connection.send('Debugger.removeBreakpoint', { breakpointId: id }).catch(() => undefined);
      return { reason: 'entry' };
    }
    if (event.reason === 'exception' || event.reason === 'promiseRejection') {
      this.exception = event.data as Protocol.Runtime.RemoteObject | undefined;
      const text = this.exceptionInfo().description ?? 'exception';
      return { reason: 'exception', description: text, text };
    }
    if (hit.some((id) => this.breakpoints.isUserBreakpoint(id))) return { reason: 'breakpoint' };
    if (this.pendingStop) return { reason: this.pendingStop };
    return { reason: 'breakpoint', description: 'Paused on debugger statement' };
  }

  private runtimeOutput(payload: string): void {
    try {
      const { logpoint, message } = JSON.parse(payload) as OutputMessage;
      this.events.onLog({ message, ...this.breakpoints.location(logpoint) });
    } catch {
      // Not ours: the program cannot call the binding by accident, but a message that does
      // not parse is dropped rather than shown half-read.
    }
  }

  /** Keeps the tensor memory of this stop and the one before, for per-step deltas. */
  private noteMemory(): void {
    // Read as the stop is reported, not before: the stop does not wait for it.
    const memory = this.runtime.memory({ atStop: true }).then(
      (info) => info ?? undefined,
      () => undefined,
    );
    this.memoryAtStops = [this.memoryAtStops[1] ?? Promise.resolve(undefined), memory];
  }

  /**
   * The frames from the first one in the user's own (not skipped) code down. With none (a
   * layer run by `model.fit` after its first await), from the runtime's wrapper of the layer's
   * `apply`, whose frame holds the layer (`this`) and its inputs (`args`).
   */
  private fromUserFrame(callFrames: Protocol.Debugger.CallFrame[]): Protocol.Debugger.CallFrame[] {
    const first = callFrames.findIndex((frame) => {
      const url = this.scripts.get(frame.location.scriptId)?.url;
      return url !== nanSentinelUrl && !this.skipFiles.isSkipped(url);
    });
    if (first > 0) return callFrames.slice(first);
    const layerApply = callFrames.findIndex((frame) => frame.functionName === layerApplyName);
    return layerApply > 0 ? callFrames.slice(layerApply) : callFrames;
  }

  private resumed(): void {
    this.exception = undefined;
    this.frames.clear();
    this.variables.reset();
    void this.connection.send('Runtime.releaseObjectGroup', { objectGroup: pausedObjectGroup }).catch(() => undefined);
  }
}
