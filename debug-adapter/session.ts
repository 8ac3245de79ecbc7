/**
 * The DAP session of the `tfjs` debug type. Handlers stay thin: they check the request,
 * call the {@link ProgramDebugger} and answer; every failure answers `success: false`
 * with a message that says what went wrong, and the session carries on.
 */
import * as path from 'node:path';
import {
  BreakpointEvent,
  DebugSession,
  ExitedEvent,
  InitializedEvent,
  InvalidatedEvent,
  OutputEvent,
  StoppedEvent,
  TerminatedEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { CustomRequestArgs, CustomRequestBody, CustomRequestName } from '../protocol/customRequests';
import { customRequestNames } from '../protocol/customRequests';
import { fitStopsArgs, historyArgs, memoryArgs, pinArgs, setTensorArgs, tensorRequestArgs } from './customRequestArgs';
import type { DebugTarget, TargetEvents } from './targets/debugTarget';
import { NodeAttachTarget } from './targets/node/nodeAttachTarget';
import { NodeLaunchTarget } from './targets/node/nodeLaunchTarget';
import { LaunchArgumentError } from './targets/checkArguments';
import { CompanionTarget } from './targets/companion/companionTarget';
import { ProgramDebugger } from './programDebugger';

const threadId = 1;

/** A launch or attach request's arguments, for the target to check. */
function argumentRecord(args: DebugProtocol.LaunchRequestArguments | DebugProtocol.AttachRequestArguments): Record<string, unknown> {
  return (args ?? {}) as unknown as Record<string, unknown>;
}

/** The runtime bundle sits beside the adapter bundle in `dist/`. */
const runtimePath = path.join(__dirname, 'runtime.js');

/** Error ids of our responses (DAP wants a number with each message). */
const enum ErrorId {
  Launch = 1001,
  NotPaused = 1002,
  Request = 1003,
}

export class TfjsDebugSession extends DebugSession {
  private debugger: ProgramDebugger | undefined;
  private terminated = false;
  /** Whether the client handles the `invalidated` event (DAP sends it only then). */
  private clientRefetchesOnInvalidated = false;

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientRefetchesOnInvalidated = args.supportsInvalidatedEvent === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsEvaluateForHovers: true,
      supportsConditionalBreakpoints: true,
      supportsFunctionBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsExceptionInfoRequest: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['.'],
      supportsTerminateRequest: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsDelayedStackTraceLoading: true,
      exceptionBreakpointFilters: [
        { filter: 'uncaught', label: 'Uncaught Exceptions', default: false },
        { filter: 'all', label: 'All Exceptions', default: false },
        { filter: 'nan', label: 'NaN or Inf in a tensor', description: 'Stop where a kernel first outputs NaN or Inf', default: false },
      ],
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    await this.startDebugging(response, 'Cannot launch the program', (events) => NodeLaunchTarget.launch(argumentRecord(args), runtimePath, events));
  }

  protected override async attachRequest(response: DebugProtocol.AttachResponse, args: DebugProtocol.AttachRequestArguments): Promise<void> {
    const raw = argumentRecord(args);
    // The extension's companion of a js-debug session names the program's CDP endpoint; a user's attach names a Node inspector.
    const attach = 'companionCdpUrl' in raw ? CompanionTarget.attach : NodeAttachTarget.attach;
    await this.startDebugging(response, 'Cannot attach', (events) => attach(raw, runtimePath, events));
  }

  /**
   * Starts a target and debugs it; the program waits for configurationDone. A target that
   * cannot be debugged is ended, and the request answers with why.
   */
  private async startDebugging(response: DebugProtocol.Response, failure: string, start: (events: TargetEvents) => Promise<DebugTarget>): Promise<void> {
    try {
      const target = await start({
        onOutput: (text, category) => this.sendEvent(new OutputEvent(text, category)),
        onEnd: (exitCode) => this.programEnded(exitCode),
      });
      this.debugger = new ProgramDebugger(target, {
        onStopped: (stop) => {
          const event: DebugProtocol.StoppedEvent = new StoppedEvent(stop.reason, threadId, stop.text);
          event.body.description = stop.description;
          if (stop.hitBreakpointIds?.length) event.body.hitBreakpointIds = stop.hitBreakpointIds;
          this.sendEvent(event);
        },
        onBreakpointChanged: (breakpoint) => this.sendEvent(new BreakpointEvent('changed', breakpoint)),
        onLog: ({ message, path: file, line }) => {
          const event: DebugProtocol.OutputEvent = new OutputEvent(`${message}\n`, 'console');
          if (file) event.body.source = { name: path.basename(file), path: file };
          if (line) event.body.line = line;
          this.sendEvent(event);
        },
      });
      await this.debugger.start().catch(async (error: Error) => {
        await target.terminate();
        throw error;
      });
      this.sendResponse(response);
      this.sendEvent(new InitializedEvent());
    } catch (error) {
      const message = error instanceof LaunchArgumentError ? error.message : `${failure}: ${(error as Error).message}`;
      this.sendErrorResponse(response, { id: ErrorId.Launch, format: message, showUser: true });
    }
  }

  protected override async configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): Promise<void> {
    await this.run(response, async () => this.debugger?.configurationDone());
  }

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    await this.run(response, async () => {
      const filePath = args.source.path;
      const requested: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
      if (!filePath || !this.debugger) {
        response.body = { breakpoints: requested.map(({ line }) => ({ verified: false, line })) };
        return;
      }
      const breakpoints = await this.debugger.setBreakpoints(
        filePath,
        requested.map(({ line, column, condition, hitCondition, logMessage }) => ({ line, column, condition, hitCondition, logMessage })),
      );
      response.body = { breakpoints };
    });
  }

  protected override async setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): Promise<void> {
    await this.run(response, async () => {
      response.body = { breakpoints: this.debugger ? await this.debugger.setFunctionBreakpoints(args.breakpoints) : [] };
    });
  }

  protected override async setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): Promise<void> {
    await this.run(response, async () => this.debugger?.setExceptionFilters(args.filters));
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [{ id: threadId, name: 'main' }] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const paused = this.requirePaused(response);
    if (!paused) return;
    response.body = paused.stackTrace(args.startFrame, args.levels);
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const paused = this.requirePaused(response);
    if (!paused) return;
    response.body = {
      scopes: paused.scopes(args.frameId).map(({ name, variablesReference, expensive, presentationHint }) => ({
        name,
        variablesReference,
        expensive,
        presentationHint,
      })),
    };
    this.sendResponse(response);
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    await this.run(response, async () => {
      response.body = { variables: this.debugger ? await this.debugger.variablesOf(args) : [] };
    });
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    await this.run(response, async () => {
      if (!this.debugger) throw new Error('the program is not running');
      response.body = await this.debugger.evaluate(args.expression, args.frameId, args.context);
    });
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    await this.run(response, async () => {
      response.body = await this.requireDebugger().setVariable(args.variablesReference, args.name, args.value);
      this.valuesChanged();
    });
  }

  protected override async setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): Promise<void> {
    await this.run(response, async () => {
      response.body = await this.requireDebugger().setExpression(args.expression, args.value, args.frameId);
      this.valuesChanged();
    });
  }

  protected override async completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): Promise<void> {
    await this.run(response, async () => {
      response.body = { targets: await this.requireDebugger().complete(args.text, args.column, args.frameId) };
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const paused = this.requirePaused(response);
    if (!paused) return;
    response.body = paused.exceptionInfo();
    this.sendResponse(response);
  }

  protected override async sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): Promise<void> {
    await this.run(response, async () => {
      if (!this.debugger) throw new Error('the program is not running');
      response.body = { content: await this.debugger.sourceOf(args.sourceReference), mimeType: 'text/javascript' };
    });
  }

  protected override async continueRequest(response: DebugProtocol.ContinueResponse): Promise<void> {
    await this.run(response, async () => {
      await this.debugger?.resume();
      response.body = { allThreadsContinued: true };
    });
  }

  protected override async nextRequest(response: DebugProtocol.NextResponse): Promise<void> {
    await this.run(response, async () => this.debugger?.step('over'));
  }

  protected override async stepInRequest(response: DebugProtocol.StepInResponse): Promise<void> {
    await this.run(response, async () => this.debugger?.step('in'));
  }

  protected override async stepOutRequest(response: DebugProtocol.StepOutResponse): Promise<void> {
    await this.run(response, async () => this.debugger?.step('out'));
  }

  protected override async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    await this.run(response, async () => this.debugger?.pause());
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.run(response, async () => this.debugger?.terminate());
  }

  /** The client went away without a disconnect: ends the program as a disconnect would. */
  async clientGone(): Promise<void> {
    await this.debugger?.terminate().catch(() => undefined);
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.debugger?.terminate().catch(() => undefined);
    this.sendResponse(response);
  }

  protected override async customRequest(command: string, response: DebugProtocol.Response, args: unknown): Promise<void> {
    if (!customRequestNames.includes(command as CustomRequestName)) {
      this.sendErrorResponse(response, { id: ErrorId.Request, format: `unknown request ${command}`, showUser: false });
      return;
    }
    await this.run(response, async () => {
      const handler = this.customHandlers[command as CustomRequestName] as (args: unknown) => Promise<unknown>;
      response.body = await handler(args ?? {});
    });
  }

  /** One handler per custom request of protocol/customRequests.ts. */
  private readonly customHandlers: {
    [N in CustomRequestName]: (args: CustomRequestArgs<N>) => Promise<CustomRequestBody<N>>;
  } = {
    'tfjs/memory': (args) => this.requireDebugger().memory(memoryArgs(args).byLine === true),
    'tfjs/tensor': (args) => this.requireDebugger().viewTensor(tensorRequestArgs(args)),
    'tfjs/setTensor': async (args) => {
      const body = await this.requireDebugger().setTensor(setTensorArgs(args));
      this.valuesChanged();
      return body;
    },
    'tfjs/profile': (args) => this.requireDebugger().profile(args ?? {}),
    'tfjs/tape': (args) => this.requireDebugger().tape(args?.index, args?.values === true),
    'tfjs/models': async () => ({ models: await this.requireDebugger().models() }),
    'tfjs/history': (args) => this.requireDebugger().history(historyArgs(args)),
    'tfjs/pin': (args) => this.requireDebugger().pin(pinArgs(args)),
    'tfjs/fitStops': (args) => this.requireDebugger().fitStops(fitStopsArgs(args).at),
  };

  /**
   * An edit worked: every view of values (Variables, Watch, hover) is to be fetched again, as
   * VS Code does on `invalidated`. Its own setVariable/setExpression update only the one entry,
   * and it knows nothing of an edit made from a panel.
   */
  private valuesChanged(): void {
    if (this.clientRefetchesOnInvalidated) this.sendEvent(new InvalidatedEvent(['variables']));
  }

  private requireDebugger(): ProgramDebugger {
    if (!this.debugger) throw new Error('the program is not running');
    return this.debugger;
  }

  /** The program ended (with its exit code, where the target knows it) or the connection closed. */
  private programEnded(exitCode: number | undefined): void {
    if (this.terminated) return;
    this.terminated = true;
    if (exitCode !== undefined) this.sendEvent(new ExitedEvent(exitCode));
    this.sendEvent(new TerminatedEvent());
  }

  private requirePaused(response: DebugProtocol.Response): ProgramDebugger | undefined {
    if (this.debugger?.isPaused) return this.debugger;
    this.sendErrorResponse(response, { id: ErrorId.NotPaused, format: 'the program is not paused', showUser: false });
    return undefined;
  }

  /** Runs a handler, answering with its error message when it fails. */
  private async run(response: DebugProtocol.Response, handler: () => Promise<unknown>): Promise<void> {
    try {
      await handler();
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: ErrorId.Request, format: (error as Error).message, showUser: false });
    }
  }
}
