/**
 * The code the adapter has V8 run inside the program where CDP takes text, not a function: a
 * breakpoint's condition, an assignment in a paused frame, a global lookup, the runtime injected
 * into a page, and the names the Variables view hands out for Watch and "Copy as Expression". Each is made here, around the
 * user's own text, so that all code running in the program is written in runtime/; everything
 * else the adapter runs there is a typed function sent with `Runtime.callFunctionOn`. Also
 * the text another debugger runs there: js-debug's `customDescriptionGenerator`, which the
 * extension puts in js-debug's launch configurations.
 *
 * The adapter and the extension import this file alone of runtime/ (the layer table in
 * eslint.config.mjs), and it imports nothing but protocol/, so no part of the runtime's bundle
 * reaches them.
 */
import { browserSettingsGlobal, runtimeGlobal, type RuntimeApi, type RuntimeSettings } from '../protocol/runtimeApi';

/** The runtime API as the program's code reaches it. */
const api = `globalThis.${runtimeGlobal}`;

/** The text of a call of the typed function `fn` with JSON arguments. */
function invocation<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): string {
  return `(${fn.toString()})(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
}

/** Looks up the runtime API object: undefined when the runtime is not loaded. */
export const runtimeApiLookup = invocation((name: string) => (globalThis as Record<string, unknown>)[name], runtimeGlobal);

/** The program's Node flags and NODE_OPTIONS, which say whether it preloads the runtime. */
export const nodeFlagsLookup = invocation(() => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '));

/**
 * The URLs of the scripts a page loaded: its `<script src>` and the scripts it fetched (module
 * chunks); none outside a page.
 */
export const pageScriptsExpression = invocation(() => {
  const page = globalThis as unknown as {
    document?: { scripts: ArrayLike<{ src: string }> };
    performance?: { getEntriesByType(type: string): { name: string; initiatorType: string }[] };
  };
  if (!page.document) return [];
  const tags = Array.from(page.document.scripts, (script) => script.src);
  const fetched = (page.performance?.getEntriesByType('resource') ?? [])
    .filter((entry) => entry.initiatorType === 'script' || /\.m?js(\?|$)/.test(entry.name))
    .map((entry) => entry.name);
  return [...new Set([...tags, ...fetched])].filter((url) => url !== '');
});

/** The global object, whose names the Debug Console completes outside a pause. */
export const globalObjectLookup = invocation(() => globalThis);

/**
 * What js-debug shows for `value`: the runtime's `descriptionOf` for a tensor, otherwise (no
 * runtime in the program, not a tensor, an older runtime, a failure) js-debug's own
 * `defaultValue`. js-debug calls it for every value of a scope or object it lists, so a
 * value that is not an object returns at once.
 */
function describeForJsDebug(value: unknown, defaultValue: string, apiName: string): string {
  if (typeof value !== 'object' || value === null) return defaultValue;
  try {
    const api = (globalThis as Record<string, unknown>)[apiName] as Partial<Pick<RuntimeApi, 'descriptionOf'>> | undefined;
    const description = api && typeof api.descriptionOf === 'function' ? api.descriptionOf(value) : undefined;
    return typeof description === 'string' ? description : defaultValue;
  } catch {
    return defaultValue;
  }
}

/**
 * js-debug's `customDescriptionGenerator` (its launch option): a function js-debug calls as
 * `function (defaultValue)` with `this` the value it shows, in Variables, Watch, hovers and
 * the Debug Console; tensors get the runtime's one-line presentation
 * (`float32[64,16] min=… max=… mean=… std=…`, or `float32[64,16] (on webgl)`).
 */
export const tensorDescriptionGenerator = `function (defaultValue) { return (${describeForJsDebug.toString()})(this, defaultValue, ${JSON.stringify(runtimeGlobal)}); }`;

/** The runtime for a page: its settings as a global, then the browser bundle, which reads them as it installs (defaults fill the rest). */
export function pageRuntimeInjection(settings: Partial<RuntimeSettings>, bundleSource: string): string {
  return `globalThis.${browserSettingsGlobal} = ${JSON.stringify(settings)};\n${bundleSource}`;
}

/** Assigns the value the runtime API's `stash` holds to `target`, an assignable expression the user wrote. */
export function assignStashed(target: string): string {
  return `${target} = ${api}.takeStash()`;
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** Whether an expression is a plain name, which a frame's scope may bind. */
export function isIdentifier(expression: string): boolean {
  return identifier.test(expression);
}

/** The expression that reaches property `name` of what `parent` reaches (a name alone at the top). */
export function memberName(parent: string | undefined, name: string): string | undefined {
  if (parent === undefined) return identifier.test(name) ? name : undefined;
  if (/^\d+$/.test(name)) return `${parent}[${name}]`;
  return identifier.test(name) ? `${parent}.${name}` : `${parent}[${JSON.stringify(name)}]`;
}

/** The expression of the entry with string key `key` of the Map `map` reaches. */
export function mapEntryName(map: string, key: string): string {
  return `${map}.get(${JSON.stringify(key)})`;
}

/** The expression of the sub-tensor at `index` (leading axes) of the tensor `root` reaches. */
export function subTensorName(root: string, index: number[]): string {
  return index.reduce((expression, i) => `tf.gather(${expression}, ${i})`, root);
}

/** The expression of the element at `index` of the tensor `root` reaches. */
export function elementName(root: string, index: number[]): string {
  return `${root}.bufferSync().get(${index.join(', ')})`;
}

/** The DAP fields of a breakpoint that the program decides without stopping. */
export interface BreakpointConditions {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

/** A hit condition: a count, optionally compared (`5`, `>= 5`, `== 5`, `< 5`, `% 5`). */
export const hitConditionPattern = /^\s*(>=|<=|==|=|>|<|%)?\s*(\d+)\s*$/;

/** Why a hit condition cannot be used, or undefined when it can. */
export function hitConditionProblem(hitCondition: string): string | undefined {
  return hitConditionPattern.test(hitCondition) ? undefined : `hitCondition: expected a count such as 5, >= 5, == 5, < 5 or % 5, got ${hitCondition}`;
}

/** A log message split into its text and its `{expression}` parts (braces may nest). */
export function parseLogMessage(message: string): { texts: string[]; expressions: string[] } {
  const texts: string[] = [];
  const expressions: string[] = [];
  let text = '';
  let i = 0;
  while (i < message.length) {
    if (message[i] !== '{') {
      text += message[i++];
      continue;
    }
    let depth = 0;
    let end = i;
    for (; end < message.length; end++) {
      if (message[end] === '{') depth++;
      else if (message[end] === '}' && --depth === 0) break;
    }
    if (end >= message.length) {
      text += message.slice(i);
      break;
    }
    texts.push(text);
    expressions.push(message.slice(i + 1, end));
    text = '';
    i = end + 1;
  }
  texts.push(text);
  return { texts, expressions };
}

/**
 * The V8 condition of breakpoint `id`, or undefined when it always stops: the user's
 * condition, then the runtime's hit counter, then the logpoint, which logs and answers false so
 * that the program never pauses there. The user's expressions may run tf ops, so a condition
 * or a logpoint runs as the runtime's evaluation (its tensors disposed, nothing of it recorded
 * as the program's); a hit count alone runs no user code. Each logged expression is passed as
 * a function, so that one that throws is logged as its error in its place.
 */
export function breakpointCondition(id: number, conditions: BreakpointConditions): string | undefined {
  const parts: string[] = [];
  if (conditions.condition?.trim()) parts.push(`(${conditions.condition})`);
  if (conditions.hitCondition?.trim()) parts.push(`${api}.hit(${id}, ${JSON.stringify(conditions.hitCondition)})`);
  if (conditions.logMessage !== undefined) {
    const { texts, expressions } = parseLogMessage(conditions.logMessage);
    parts.push(`${api}.logpoint(${id}, ${JSON.stringify(texts)}, [${expressions.map((expression) => `() => (${expression})`).join(', ')}])`);
  }
  if (parts.length === 0) return undefined;
  const compiled = parts.join(' && ');
  return conditions.condition?.trim() || conditions.logMessage !== undefined ? `${api}.evaluateCondition(() => ${compiled})` : compiled;
}
