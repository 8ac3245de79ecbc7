/**
 * The program's own tfjs, found without importing any: its engine and its `tf` namespace.
 * tfjs-core creates its engine once per process and stores it in the `_tfengine` global
 * (`getOrMakeEngine`); an accessor defined before tfjs loads sees that
 * assignment, whichever copy of tfjs-core and whichever backend the program uses. The `tf`
 * namespace is found lazily in `require.cache`, preferring the most complete package loaded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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

/** Packages whose main module exports a `tf` namespace, most complete first. */
const namespacePackages = ['tfjs-node-gpu', 'tfjs-node', 'tfjs', 'tfjs-core'];
const tensorflowModule = /[\\/]node_modules[\\/]@tensorflow[\\/]([^\\/]+)[\\/]/;

/** The program's `tf` namespace (the exports of its tfjs package), if it loaded one. */
export function findNamespace(): object | undefined {
  const cache = require.cache;
  const packageDirs = new Map<string, string>();
  for (const file of Object.keys(cache)) {
    const match = tensorflowModule.exec(file);
    if (match && namespacePackages.includes(match[1]) && !packageDirs.has(match[1])) {
      packageDirs.set(match[1], file.slice(0, match.index + match[0].length - 1));
    }
  }
  for (const name of namespacePackages) {
    const dir = packageDirs.get(name);
    if (!dir) continue;
    const main = mainModule(dir);
    const exports = main && cache[main]?.exports;
    if (exports && typeof exports === 'object') return exports;
  }
  return undefined;
}

function mainModule(packageDir: string): string | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { main?: string };
    return require.resolve(path.join(packageDir, manifest.main ?? 'index.js'));
  } catch {
    return undefined;
  }
}
