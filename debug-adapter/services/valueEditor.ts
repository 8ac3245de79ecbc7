/**
 * `setVariable` and `setExpression`: edits of tensors (docs/protocol.md, Editing tensors) and
 * of plain values. A tensor edit evaluates the new value in the paused frame and has the
 * runtime set it: a `tf.Variable` is assigned, any other tensor takes the values in its own
 * storage on the cpu and wasm backends. Where the runtime answers with a new tensor instead
 * (other backends), whatever held the tensor — a scope variable, an object property, or an
 * assignable expression — is rebound to it. All of it runs as the runtime's evaluation, so
 * nothing of it is recorded as the program's work.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
import type { TapeTensorTarget, TensorTarget } from '../../protocol/customRequests';
import { assignStashed, isIdentifier, memberName } from '../../runtime/adapterCode';
import type { CdpConnection } from '../cdp/connection';
import { asArgument, EvaluationError, type EvaluationResult, type Evaluator } from './evaluator';
import { exceptionMessage } from './exceptionMessage';
import { pausedObjectGroup } from './objectGroups';
import type { RemoteArgument, RuntimeCalls } from './runtimeCalls';
import { type Binding, bindingIn, type VariableStore } from './variables';

type RemoteObject = Protocol.Runtime.RemoteObject;
type CallFrame = Protocol.Debugger.CallFrame;

/** What a set request answers. */
export type SetBody = DebugProtocol.SetVariableResponse['body'];

/** Where the edited value is held: a binding, or an expression that can be assigned. */
type Holder = Binding | { kind: 'expression'; expression: string };

/** Why a tape's tensor cannot be edited, and what to edit instead. */
export function tapeTensorReadOnly(target: TapeTensorTarget): string {
  const what = target.kind === 'gradient' ? 'gradient into' : 'value of';
  return (
    `the ${what} tensor ${target.tensorId} on tape ${target.tape} cannot be edited: the tape keeps a snapshot taken when the step ran, ` +
    'which the program never reads again; edit the tensor the program holds (in Variables, Watch or the Debug Console)'
  );
}

/** Why a weight's values at an earlier step cannot be edited. */
export function weightStepReadOnly(weight: string, step: number): string {
  return `${weight} at step ${step} cannot be edited: it is a copy the history kept, which the program never reads again; edit the weight as it is now (without a step)`;
}

export class ValueEditor {
  constructor(
    private readonly connection: CdpConnection,
    private readonly runtime: RuntimeCalls,
    private readonly variables: VariableStore,
    private readonly evaluator: Evaluator,
    private readonly callFrame: (callFrameId: string | undefined) => CallFrame | undefined,
  ) {}

  /** Sets `name` under a Variables reference to the value of `valueText`. */
  async setVariable(reference: number, name: string, valueText: string, topCallFrameId: string | undefined): Promise<SetBody> {
    const container = this.variables.container(reference);
    if (!container) throw new Error('this variable is no longer available: the program has run on since it was shown');
    if (container.kind === 'tensor') {
      const element = /^\[(\d+)\]$/.exec(name);
      if (!element) throw new Error(`${name} of a tensor cannot be set; set its elements or the tensor itself`);
      const callFrameId = container.binding?.kind === 'scope' ? container.binding.callFrameId : topCallFrameId;
      return this.editTensor(
        { objectId: container.objectId },
        valueText,
        [...container.path, Number(element[1])],
        container.binding,
        callFrameId,
        container.rootEvaluateName,
      );
    }
    const callFrameId = container.scope?.callFrameId ?? topCallFrameId;
    const holder = bindingIn(container, name);
    const current = await this.read(container.objectId, name);
    const evaluateName = memberName(container.evaluateName, name);
    const [summary] = await this.variables.summarize([current]);
    if (summary && current.objectId) {
      return this.editTensor({ objectId: current.objectId }, valueText, [], holder, callFrameId, evaluateName);
    }
    return this.setPlain(valueText, holder, callFrameId, evaluateName);
  }

  /**
   * Assigns the value of `valueText` to `expression` (a Watch entry). A name the Variables
   * view handed out for a tensor's part edits the whole tensor at that part's index.
   */
  setExpression(expression: string, valueText: string, callFrameId: string | undefined): Promise<SetBody> {
    const written = expression.trim();
    const part = this.variables.parts.lookup(written) ?? { root: written, index: [] };
    return this.setPart(part.root, part.index, valueText, callFrameId, written);
  }

  /** `tfjs/setTensor`: sets the target, or its part at `index`; a tape's tensor and a weight's earlier step are refused. */
  async setTensor(target: TensorTarget, valueText: string, callFrameId: string | undefined, index: number[]): Promise<SetBody> {
    if (target.tape !== undefined) throw new Error(tapeTensorReadOnly(target));
    if (target.madeAt !== undefined) {
      throw new Error(
        `the tensors made at ${target.madeAt} are shown together, read-only: edit the one the program holds (in Variables, Watch or the Debug Console)`,
      );
    }
    if (target.model !== undefined) {
      if (target.step !== undefined) throw new Error(weightStepReadOnly(target.weight, target.step));
      // The live variable, assigned in place: nothing holds it to rebind.
      const weight = await this.runtime.modelWeight(target.model, target.weight, undefined);
      if (!weight.objectId) throw new Error(`${target.weight} is not a tensor`);
      return this.editTensor({ objectId: weight.objectId }, valueText, index, undefined, callFrameId, undefined);
    }
    const written = target.expression.trim();
    const part = this.variables.parts.lookup(written) ?? { root: written, index: [] };
    return this.setPart(part.root, [...part.index, ...index], valueText, callFrameId, written);
  }

  /** Sets the part at `index` of what `root` gives (all of it when `index` is empty). */
  private async setPart(root: string, index: number[], valueText: string, callFrameId: string | undefined, written: string): Promise<SetBody> {
    const result = await this.evaluated(root, callFrameId);
    const [summary] = await this.variables.summarize([result]);
    const holder: Holder = { kind: 'expression', expression: root };
    if (summary && result.objectId) {
      return this.editTensor({ objectId: result.objectId }, valueText, index, holder, callFrameId, root);
    }
    if (index.length > 0) throw new Error(`${root} is not a tensor`);
    return this.setPlain(valueText, holder, callFrameId, written);
  }

  private async editTensor(
    target: RemoteArgument,
    valueText: string,
    index: number[],
    holder: Holder | undefined,
    callFrameId: string | undefined,
    evaluateName: string | undefined,
  ): Promise<SetBody> {
    await this.runtime.beginEvaluation();
    let replacement: RemoteObject | undefined;
    try {
      const value = await this.valueOf(valueText, callFrameId);
      replacement = await this.runtime.prepareReplacement(target, asArgument(value), index);
      if (replacement.objectId && !holder) throw new Error('this tensor is not held by a variable here: assign a new one in the Debug Console');
    } finally {
      // A replacement nothing will hold is disposed with the evaluation's other tensors.
      await this.runtime.endEvaluation(replacement?.objectId && holder ? asArgument(replacement) : { value: undefined });
    }
    if (holder && replacement.objectId) {
      await this.rebind(holder, replacement, callFrameId);
      await this.replaceReturnValue(target, replacement, callFrameId);
      await this.runtime.settleReplacement(asArgument(replacement), target);
    }
    const shown: RemoteObject = replacement.objectId ? replacement : { type: 'object', objectId: target.objectId };
    const [summary] = await this.variables.summarize([shown]);
    if (!summary || !shown.objectId) throw new Error('the edit did not produce a tensor');
    const { value, type, variablesReference, namedVariables, indexedVariables } = this.variables.tensorReference(
      shown.objectId,
      summary,
      evaluateName,
      holder?.kind === 'expression' ? undefined : holder,
    );
    return { value, type, variablesReference, namedVariables, indexedVariables };
  }

  private async setPlain(valueText: string, holder: Holder, callFrameId: string | undefined, evaluateName?: string): Promise<SetBody> {
    await this.runtime.beginEvaluation();
    let value: RemoteObject | undefined;
    try {
      value = await this.valueOf(valueText, callFrameId);
      await this.rebind(holder, value, callFrameId);
    } finally {
      await this.runtime.endEvaluation(value ? asArgument(value) : { value: undefined });
    }
    const variable = this.variables.toVariable('', value, null, evaluateName);
    return { value: variable.value, type: variable.type, variablesReference: variable.variablesReference };
  }

  /** The value of an expression, evaluated as the runtime's evaluation: the ops it runs are the debugger's. */
  private async evaluated(expression: string, callFrameId: string | undefined): Promise<RemoteObject> {
    await this.runtime.beginEvaluation();
    let evaluation: EvaluationResult | undefined;
    try {
      evaluation = await this.evaluator.run(expression, callFrameId, false);
    } finally {
      await this.runtime.endEvaluation(evaluation && !evaluation.exceptionDetails ? asArgument(evaluation.result) : { value: undefined });
    }
    if (evaluation.exceptionDetails) throw new EvaluationError(exceptionMessage(evaluation.exceptionDetails));
    return evaluation.result;
  }

  private async valueOf(valueText: string, callFrameId: string | undefined): Promise<RemoteObject> {
    const { result, exceptionDetails } = await this.evaluator.run(valueText, callFrameId, false);
    if (exceptionDetails) throw new EvaluationError(exceptionMessage(exceptionDetails));
    return result;
  }

  private async read(objectId: string, name: string): Promise<RemoteObject> {
    const { result, exceptionDetails } = await this.connection.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: function (this: Record<string, unknown>, key: string) {
        return this[key];
      }.toString(),
      arguments: [{ value: name }],
      objectGroup: pausedObjectGroup,
      silent: true,
    });
    if (exceptionDetails) throw new EvaluationError(exceptionMessage(exceptionDetails));
    return result;
  }

  /** Puts `value` where `holder` says. */
  private async rebind(holder: Holder, value: RemoteObject, callFrameId: string | undefined): Promise<void> {
    const newValue = asArgument(value);
    switch (holder.kind) {
      case 'scope': {
        await this.connection.send('Debugger.setVariableValue', {
          callFrameId: holder.callFrameId,
          scopeNumber: holder.scopeNumber,
          variableName: holder.name,
          newValue,
        });
        // V8's scope objects, which the Variables view lists, are copies made at the pause:
        // the copy gets the new value too, or the view would show the old one until the program moves.
        const copy = this.callFrame(holder.callFrameId)?.scopeChain[holder.scopeNumber]?.object.objectId;
        if (copy) await this.setProperty(copy, holder.name, newValue);
        return;
      }
      case 'property':
        return this.setProperty(holder.objectId, holder.name, newValue);
      case 'expression': {
        const scope = isIdentifier(holder.expression) ? await this.scopeHolding(holder.expression, callFrameId) : undefined;
        if (scope) return this.rebind(scope, value, callFrameId);
        await this.runtime.stash(newValue);
        const { exceptionDetails } = await this.evaluator.run(assignStashed(holder.expression), callFrameId, false);
        if (exceptionDetails) throw new EvaluationError(`${holder.expression} cannot be assigned: ${exceptionMessage(exceptionDetails)}`);
        return;
      }
    }
  }

  /** Sets property `name` of a remote object. */
  private async setProperty(objectId: string, name: string, value: RemoteArgument): Promise<void> {
    const { exceptionDetails } = await this.connection.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: function (this: Record<string, unknown>, key: string, item: unknown) {
        this[key] = item;
      }.toString(),
      arguments: [{ value: name }, value],
      silent: true,
    });
    if (exceptionDetails) throw new EvaluationError(exceptionMessage(exceptionDetails));
  }

  /**
   * Stopped on `return x;`, V8 has already read `x`: when the top frame is about to return
   * the edited tensor, it returns the replacement instead.
   */
  private async replaceReturnValue(original: RemoteArgument, replacement: RemoteObject, callFrameId: string | undefined): Promise<void> {
    const top = this.callFrame(undefined);
    if (!top?.returnValue?.objectId || (callFrameId !== undefined && callFrameId !== top.callFrameId)) return;
    const { result } = await this.connection.send('Runtime.callFunctionOn', {
      objectId: top.returnValue.objectId,
      functionDeclaration: function (this: unknown, other: unknown) {
        return this === other;
      }.toString(),
      arguments: [original],
      returnByValue: true,
      silent: true,
    });
    if (result.value === true) await this.connection.send('Debugger.setReturnValue', { newValue: asArgument(replacement) });
  }

  /** The innermost scope of a frame that declares `name` (not the global one). */
  private async scopeHolding(name: string, callFrameId: string | undefined): Promise<Binding | undefined> {
    const frame = this.callFrame(callFrameId);
    if (!frame) return undefined;
    for (const [scopeNumber, scope] of frame.scopeChain.entries()) {
      if (scope.type === 'global' || !scope.object.objectId) continue;
      const { result } = await this.connection.send('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: true });
      if (result.some((property) => property.name === name)) {
        return { kind: 'scope', callFrameId: frame.callFrameId, scopeNumber, name };
      }
    }
    return undefined;
  }
}
