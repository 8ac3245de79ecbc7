/**
 * What the runtime needs of the platform it runs on, behind one small interface, so that the
 * modules both runtimes share stay free of Node and of the DOM: the Node runtime's entry
 * (index.ts) installs nodeHost.ts, the browser runtime's entry (browserEntry.ts) installs
 * browserHost.ts, each before anything else runs. Nothing here is read per kernel.
 */
import type { LayersExports } from './recorder/modelScopes';
import type { ViewJob } from './binaryChannel';

/** The agent's channel for tensor bytes (Node under launch); absent where views travel as base64. */
export interface BinaryChannel {
  /** Copies values for the agent to view on its thread; the job's id, or undefined without an agent. */
  offloadView(values: ArrayLike<number>, job: Omit<ViewJob, 'view' | 'shared' | 'length'>): number | undefined;
  /** Sends bytes to the adapter; the transfer's id, or undefined without an agent. */
  transfer(data: Float32Array): number | undefined;
}

export interface RuntimeHost {
  /** Whether a script, by the name V8 gives its frames, is the runtime's own. */
  isOwnScript(file: string): boolean;
  /** The path a user knows a script by: a file path for a Node `file:` URL, a page's URL as it is. */
  scriptPath(file: string): string;
  /** Compiles the NaN sentinel's stop: a function whose `debugger` statement is in a script named `nanSentinelUrl`. */
  compileSentinelStop(): () => void;
  /** A logged value that is neither a tensor, a string nor an error, as one line of text. */
  formatValue(value: unknown): string;
  /** Base64 of the bytes of a float32 view. */
  base64(data: Float32Array): string;
  /** The program's `tf` namespace, if one can be found. */
  findNamespace(): object | undefined;
  /** Why an edit that needs the `tf` namespace cannot make its tensor, when none was found. */
  readonly noNamespace: string;
  /** Calls `onLayers` with each copy of tfjs-layers the program loads (from now on, and any already there). */
  watchLayers(onLayers: (exports: LayersExports) => void): void;
  /** The agent's channel for raw tensor bytes, where there is one. */
  readonly binary?: BinaryChannel;
}

let current: RuntimeHost | undefined;

/** Installs the platform's host; the entry calls it first. */
export function useHost(host: RuntimeHost): void {
  current = host;
}

/** The platform's host. */
export function runtimeHost(): RuntimeHost {
  if (!current) throw new Error('tfjs-debugger: the runtime host is not installed (the entry calls useHost first)');
  return current;
}
