/**
 * Turns a DAP breakpoint's `condition`, `hitCondition` and `logMessage` into one V8
 * breakpoint condition, so that all three are decided inside the program without a stop:
 * the user's condition, then the runtime's hit counter, then the logpoint, which logs and
 * answers false so the program never pauses there. A condition or a logpoint runs the user's
 * expressions, which may run tf ops: it runs as the runtime's evaluation, so that its tensors
 * are disposed and nothing of it is recorded as the program's.
 */
import { runtimeGlobal } from '../../protocol/runtimeApi';

export interface BreakpointConditions {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

const hitConditionPattern = /^\s*(>=|<=|==|=|>|<|%)?\s*(\d+)\s*$/;

/** Why a hit condition cannot be used, or undefined when it can. */
export function hitConditionProblem(hitCondition: string): string | undefined {
  return hitConditionPattern.test(hitCondition)
    ? undefined
    : `hitCondition: expected a count such as 5, >= 5, == 5, < 5 or % 5, got ${hitCondition}`;
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

/** The V8 condition for breakpoint `id`, or undefined when it always stops. */
export function compileCondition(id: number, conditions: BreakpointConditions): string | undefined {
  const api = `globalThis.${runtimeGlobal}`;
  const parts: string[] = [];
  if (conditions.condition?.trim()) parts.push(`(${conditions.condition})`);
  if (conditions.hitCondition?.trim()) parts.push(`${api}.hit(${id}, ${JSON.stringify(conditions.hitCondition)})`);
  if (conditions.logMessage !== undefined) {
    const { texts, expressions } = parseLogMessage(conditions.logMessage);
    // Each expression fails alone: its error is logged in its place.
    const values = expressions.map((expression) => `(() => { try { return (${expression}); } catch (error) { return error; } })()`);
    parts.push(`(${api}.logpoint(${id}, ${JSON.stringify(texts)}, [${values.join(', ')}]), false)`);
  }
  if (parts.length === 0) return undefined;
  const compiled = parts.join(' && ');
  return conditions.condition?.trim() || conditions.logMessage !== undefined ? `${api}.evaluateCondition(() => ${compiled})` : compiled;
}
