/**
 * The `backend` launch argument: the program computes on the backend the launch
 * configuration names, whatever it would choose itself. That backend is given the top
 * priority when it registers (so it is the default), the program's `tf.setBackend` calls
 * are turned to it, and its package (`@tensorflow/tfjs-backend-wasm`, `@tensorflow/tfjs-node`)
 * is loaded from the program's own project if the program does not load it. The wasm
 * backend initialises asynchronously, as it always does: the program awaits `tf.ready()` or
 * `tf.setBackend()` before its first op on it.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { callSitesAbove } from './recorder/callSites';

type Backend = 'cpu' | 'wasm' | 'tensorflow';

interface BackendEngine {
  registryFactory: Record<string, unknown>;
  /** How the engine picks its default backend when the program never chose one. */
  initializeBackendsAndReturnBest?(): { name: string; asyncInit?: boolean };
  registerBackend(name: string, factory: unknown, priority?: number): boolean;
  setBackend(name: string): Promise<boolean>;
}

/** The npm package that registers a backend, for those the tfjs package does not bring. */
const packages: Partial<Record<Backend, string>> = {
  wasm: '@tensorflow/tfjs-backend-wasm',
  tensorflow: '@tensorflow/tfjs-node',
};

function say(text: string): void {
  process.stderr.write(`tfjs-debugger: ${text}\n`);
}

/** Loads the backend's package from the program's project, once; false when it is not there. */
function loadPackage(wanted: Backend): boolean {
  const name = packages[wanted];
  if (!name) return true;
  const from = [path.dirname(process.argv[1] ?? '.'), process.cwd()];
  try {
    const entry = require.resolve(name, { paths: from });
    // Loaded as the program would load it (it registers itself with the program's engine).
    const load = createRequire(entry);
    const exports = load(entry) as { setWasmPaths?: (prefix: string) => void };
    // The wasm backend fetches its .wasm files from a path: those inside its own package.
    if (wanted === 'wasm' && exports.setWasmPaths) {
      exports.setWasmPaths(path.dirname(require.resolve(`${name}/dist/tfjs-backend-wasm.wasm`, { paths: from })) + path.sep);
    }
    return true;
  } catch (error) {
    say(`backend "${wanted}" from the launch configuration needs ${name}, which the program's project does not have (${(error as Error).message.split('\n')[0]}); install it with npm install ${name}. The program's own backend is used.`);
    return false;
  }
}

/** Whether the engine's own `backend` getter (choosing its default) called the caller. */
function calledByEngineDefault(): boolean {
  // V8 names the getter's frame `get` (older: `get backend`) on an Engine.
  const caller = callSitesAbove(calledByEngineDefault, 2)[1];
  return caller?.getTypeName() === 'Engine' && /^get\b/.test(caller.getFunctionName() ?? '');
}

/** Makes `wanted` the program's backend. */
export function chooseBackend(engine: BackendEngine, wanted: Backend): void {
  const registerBackend = engine.registerBackend;
  engine.registerBackend = (name, factory, priority = 1) =>
    registerBackend.call(engine, name, factory, name === wanted ? Math.max(priority, 1000) : priority);
  let available: boolean | undefined;
  let told = false;
  const setBackend = engine.setBackend;
  engine.setBackend = (name: string) => {
    // The engine sets its default backend itself (already ours when registered); only the
    // program's own choice is turned.
    if (name === wanted || calledByEngineDefault()) return setBackend.call(engine, name);
    available ??= wanted in engine.registryFactory || loadPackage(wanted);
    if (!available) return setBackend.call(engine, name);
    if (!told) {
      say(`tf.setBackend('${name}') runs on "${wanted}", the backend of the launch configuration.`);
      told = true;
    }
    return setBackend.call(engine, wanted);
  };
  // Ops run before the program chooses a backend start the engine's default, which can only be
  // one that starts at once: until the program's tf.setBackend() (turned above), if ever, the
  // launch configuration's backend is not used, and the user is told.
  const initializeBest = engine.initializeBackendsAndReturnBest;
  if (typeof initializeBest !== 'function') return;
  let toldDefault = false;
  engine.initializeBackendsAndReturnBest = () => {
    const best = initializeBest.call(engine);
    if (best.name !== wanted && !toldDefault) {
      say(
        `the program's first ops run on "${best.name}", tfjs's default: "${wanted}", the backend of the launch configuration, starts asynchronously and is used from the program's \`await tf.setBackend(...)\` on. A program that never calls it runs on "${best.name}".`,
      );
      toldDefault = true;
    }
    return best;
  };
}
