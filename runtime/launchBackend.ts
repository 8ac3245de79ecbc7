/**
 * Starts the launch configuration's backend before the program's main module runs, for the
 * backends whose package tfjs does not bring (wasm, tensorflow, webgpu): the package is loaded
 * from the program's own project, which creates the program's engine and registers the backend
 * with it, and the backend is selected. webgpu first needs Dawn as `navigator.gpu`
 * (dawnSetup.ts). The wasm and webgpu backends start asynchronously, so the main module waits
 * for them: Node runs it through `Module.runMain`, which a preloaded module may wrap. Whatever the
 * program then does (no `tf.setBackend`, only `tf.ready()`, ops at its top level), its first op
 * runs on that backend.
 */
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import { type Backend, type BackendEngine, say } from './backendChoice';
import { setUpDawn } from './dawnSetup';
import { currentEngine } from './programTfjs';

/** The npm package that registers a backend, for those the tfjs package does not bring. */
const packages: Partial<Record<Backend, string>> = {
  wasm: '@tensorflow/tfjs-backend-wasm',
  tensorflow: '@tensorflow/tfjs-node',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
};

/** Where the program's packages are looked up: its main module's folder, then its working directory. */
const programFolders = (): string[] => [path.dirname(process.argv[1] ?? '.'), process.cwd()];

/** Loads the backend's package from the program's project; false when it is not there. */
function loadPackage(wanted: Backend, name: string): boolean {
  const from = programFolders();
  try {
    const entry = require.resolve(name, { paths: from });
    // Loaded as the program would load it: the program's own copy of tfjs-core.
    const exports = createRequire(entry)(entry) as { setWasmPaths?: (prefix: string) => void };
    // The wasm backend reads its .wasm files from a folder: the one inside its own package.
    if (wanted === 'wasm' && exports.setWasmPaths) {
      exports.setWasmPaths(path.dirname(require.resolve(`${name}/dist/tfjs-backend-wasm.wasm`, { paths: from })) + path.sep);
    }
    return true;
  } catch (error) {
    say(
      `backend "${wanted}" from the launch configuration needs ${name}, which the program's project does not have (${(error as Error).message.split('\n')[0]}); install it with npm install ${name}. The program's own backend is used.`,
    );
    return false;
  }
}

/** Runs the program's main module once `ready` has settled. */
function holdMainUntil(ready: Promise<unknown>): void {
  const runMain = Module.runMain;
  Module.runMain = (...args: Parameters<typeof runMain>) => {
    // Run on a tick of its own, so that an error the main module throws stays uncaught.
    void ready.then(() => process.nextTick(() => runMain.apply(Module, args)));
  };
}

/** Loads, registers and selects `wanted` before the program's main module runs. */
export function startLaunchBackend(wanted: Backend): void {
  // Dawn answers its adapter request asynchronously: the backend's package loads after it.
  if (wanted === 'webgpu') {
    holdMainUntil(setUpDawn(programFolders()).then((ready) => (ready ? selectBackend(wanted) : undefined)));
    return;
  }
  const started = selectBackend(wanted);
  if (started) holdMainUntil(started);
}

/** Loads and selects `wanted`; answers what settles once it started or failed, undefined when it was not loaded. */
function selectBackend(wanted: Backend): Promise<void> | undefined {
  const name = packages[wanted];
  if (!name || !loadPackage(wanted, name)) return undefined;
  const engine = currentEngine() as unknown as BackendEngine | undefined;
  if (!engine) return undefined;
  const failed = (reason: string): void => {
    say(`backend "${wanted}" from the launch configuration did not start (${reason}). The program's own backend is used.`);
    // Unregistered, it is neither tfjs's default nor the target of the program's tf.setBackend.
    engine.removeBackend(wanted);
  };
  return engine.setBackend(wanted).then(
    (started) => {
      if (!started) failed("tfjs's warning above says why");
    },
    (error: unknown) => failed(error instanceof Error ? error.message : String(error)),
  );
}
