/**
 * Stops the program where a NaN or Inf is born (a kernel whose output holds one while its
 * inputs hold none). The stop is a `debugger` statement in a script of its own, named so
 * the adapter knows the stop for what it is and shows the user's line below it; the runtime's
 * own script cannot hold it, because the adapter skips (blackboxes) that script. The host
 * compiles it (host.ts): `vm` in Node, an indirect eval in a page.
 */
import { runtimeHost } from './host';
import type { NonFiniteOutput } from './recorder/kernelRecorder';
import type { CallSites } from './recorder/callSites';

/** What the adapter reads when it stops there. */
export interface NonFiniteReport {
  kernel: string;
  path?: string;
  line?: number;
  column?: number;
}

let pending: NonFiniteReport | undefined;
let stop: (() => void) | undefined;

/** Stops in the sentinel's script, if a debugger is attached: the NaN stops' and the layer breakpoints' (layerBreakpoints.ts). */
export function stopInSentinel(): void {
  stop ??= runtimeHost().compileSentinelStop();
  stop();
}

/** Records the finding and stops in the sentinel's script, if a debugger is attached. */
export function stopOnNonFinite(found: NonFiniteOutput, callSites: CallSites): void {
  const location = callSites.locations[found.source];
  pending = { kernel: found.kernel, path: location?.path, line: location?.line, column: location?.column };
  stopInSentinel();
  pending = undefined;
}

/** The finding the program is stopped on, if it is stopped in the sentinel. */
export function pendingNonFinite(): NonFiniteReport | undefined {
  return pending;
}
