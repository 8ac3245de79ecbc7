/** The message of an exception thrown in the program, as the user should read it. */
import type { Protocol } from 'devtools-protocol';

/**
 * The exception's message without its stack trace, e.g. tfjs's own `Error in matMul: …`.
 * A plain `Error: ` prefix is dropped; other classes (`TypeError: …`) keep their name.
 */
export function exceptionMessage(details: Protocol.Runtime.ExceptionDetails): string {
  const description = details.exception?.description ?? details.exception?.value ?? details.text;
  const text = String(description);
  const stackStart = text.search(/\n\s+at /);
  const message = stackStart >= 0 ? text.slice(0, stackStart) : text;
  return message.startsWith('Error: ') ? message.slice('Error: '.length) : message;
}
