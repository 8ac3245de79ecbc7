/**
 * What the extension's `activate` returns to other extensions (`vscode.extensions.getExtension(
 * 'tfjs-model-debugger.tfjs-model-debugger').exports`): the `tfjs/*` requests of
 * protocol/customRequests.ts for any debug session whose tensors the extension shows, a `tfjs`
 * session or one of VS Code's JavaScript debugger that it follows (docs/protocol.md).
 */
import type { CustomRequestArgs, CustomRequestBody, CustomRequestName } from './customRequests';

export interface TfjsDebuggerApi {
  /**
   * Sends a `tfjs/*` request to the session `sessionId`; a `frameId` is that session's own.
   * Rejects when the extension shows no tensors for that session (yet: a followed session's
   * companion starts a moment after the session).
   */
  request<N extends CustomRequestName>(sessionId: string, name: N, args: CustomRequestArgs<N>): Promise<CustomRequestBody<N>>;
}
