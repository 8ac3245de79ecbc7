/**
 * The `backend` launch argument inside the program's engine: that backend is given the top
 * priority when it registers (so it is tfjs's default), and the program's own `tf.setBackend`
 * calls are turned to it, with a notice. A backend whose package tfjs does not bring is loaded
 * and started before the program runs (launchBackend.ts); until it registers, or if it never
 * does, nothing is turned and nothing is said.
 */
import type { RuntimeSettings } from '../protocol/runtimeApi';

export type Backend = Exclude<RuntimeSettings['backend'], 'auto'>;

/** The part of tfjs-core's Engine that choosing a backend uses. */
export interface BackendEngine {
  registryFactory: Record<string, unknown>;
  registerBackend(name: string, factory: unknown, priority?: number): boolean;
  setBackend(name: string): Promise<boolean>;
  removeBackend(name: string): void;
}

/** Tells the user on the program's stderr. */
export function say(text: string): void {
  process.stderr.write(`tfjs-debugger: ${text}\n`);
}

/** Makes `wanted` the program's backend. */
export function chooseBackend(engine: BackendEngine, wanted: Backend): void {
  const registerBackend = engine.registerBackend;
  engine.registerBackend = (name, factory, priority = 1) => registerBackend.call(engine, name, factory, name === wanted ? Math.max(priority, 1000) : priority);
  let told = false;
  const setBackend = engine.setBackend;
  engine.setBackend = (name: string) => {
    if (name === wanted || !(wanted in engine.registryFactory)) return setBackend.call(engine, name);
    if (!told) {
      say(`tf.setBackend('${name}') runs on "${wanted}", the backend of the launch configuration.`);
      told = true;
    }
    return setBackend.call(engine, wanted);
  };
}
