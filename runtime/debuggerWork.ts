/**
 * The debugger's own work inside the program. Everything the runtime runs for the adapter
 * (the runtime API's calls, and evaluations from their opening to their closing: Debug
 * Console, Watch, conditions, logpoints, views, edits) runs between `openDebuggerWork` and
 * `closeDebuggerWork`. The recorder's engine wrappers pass straight through while
 * `debuggerWork.depth` is raised, so the profile, the tapes and the NaN sentinel hold the
 * program's work only, for the price of one comparison per kernel and scope; and the
 * backend's once-per-program warnings are the program's (readWarning.ts).
 */
import { quietReadWarning } from './readWarning';

/** How many pieces of the debugger's work are open now; 0 while the program runs its own code. */
export const debuggerWork = { depth: 0 };

let restoreReadWarning: (() => void) | undefined;

/** Opens a piece of the debugger's work. */
export function openDebuggerWork(): void {
  if (debuggerWork.depth++ === 0) restoreReadWarning = quietReadWarning();
}

/** Closes the piece opened last. */
export function closeDebuggerWork(): void {
  if (--debuggerWork.depth === 0) {
    restoreReadWarning?.();
    restoreReadWarning = undefined;
  }
}

/** `fn` run as the debugger's work. */
export function asDebuggerWork<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    openDebuggerWork();
    try {
      return fn(...args);
    } finally {
      closeDebuggerWork();
    }
  };
}
