/**
 * The one list of the adapter's custom DAP requests (`session.customRequest(name, args)`):
 * names, arguments and response bodies, used by the adapter, the extension and the tests.
 */
import type { MemoryInfo } from './runtimeApi';

/** Every custom request: its arguments and its response body. */
export interface CustomRequests {
  /** Tensor memory of the program's tfjs engine. */
  'tfjs/memory': { args: Record<string, never>; body: MemoryInfo };
}

export type CustomRequestName = keyof CustomRequests;
export type CustomRequestArgs<N extends CustomRequestName> = CustomRequests[N]['args'];
export type CustomRequestBody<N extends CustomRequestName> = CustomRequests[N]['body'];

/** The names, for dispatch and for callers that need them as values. */
export const customRequestNames: readonly CustomRequestName[] = ['tfjs/memory'];
