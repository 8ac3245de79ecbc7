/**
 * Evaluates Debug Console, Watch and hover expressions in the paused frame (or globally
 * while the program runs). Each evaluation is bracketed by the runtime: `tf` resolves to the
 * program's tfjs where the frame has no `tf` of its own, temporaries are disposed, and
 * nothing is recorded on an active gradient tape. Hovers evaluate without side effects.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
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

/** The body of a DAP evaluate response. */
export type EvaluateBody = DebugProtocol.EvaluateResponse['body'];

/** A remote object as an argument of a call into the program. */
export function asArgument(object: RemoteObject): RemoteArgument {
  if (object.objectId) return { objectId: object.objectId };
  if (object.unserializableValue) return { unserializableValue: object.unserializableValue };
  return { value: object.value };
}

export class Evaluator {
  constructor(
    private readonly connection: CdpConnection,
    private readonly runtime: RuntimeCalls,
    private readonly variables: VariableStore,
  ) {}

  /** Evaluates `expression` on `callFrameId` (or globally when undefined). */
  async evaluate(expression: string, callFrameId: string | undefined, context: string | undefined): Promise<EvaluateBody> {
    if (context === 'hover') return this.present(await this.run(expression, callFrameId, true));
    await this.runtime.beginEvaluation();
    let evaluation: EvaluationResult;
    try {
      evaluation = await this.run(expression, callFrameId, false);
    } catch (error) {
      await this.runtime.endEvaluation({ value: undefined });
      throw error;
    }
    const { result, exceptionDetails } = evaluation;
    const summary = await this.runtime.endEvaluation(exceptionDetails ? { value: undefined } : asArgument(result));
    if (exceptionDetails) throw new EvaluationError(exceptionMessage(exceptionDetails));
    return this.toBody(result, summary, expression);
  }

  /** Evaluates without the runtime's bracketing (the caller opens and closes it). */
  run(expression: string, callFrameId: string | undefined, noSideEffects: boolean): Promise<EvaluationResult> {
    const common = { expression, objectGroup: pausedObjectGroup, generatePreview: true, silent: true, throwOnSideEffect: noSideEffects };
    return callFrameId
      ? this.connection.send('Debugger.evaluateOnCallFrame', { ...common, callFrameId })
      : this.connection.send('Runtime.evaluate', common);
  }

  private async present(evaluation: EvaluationResult): Promise<EvaluateBody> {
    if (evaluation.exceptionDetails) throw new EvaluationError(exceptionMessage(evaluation.exceptionDetails));
    const [summary] = await this.variables.summarize([evaluation.result]);
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
