/**
 * The debugger's own work inside the program. Everything the runtime runs for the adapter
 * (the runtime API's calls, and evaluations from their opening to their closing: Debug
 * Console, Watch, conditions, logpoints, views, edits) runs with `debuggerWork.depth` raised.
 * The recorder's engine wrappers pass straight through while it is, so the profile, the
 * tapes and the NaN sentinel hold the program's work only, for the price of one comparison
 * per kernel and scope.
 */

/** How many pieces of the debugger's work are open now; 0 while the program runs its own code. */
export const debuggerWork = { depth: 0 };

/** `fn` run as the debugger's work. */
export function asDebuggerWork<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    debuggerWork.depth++;
    try {
      return fn(...args);
    } finally {
      debuggerWork.depth--;
    }
  };
}
