/**
 * Debug Console completions: after `expr.` the properties of what `expr` evaluates to in
 * the paused frame (so `tf.` lists the program's tfjs ops), otherwise the names in the
 * frame's scopes, then `tf` and the globals. Property listing runs inside the program in
 * one call; getters are not run, except the enumerable, fixed, read-only own getters that
 * CommonJS bundles (tfjs among them) use to re-export their modules' names.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
import { globalObjectLookup } from '../../runtime/adapterCode';
import type { CdpConnection } from '../cdp/connection';
import type { Evaluator } from './evaluator';
import type { RuntimeCalls } from './runtimeCalls';

type CallFrame = Protocol.Debugger.CallFrame;
type Item = DebugProtocol.CompletionItem;

/** What the cursor is completing: a property of `object`, or a name, starting with `prefix`. */
export function completionTarget(text: string, column: number): { object?: string; prefix: string } {
  const before = text.slice(0, Math.max(0, column - 1));
  const member = /([\w$.()[\]'"]+)\.([\w$]*)$/.exec(before);
  if (member) return { object: member[1], prefix: member[2] };
  return { prefix: /[\w$]*$/.exec(before)?.[0] ?? '' };
}

/** Runs in the program: own and inherited property names of `this` with their kinds. */
function listProperties(this: object): { name: string; kind: string }[] {
  const seen = new Set<string>();
  const items: { name: string; kind: string }[] = [];
  const chain: object[] = [this];
  for (let next = Object.getPrototypeOf(this); next && next !== Object.prototype; next = Object.getPrototypeOf(next)) chain.push(next);
  for (const object of chain) {
    for (const name of Object.getOwnPropertyNames(object)) {
      if (seen.has(name) || name === 'constructor' || /^\d+$/.test(name)) continue;
      seen.add(name);
      const descriptor = Object.getOwnPropertyDescriptor(object, name);
      let kind = 'property';
      if (descriptor && 'value' in descriptor) kind = typeof descriptor.value === 'function' ? 'function' : 'property';
      else if (descriptor?.get && !descriptor.set && descriptor.enumerable && !descriptor.configurable) {
        try {
          kind = typeof (this as Record<string, unknown>)[name] === 'function' ? 'function' : 'property';
        } catch {
          kind = 'property';
        }
      }
      items.push({ name, kind });
    }
    if (items.length > 5000) break;
  }
  return items;
}

export class Completions {
  constructor(
    private readonly connection: CdpConnection,
    private readonly runtime: RuntimeCalls,
    private readonly evaluator: Evaluator,
    private readonly callFrame: (callFrameId: string | undefined) => CallFrame | undefined,
  ) {}

  async complete(text: string, column: number, callFrameId: string | undefined): Promise<Item[]> {
    const { object, prefix } = completionTarget(text, column);
    const items = object !== undefined ? await this.properties(object, callFrameId) : await this.names(callFrameId);
    const start = column - 1 - prefix.length;
    return items
      .filter((item) => item.label.startsWith(prefix) && !item.label.startsWith('__'))
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((item) => ({ ...item, start, length: prefix.length }));
  }

  private async properties(expression: string, callFrameId: string | undefined): Promise<Item[]> {
    await this.runtime.beginEvaluation();
    try {
      const { result, exceptionDetails } = await this.evaluator.run(expression, callFrameId, true);
      if (exceptionDetails || !result.objectId) return [];
      return await this.listOf(result.objectId);
    } finally {
      await this.runtime.endEvaluation({ value: undefined });
    }
  }

  private async listOf(objectId: string): Promise<Item[]> {
    const { result } = await this.connection.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: listProperties.toString(),
      returnByValue: true,
      silent: true,
    });
    const listed = (result.value ?? []) as { name: string; kind: string }[];
    return listed.map(({ name, kind }) => ({ label: name, type: kind as Item['type'] }));
  }

  /** Names in the frame's scopes (innermost first), then `tf`, then the globals. */
  private async names(callFrameId: string | undefined): Promise<Item[]> {
    const items = new Map<string, Item>();
    const frame = this.callFrame(callFrameId);
    for (const scope of frame?.scopeChain ?? []) {
      if (scope.type === 'global' || !scope.object.objectId) continue;
      const { result } = await this.connection.send('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: true });
      for (const property of result) {
        if (!items.has(property.name)) {
          items.set(property.name, { label: property.name, type: property.value?.type === 'function' ? 'function' : 'variable' });
        }
      }
    }
    if (!items.has('tf')) items.set('tf', { label: 'tf', type: 'module' });
    const global = await this.connection.send('Runtime.evaluate', { expression: globalObjectLookup, silent: true });
    if (global.result.objectId) {
      for (const item of await this.listOf(global.result.objectId)) if (!items.has(item.label)) items.set(item.label, item);
    }
    return [...items.values()];
  }
}
