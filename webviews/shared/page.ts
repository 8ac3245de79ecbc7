/**
 * What every panel's page script needs from its page: VS Code's webview API, typed by the
 * messages that page sends, and its elements by id.
 */

/** The object `acquireVsCodeApi()` gives a webview (once per page). */
export interface VsCodeApi<ToHost> {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi<never>;

export function vsCodeApi<ToHost>(): VsCodeApi<ToHost> {
  return acquireVsCodeApi() as VsCodeApi<ToHost>;
}

/** The element with this id; the page's own markup has it, so a missing one is a bug. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing`);
  return element as T;
}
