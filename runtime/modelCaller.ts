/**
 * The user's line of the asynchronous model call running now (`model.fit`, `fitDataset`), as
 * the recorder knows it (its model scopes): tfjs-layers runs their work after their first
 * await, with no line of the program on the stack, so the stops made there (layer
 * breakpoints, batch and epoch ends) name it instead.
 */
import type { CodeLocation } from '../protocol/runtimeApi';

let caller: () => CodeLocation | undefined = () => undefined;

export function followCallers(callerNow: () => CodeLocation | undefined): void {
  caller = callerNow;
}

/** The line that called the running asynchronous model call, if one runs. */
export function modelCaller(): CodeLocation | undefined {
  const at = caller();
  return at && { path: at.path, line: at.line, column: at.column };
}
