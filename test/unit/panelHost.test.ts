import { vscodeStub } from './vscodeStub';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { DebugStops, FocusedFrame } from '../../extension/debugStops';
import { PanelHost, type WebviewHandlers } from '../../extension/panels/panelHost';
import type { RestoredPanel } from '../../protocol/webviewMessages';

type FromPage = { type: 'ready' } | { type: 'refresh' };
type ToPage = { type: 'shown'; session: string; answer: string };

function session(id: string, type = 'tfjs'): vscode.DebugSession {
  return { id, type, name: `${id}.js` } as unknown as vscode.DebugSession;
}

/** A webview panel that is visible and whose page has said `ready`; `posted` is what the host sent it. */
function fakePanel() {
  const posted: unknown[] = [];
  let receive: (raw: unknown) => void = () => undefined;
  const none = { dispose: () => undefined };
  const panel = {
    visible: true,
    options: { retainContextWhenHidden: true },
    webview: {
      onDidReceiveMessage: (listener: (raw: unknown) => void) => ((receive = listener), none),
      postMessage: async (message: unknown) => posted.push(message),
    },
    onDidChangeViewState: () => none,
    onDidDispose: () => none,
    reveal: () => undefined,
    dispose: () => undefined,
  };
  return { panel: panel as unknown as vscode.WebviewPanel, posted, send: (raw: unknown) => receive(raw) };
}

/** The sessions a test has ended (DebugStops no longer knows them). */
const ended = new Set<string>();

/** Focus and stops as DebugStops reports them. */
function fakeStops() {
  let focused: FocusedFrame | undefined;
  let listener: (frame: FocusedFrame | undefined) => void = () => undefined;
  const stops = {
    focused: () => focused,
    tensorSession: (session?: { type?: string }) => (session?.type === 'tfjs' ? session : undefined),
    // Every session the tests name runs, but those `ended` lists.
    byId: (id: string) => (ended.has(id) ? undefined : { id }),
    onDidChangeFocus: (l: typeof listener) => ((listener = l), { dispose: () => undefined }),
  };
  return {
    stops: stops as unknown as DebugStops,
    focus(frame: FocusedFrame | undefined) {
      focused = frame;
      listener(frame);
    },
  };
}

/** A panel whose reads wait until the test answers them, in any order. */
class TestPanel extends PanelHost<ToPage, FromPage> {
  readonly reads: { session: string; answer(text: string): void; fail(error: Error): void }[] = [];
  protected readonly handlers: WebviewHandlers<FromPage> = { refresh: () => this.refresh() };

  constructor(panel: vscode.WebviewPanel, stops: DebugStops, followsFrames = false, restored?: RestoredPanel) {
    super(panel, stops, { parse: (raw) => raw as FromPage, followsFrames });
    if (restored) this.start(restored);
  }

  refresh(): Promise<void> {
    return this.refreshFrom(
      this.session(),
      'No TF.js debug session.',
      (target) => new Promise<string>((answer, fail) => this.reads.push({ session: target.id, answer, fail })),
      (answer, target) => this.post({ type: 'shown', session: target.id, answer }),
      (error) => `Reading: ${error}`,
    );
  }

  focusedFrame(): FocusedFrame | undefined {
    return this.frame();
  }

  protected forget(): void {}
}

function setUp(followsFrames = false, restored?: RestoredPanel) {
  const page = fakePanel();
  const focus = fakeStops();
  const host = new TestPanel(page.panel, focus.stops, followsFrames, restored);
  page.send({ type: 'ready' });
  return { ...page, ...focus, host };
}

const settle = () => new Promise((done) => setImmediate(done));

describe('PanelHost', () => {
  afterEach(() => {
    vscodeStub.debug.activeDebugSession = undefined;
    ended.clear();
  });

  it('follows the active tfjs session, else the session of the focused tfjs frame', async () => {
    const { host, focus } = setUp();
    const a = session('a');
    const b = session('b');
    vscodeStub.debug.activeDebugSession = a;
    // A stop of a session the user is not looking at reads nothing.
    focus({ session: b, frameId: 1, stop: 1 });
    void host.refresh();
    vscodeStub.debug.activeDebugSession = session('py', 'python');
    void host.refresh();
    vscodeStub.debug.activeDebugSession = undefined;
    void host.refresh();
    assert.deepEqual(
      host.reads.map((read) => read.session),
      ['a', 'b', 'b'],
    );
  });

  it('gives a frame only when it belongs to the followed session', () => {
    const { host, focus } = setUp();
    const frame = { session: session('b'), frameId: 3, stop: 2 };
    focus(frame);
    vscodeStub.debug.activeDebugSession = session('a');
    assert.equal(host.focusedFrame(), undefined);
    vscodeStub.debug.activeDebugSession = frame.session;
    assert.equal(host.focusedFrame(), frame);
  });

  it('drops the answer of a refresh a later one has superseded, and posts failures as errors', async () => {
    const { host, posted } = setUp();
    vscodeStub.debug.activeDebugSession = session('a');
    void host.refresh();
    void host.refresh();
    const [first, second] = host.reads;
    second.answer('second');
    first.answer('first');
    await settle();
    // Read while the session ran (no frame): the origin has no stop.
    const origin = { type: 'origin', origin: { session: 'a.js', ended: false } };
    assert.deepEqual(posted, [{ type: 'shown', session: 'a', answer: 'second' }, origin]);
    void host.refresh();
    void host.refresh();
    host.reads[2].fail(new Error('superseded'));
    host.reads[3].fail(new Error('tfjs/profile: recording is off'));
    await settle();
    assert.deepEqual(posted.slice(2), [{ type: 'error', message: 'Reading: tfjs/profile: recording is off' }, origin]);
  });

  it('says why there is nothing to read when no tfjs session is there, from no origin', async () => {
    const { host, posted } = setUp();
    await host.refresh();
    assert.deepEqual(posted, [
      { type: 'error', message: 'No TF.js debug session.' },
      { type: 'origin', origin: null },
    ]);
    assert.equal(host.reads.length, 0);
  });

  it('says the stop it read at, and that the session ended once it has (only for the session read)', async () => {
    const { host, posted, focus } = setUp();
    const a = session('a');
    vscodeStub.debug.activeDebugSession = a;
    focus({ session: a, frameId: 1, stop: 2 });
    host.reads[0].answer('at 2');
    await settle();
    assert.deepEqual(posted.at(-1), { type: 'origin', origin: { session: 'a.js', stop: 2, ended: false } });
    vscodeStub.terminate('b');
    assert.equal(posted.length, 2);
    vscodeStub.terminate('a');
    vscodeStub.terminate('a');
    assert.deepEqual(posted.slice(2), [{ type: 'origin', origin: { session: 'a.js', stop: 2, ended: true } }]);
  });

  it('keeps what it shows when a read fails because the session ended meanwhile', async () => {
    const { host, posted, focus } = setUp();
    const a = session('a');
    vscodeStub.debug.activeDebugSession = a;
    focus({ session: a, frameId: 1, stop: 1 });
    host.reads[0].answer('one');
    await settle();
    void host.refresh();
    ended.add('a');
    host.reads[1].fail(new Error('custom request failed'));
    await settle();
    assert.deepEqual(
      posted.map((message) => (message as { type: string }).type),
      ['shown', 'origin'],
    );
  });

  it('a panel restored after a reload says its saved origin ended, and reads at the next stop, not before', async () => {
    const { host, posted, focus } = setUp(false, { origin: { session: 'train.js', stop: 3, ended: false } });
    assert.deepEqual(posted, [{ type: 'origin', origin: { session: 'train.js', stop: 3, ended: true } }]);
    assert.equal(host.reads.length, 0);
    const a = session('a');
    vscodeStub.debug.activeDebugSession = a;
    focus({ session: a, frameId: 1, stop: 1 });
    assert.equal(host.reads.length, 1);
  });

  it('replays the last content and origin to a page that loads again', async () => {
    const { host, posted, send, focus } = setUp();
    const a = session('a');
    vscodeStub.debug.activeDebugSession = a;
    focus({ session: a, frameId: 1, stop: 1 });
    host.reads[0].answer('one');
    await settle();
    posted.length = 0;
    send({ type: 'ready' });
    assert.deepEqual(posted, [
      { type: 'shown', session: 'a', answer: 'one' },
      { type: 'origin', origin: { session: 'a.js', stop: 1, ended: false } },
    ]);
  });

  it('reads again at a new stop of the followed session, not at another frame of the same stop or at another session', () => {
    const { host, focus } = setUp();
    const a = session('a');
    vscodeStub.debug.activeDebugSession = a;
    // The first stop: the focus reads.
    focus({ session: a, frameId: 1, stop: 1 });
    focus({ session: a, frameId: 2, stop: 1 });
    focus({ session: session('b'), frameId: 1, stop: 5 });
    assert.equal(host.reads.length, 1);
    focus({ session: a, frameId: 1, stop: 2 });
    assert.equal(host.reads.length, 2);
  });

  it('reads again at another frame of the same stop when the panel follows frames', () => {
    const { host, focus } = setUp(true);
    const a = session('a');
    vscodeStub.debug.activeDebugSession = a;
    // The first stop: the focus reads.
    focus({ session: a, frameId: 1, stop: 1 });
    focus({ session: a, frameId: 2, stop: 1 });
    assert.equal(host.reads.length, 2);
  });
});
