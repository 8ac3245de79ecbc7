/**
 * Helpers that breakpoint conditions call inside the program: hit counting for
 * `hitCondition`, and logpoint messages, formatted here (a tensor as its presentation string)
 * and handed to the adapter through a CDP binding, so they never touch the program's stdout.
 */
import { outputBinding } from '../protocol/runtimeApi';
import { hitConditionPattern } from './adapterCode';
import { runtimeHost } from './host';
import { summarize } from './tensorReader';

const hits = new Map<number, number>();

/** Counts a hit of breakpoint `id` and says whether `condition` (`>= 5`, `== 3`, `% 2`, `5`) holds. */
export function hit(id: number, condition: string): boolean {
  const count = (hits.get(id) ?? 0) + 1;
  hits.set(id, count);
  const match = hitConditionPattern.exec(condition);
  if (!match) return false;
  const n = Number(match[2]);
  switch (match[1]) {
    case '>':
      return count > n;
    case '<':
      return count < n;
    case '<=':
      return count <= n;
    case '==':
    case '=':
      return count === n;
    case '%':
      return n > 0 && count % n === 0;
    default:
      return count >= n;
  }
}

/** A logged value: tensors by their presentation, errors by their message. */
function formatLogged(value: unknown): string {
  const tensor = summarize(value);
  if (tensor) return tensor.value;
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return runtimeHost().formatValue(value);
}

/** The value of a logged expression, or the error it threw: each expression fails alone. */
function valueOf(expression: () => unknown): unknown {
  try {
    return expression();
  } catch (error) {
    return error;
  }
}

/** Sends a logpoint's message (`texts` interleaved with the values of `expressions`) to the adapter; false, so the program goes on. */
export function logpoint(id: number, texts: string[], expressions: (() => unknown)[]): false {
  let message = texts[0] ?? '';
  expressions.forEach((expression, i) => (message += formatLogged(valueOf(expression)) + (texts[i + 1] ?? '')));
  const send = (globalThis as Record<string, unknown>)[outputBinding];
  if (typeof send === 'function') send(JSON.stringify({ logpoint: id, message }));
  return false;
}
