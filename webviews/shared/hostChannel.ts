/**
 * A webview's side of the channel to the extension host: the VS Code API (messages out,
 * state kept while the panel is hidden), the host's messages in by type, the error and status
 * lines the host's `error` and `status` messages fill, and the page's markup and its elements
 * by id. Shared by the panels' pages.
 */

/** What `acquireVsCodeApi()` gives a webview; `ToHost` is the panel's message type. */
export interface VsCodeApi<ToHost> {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi<unknown>;

/** What a page does with each type of message its host sends. */
export type HostHandlers<FromHost extends { type: string }> = { [K in FromHost['type']]: (message: Extract<FromHost, { type: K }>) => void };

/** Calls the handler of each message's type the host posts (objects with a string `type` the page handles). */
export function onHostMessage<FromHost extends { type: string }>(handlers: HostHandlers<FromHost>): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as FromHost | undefined;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string' || !Object.prototype.hasOwnProperty.call(handlers, data.type)) return;
    (handlers[data.type as FromHost['type']] as (message: FromHost) => void)(data);
  });
}

/** The page's markup, put in its mount point (`#app`, which carries the page's `data-` attributes). */
export function mountPage(markup: string): HTMLElement {
  const app = document.getElementById('app') ?? document.body;
  app.innerHTML = markup;
  return app;
}

/** The key of a page's VS Code state under which `keep` puts what it holds for the host's messages, beside the page's own settings. */
const KEPT = 'kept';

/** A page's channel out: its messages to the host, and the state it keeps while hidden. */
export interface PageChannel<ToHost, State> {
  /** What the page saved before it was last let go; nothing of it checked yet. */
  saved: Partial<State>;
  post(message: ToHost): void;
  /** Saves the page's own settings (what `keep` holds stays). */
  save(state: State): void;
  /** What `keep` held before the page was last let go; nothing of it checked yet. */
  kept: unknown;
  /** Keeps `value` in the page's state beside its settings (the host's last messages, for a restore). */
  keep(value: unknown): void;
}

/** The page's channel out (VS Code lets a page acquire its API once, so call this once). */
export function pageChannel<ToHost, State>(): PageChannel<ToHost, State> {
  const api = acquireVsCodeApi() as VsCodeApi<ToHost>;
  const { [KEPT]: kept, ...saved } = (api.getState() ?? {}) as Record<string, unknown>;
  let settings: unknown = saved;
  let held: unknown = kept;
  const write = () => api.setState({ ...(settings as object), ...(held === undefined ? {} : { [KEPT]: held }) });
  return {
    saved: saved as Partial<State>,
    kept,
    post: (message) => api.postMessage(message),
    save: (state) => {
      settings = state;
      write();
    },
    keep: (value) => {
      held = value;
      write();
    },
  };
}

/** Shows why the host has nothing to show, in `element`, in the error colour until cleared. */
export function showError(element: HTMLElement, message: string): void {
  element.textContent = message;
  element.classList.add('error');
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
