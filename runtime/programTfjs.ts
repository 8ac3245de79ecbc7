/**
 * The program's own tfjs engine, found without importing tfjs. tfjs-core creates its engine
 * once per process (or page) and stores it in the `_tfengine` global (`getOrMakeEngine`); an
 * accessor defined before tfjs loads sees that assignment, whichever copy of tfjs-core and
 * whichever backend the program uses. (Its `tf` namespace is the host's to find: host.ts.)
 */

/** The part of tfjs-core's Engine the runtime uses. */
export interface EngineLike {
  backendName: string;
  state: {
    gradientDepth: number;
    activeTape: unknown;
    numTensors: number;
    numBytes: number;
    activeScope: { id: number } | null;
    scopeStack: { id: number; track: object[] }[];
  };
  startScope(name?: string): void;
  endScope(result?: unknown): void;
}

let engine: EngineLike | undefined;

/**
 * Installs the `_tfengine` accessor; keeps an engine that was already there. `onEngine` is
 * called with the engine once tfjs-core makes it (or at once for one already there).
 */
export function hookEngine(onEngine: (engine: EngineLike) => void): void {
  const global = globalThis as { _tfengine?: EngineLike };
  engine = global._tfengine ?? undefined;
  Object.defineProperty(globalThis, '_tfengine', {
    configurable: true,
    enumerable: false,
    get: () => engine,
    set: (value: EngineLike) => {
      engine = value;
      try {
        onEngine(value);
      } catch {
        // A hook that fails leaves the program's tfjs as it is.
      }
    },
  });
  if (engine) onEngine(engine);
}

/** The program's engine, once tfjs-core has loaded. */
export function currentEngine(): EngineLike | undefined {
  return engine;
}
