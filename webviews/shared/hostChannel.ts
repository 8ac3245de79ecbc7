/**
 * A webview's side of the channel to the extension host: the VS Code API (messages out,
 * state kept while the panel is hidden), the host's messages in, the status line the host's
 * `status` messages fill, and the page's own elements by id. Shared by the panels' pages.
 */

/** What `acquireVsCodeApi()` gives a webview; `ToHost` is the panel's message type. */
export interface VsCodeApi<ToHost> {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi<unknown>;

/** The page's VS Code API (VS Code lets a page acquire it once). */
export function vscodeApi<ToHost>(): VsCodeApi<ToHost> {
  return acquireVsCodeApi() as VsCodeApi<ToHost>;
}

/** Calls `handle` with each message the host posts (objects with a string `type`). */
export function onHostMessage<FromHost extends { type: string }>(handle: (message: FromHost) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as FromHost | undefined;
    if (data && typeof data === 'object' && typeof data.type === 'string') handle(data);
  });
}

/** Shows the host's status line, in the error colour when it reports a failure. */
export function showStatus(element: HTMLElement, status: { message: string; error?: boolean }): void {
  element.textContent = status.message;
  element.classList.toggle('error', status.error === true);
}

/** The element with this id; the page's own markup has it, so a missing one is a bug. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing`);
  return element as T;
}
