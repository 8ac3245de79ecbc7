/**
 * A page that VS Code's JavaScript debugger (js-debug) runs in Chromium, launched as users
 * launch one (`pwa-chrome`, with their webRoot), for the scenarios that follow pages: the
 * page's session, its next stop, evaluations in the page through js-debug, and an end that
 * leaves no browser behind. Extension-host side only.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DebugSession } from 'vscode';
import type * as vscodeApi from 'vscode';
import { CHROMIUM, PAGE_FLAGS } from '../../chromium';
import { STOP_TIMEOUT_MS } from './scenario';

/** A page js-debug runs. */
export interface JsDebugPage {
  /** js-debug's session of the page (a child of its launcher session). */
  session: DebugSession;
  /** The thread id of js-debug's first `stopped` event. */
  stopped: Promise<number>;
  /** The thread id of js-debug's next `stopped` event after this call. */
  nextStop(): Promise<number>;
  /** The browser's profile folder: its processes are known by it. */
  browserProfile: string;
  /** Ends the session if it still runs, and removes the profile folder. */
  close(): Promise<void>;
}

/** The text js-debug's `evaluate` answers for a global expression in the page. */
export async function evaluate(session: DebugSession, expression: string): Promise<string> {
  const { result } = await session.customRequest('evaluate', { expression, context: 'repl' });
  return String(result);
}

/** Resolves once `expression` is true in the page; fails after `ms`. */
export async function until(session: DebugSession, expression: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  let last = '';
  while ((last = await evaluate(session, `Boolean(${expression})`).catch((error: Error) => error.message)) !== 'true') {
    if (Date.now() > end) assert.fail(`${expression} did not hold in the page within ${ms / 1000} s (last answer: ${last})`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** Resolves once the extension's runtime is in the page and the page runs tfjs on `backend`. */
export function untilFollowed(session: DebugSession, backend: string): Promise<void> {
  // The page loads before the companion attaches: a scenario's step runs once the runtime is in
  // (a page's ops before that are not recorded; a reload is recorded from its first op).
  return until(session, `globalThis.backendReady === '${backend}' && typeof globalThis.__tfjsDebugger === 'object'`, STOP_TIMEOUT_MS);
}

/** Starts `configuration` (an object, or the name of one in the workspace's launch.json) and waits for js-debug's session of its page. */
export async function startJsDebugPage(
  vscode: typeof vscodeApi,
  configuration: vscodeApi.DebugConfiguration | string,
  cleanUp: () => void = () => undefined,
): Promise<Omit<JsDebugPage, 'browserProfile'>> {
  const disposables: { dispose(): unknown }[] = [];
  // js-debug starts a launcher session, then one per page: the page's session stops.
  const pageSession = new Promise<DebugSession>((done) =>
    disposables.push(vscode.debug.onDidStartDebugSession((session) => session.type === 'pwa-chrome' && session.parentSession && done(session))),
  );
  let waiting: ((threadId: number) => void)[] = [];
  const nextStop = (): Promise<number> => new Promise((done) => waiting.push(done));
  const stopped = nextStop();
  disposables.push(
    vscode.debug.registerDebugAdapterTrackerFactory('pwa-chrome', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage(message: { type?: string; event?: string; body?: { threadId?: number } }) {
          if (message.type !== 'event' || message.event !== 'stopped') return;
          const woken = waiting;
          waiting = [];
          woken.forEach((done) => done(Number(message.body?.threadId)));
        },
      }),
    }),
  );
  const close = async (): Promise<void> => {
    disposables.forEach((disposable) => disposable.dispose());
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    cleanUp();
  };
  try {
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], configuration);
    assert.equal(started, true, 'vscode.debug.startDebugging returned false');
    return { session: await pageSession, stopped, nextStop, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Launches `url` in headless Chromium under js-debug, with the page's files under `webRoot`. */
export async function launchJsDebugPage(vscode: typeof vscodeApi, url: string, webRoot: string): Promise<JsDebugPage> {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: the project's scripts install it`);
  const browserProfile = mkdtempSync(path.join(tmpdir(), 'tfjs-js-debug-profile-'));
  const configuration = {
    type: 'pwa-chrome',
    request: 'launch',
    name: 'TF.js page (scenario)',
    url,
    webRoot,
    runtimeExecutable: CHROMIUM,
    runtimeArgs: ['--headless=new', ...PAGE_FLAGS],
    // In code-server the extension host is remote: the browser starts beside it, not in the UI.
    browserLaunchLocation: 'workspace',
    userDataDir: browserProfile,
  };
  const page = await startJsDebugPage(vscode, configuration, () => rmSync(browserProfile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
  return { ...page, browserProfile };
}
