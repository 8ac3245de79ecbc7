/**
 * The webgpu backend prints, once per program, that synchronous reads from the GPU are slow
 * (on the first `dataSync`, flagged by its `hasReadSyncWarned`). The debugger's reads are
 * synchronous because they must be: a page paused at a breakpoint settles no promise. They
 * must neither print that warning in the program's console nor use it up before the
 * program's own first synchronous read, so the flag is set for the debugger's work and put
 * back after it.
 */
import { currentEngine } from './programTfjs';

interface WarningBackend {
  hasReadSyncWarned?: boolean;
}

/** The program's backend instance, from the engine's registry (the `backend` getter would start one). */
function programBackend(): WarningBackend | undefined {
  const engine = currentEngine() as { registry?: Record<string, WarningBackend | undefined>; backendName?: string } | undefined;
  return engine?.backendName ? engine.registry?.[engine.backendName] : undefined;
}

/** Quiets the program backend's read warning; answers what puts it back as it was. */
export function quietReadWarning(): () => void {
  const backend = programBackend();
  if (!backend || backend.hasReadSyncWarned !== false) return () => undefined;
  backend.hasReadSyncWarned = true;
  return () => {
    backend.hasReadSyncWarned = false;
  };
}

/** `read` run with the read warning quieted: the runtime's own reads in the program's time (the NaN sentinel's, the tape's). */
export function readQuietly<R>(read: () => R): R {
  const restore = quietReadWarning();
  try {
    return read();
  } finally {
    restore();
  }
}
