/**
 * The messages on the private socket between the debug adapter and the in-process agent:
 * CDP requests, responses and events as JSON, plus the agent's own methods.
 */

/** Methods the agent answers itself rather than relaying to the inspector. */
export const agentMethods = {
  /** Lets the program's main module start (it is held until the adapter's configurationDone). */
  release: 'Agent.release',
} as const;

/** A request from the adapter: a CDP command or an agent method. */
export interface AgentRequest {
  id: number;
  method: string;
  params?: unknown;
}

/** A response or an event from the agent, shaped as CDP's own. */
export type AgentResponse =
  | { id: number; result: object }
  | { id: number; error: { message: string; code?: number } }
  | { method: string; params?: unknown };
