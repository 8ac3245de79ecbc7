import type { TensorStatsBody } from './customRequests';

/**
 * The messages on the private socket between the debug adapter and the in-process agent:
 * CDP requests, responses and events as JSON, plus the agent's own methods.
 */

/** Methods the agent answers itself rather than relaying to the inspector. */
export const agentMethods = {
  /** Lets the program's main module start (it is held until the adapter's configurationDone). */
  release: 'Agent.release',
  /** Lets a script announced by {@link agentEvents.scriptWillRun} compile and run. */
  scriptMayRun: 'Agent.scriptMayRun',
} as const;

/** Events the agent sends of its own. */
export const agentEvents = {
  /**
   * A CommonJS module with a source map is about to compile (a TypeScript file through tsx,
   * say): the program waits, up to a few seconds, for {@link agentMethods.scriptMayRun} so
   * that breakpoints in its sources are set before its first line runs.
   */
  scriptWillRun: 'Agent.scriptWillRun',
  /** Raw bytes the runtime sent (a tensor view); the frame's binary part holds them. */
  binary: 'Agent.binary',
} as const;

/** The parameters of {@link agentEvents.binary}: for a view computed by the agent, its answer. */
export interface BinaryParams {
  id: number;
  stats?: TensorStatsBody;
  view?: { shape: [number, number]; slice: string; blocks: [number, number] };
  error?: string;
}

/** The parameters of {@link agentEvents.scriptWillRun}. */
export interface ScriptWillRun {
  /** The script's URL as V8 will name it (`file://…`). */
  url: string;
  /** Its `sourceMappingURL`: a `data:` URL or a path relative to the script. */
  sourceMapURL: string;
}

/** A request from the adapter: a CDP command or an agent method. */
export interface AgentRequest {
  id: number;
  method: string;
  params?: unknown;
}

/** A response or an event from the agent, shaped as CDP's own. */
export type AgentResponse = { id: number; result: object } | { id: number; error: { message: string; code?: number } } | { method: string; params?: unknown };
