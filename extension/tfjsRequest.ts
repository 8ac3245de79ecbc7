/**
 * Typed `session.customRequest` for the `tfjs/*` requests of protocol/customRequests.ts, used
 * by the panels, the hover and the commands; and the text of a failed request for the user.
 */
import type { TensorSession } from './debugStops';
import type { CustomRequestArgs, CustomRequestBody, CustomRequestName } from '../protocol/customRequests';

/** Typed `session.customRequest`. */
export async function tfjsRequest<N extends CustomRequestName>(session: TensorSession, name: N, args: CustomRequestArgs<N>): Promise<CustomRequestBody<N>> {
  return (await session.customRequest(name, args)) as CustomRequestBody<N>;
}

/** What went wrong, as a line for the user. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
