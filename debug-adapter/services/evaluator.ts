/**
 * Evaluates Debug Console, Watch and hover expressions in the paused frame (or globally
 * while the program runs). Each evaluation is bracketed by the runtime: `tf` resolves to the
 * program's tfjs where the frame has no `tf` of its own, temporaries are disposed, and
 * nothing is recorded on an active gradient tape. Hovers evaluate without side effects.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
import type { TensorHover } from '../../protocol/launchArguments';
import type { TensorSummary } from '../../protocol/runtimeApi';
import type { CdpConnection } from '../cdp/connection';
import type { RemoteArgument, RuntimeCalls } from './runtimeCalls';
import { exceptionMessage } from './exceptionMessage';
import { pausedObjectGroup } from './objectGroups';
import type { VariableStore } from './variables';

type RemoteObject = Protocol.Runtime.RemoteObject;
export type EvaluationResult = { result: RemoteObject; exceptionDetails?: Protocol.Runtime.ExceptionDetails };

/** An expression that failed; its message is the program's own (e.g. tfjs's). */
export class EvaluationError extends Error {}

/**
 * How long an expression may run before V8 stops it: an endless loop in a Watch expression
 * must not hang the session. The Debug Console gets longer, for real work on big tensors.
 */
export const evaluationTimeoutMs = { console: 60_000, other: 5_000 };

function timeoutFor(context: string | undefined): number {
  return context === 'repl' ? evaluationTimeoutMs.console : evaluationTimeoutMs.other;
}

/** The message for an evaluation V8 stopped at its time limit. */
function timedOut(expression: string, timeoutMs: number): string {
  return `${expression}: stopped after ${timeoutMs / 1000} s without a result (an endless loop?); Watch and hover expressions may run ${evaluationTimeoutMs.other / 1000} s, the Debug Console ${evaluationTimeoutMs.console / 1000} s`;
}

/** The body of a DAP evaluate response. */
export type EvaluateBody = DebugProtocol.EvaluateResponse['body'];

/** A remote object as an argument of a call into the program. */
export function asArgument(object: RemoteObject): RemoteArgument {
  if (object.objectId) return { objectId: object.objectId };
  if (object.unserializableValue) return { unserializableValue: object.unserializableValue };
  return { value: object.value };
}

/**
 * A hover evaluation's answer for a tensor when the extension's thumbnail hover shows tensors:
 * VS Code shows no debug hover for a failed evaluation, and so shows the extension's.
 */
export const thumbnailHoverMessage = 'a tensor: shown by the TF.js thumbnail hover (launch argument tensorHover)';

export class Evaluator {
  constructor(
    private readonly connection: CdpConnection,
    private readonly runtime: RuntimeCalls,
    private readonly variables: VariableStore,
    /** Who shows a hovered tensor (see {@link thumbnailHoverMessage}). */
    private readonly tensorHover: TensorHover,
  ) {}

  /** Evaluates `expression` on `callFrameId` (or globally when undefined). */
  async evaluate(expression: string, callFrameId: string | undefined, context: string | undefined): Promise<EvaluateBody> {
    if (context === 'hover') return this.present(await this.run(expression, callFrameId, true));
    await this.runtime.beginEvaluation();
    let evaluation: EvaluationResult;
    try {
      evaluation = await this.run(expression, callFrameId, false, timeoutFor(context));
    } catch (error) {
      await this.runtime.endEvaluation({ value: undefined });
      throw error;
    }
    const { result, exceptionDetails } = evaluation;
    const summary = await this.runtime.endEvaluation(exceptionDetails ? { value: undefined } : asArgument(result));
    if (exceptionDetails) throw new EvaluationError(exceptionMessage(exceptionDetails));
    return this.toBody(result, summary, expression);
  }

  /**
   * Evaluates without the runtime's bracketing (the caller opens and closes it). An
   * evaluation that runs past `timeoutMs` is stopped by V8 and answered as an exception
   * that says so.
   */
  async run(expression: string, callFrameId: string | undefined, noSideEffects: boolean, timeoutMs = evaluationTimeoutMs.other): Promise<EvaluationResult> {
    const common = { expression, objectGroup: pausedObjectGroup, generatePreview: true, silent: true, throwOnSideEffect: noSideEffects, timeout: timeoutMs };
    try {
      return callFrameId
        ? await this.connection.send('Debugger.evaluateOnCallFrame', { ...common, callFrameId })
        : await this.connection.send('Runtime.evaluate', common);
    } catch (error) {
      // V8 answers an evaluation it stopped at the time limit with an error of the request.
      if (!/Execution was terminated/.test((error as Error).message)) throw error;
      const text = timedOut(expression, timeoutMs);
      return { result: { type: 'undefined' }, exceptionDetails: { exceptionId: 0, text, lineNumber: 0, columnNumber: 0 } };
    }
  }

  private async present(evaluation: EvaluationResult): Promise<EvaluateBody> {
    if (evaluation.exceptionDetails) throw new EvaluationError(exceptionMessage(evaluation.exceptionDetails));
    const [summary] = await this.variables.summarize([evaluation.result]);
    if (summary && this.tensorHover === 'thumbnail') throw new EvaluationError(thumbnailHoverMessage);
    return this.toBody(evaluation.result, summary, undefined);
  }

  private toBody(result: RemoteObject, summary: TensorSummary | null, expression?: string): EvaluateBody {
    const variable = this.variables.toVariable('', result, summary, expression);
    return {
      result: variable.value,
      type: variable.type,
      variablesReference: variable.variablesReference,
      namedVariables: variable.namedVariables,
      indexedVariables: variable.indexedVariables,
    };
  }
}
