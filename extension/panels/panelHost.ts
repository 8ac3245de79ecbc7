/**
 * What the heatmap, profile and tape panel hosts share: the validated message channel, the
 * rule for which debug session a panel follows, when a stop makes it read again, and the
 * refresh skeleton that drops the answers of a superseded read and posts failures as
 * `{ type: 'error', message }`.
 *
 * Which session: the active debug session when it is a `tfjs` one, else the session of the
 * focused `tfjs` frame (where a program last stopped) — `activeTfjsSession`, the rule the
 * profile commands use too. The active session is the one the debug toolbar and the call
 * stack's selection show the user, so every panel reads the program the user is looking at,
 * also while it runs (profile, tape); a panel that needs a frame (the heatmap) reads the
 * focused frame only when it belongs to that session. Focus moving to another session's frame
 * makes that session the active one, so the panels follow it.
 *
 * What a panel shows is always said: each read posts its `origin` (session and stop, or while
 * it ran), and when that session ends the origin is posted again as ended ("last seen at stop
 * N"); a read that fails posts an error, which the page shows instead of its old content.
 */
import * as vscode from 'vscode';
import type { PanelNotice, PanelOrigin, RestoredPanel } from '../../protocol/webviewMessages';
import type { DebugStops, FocusedFrame, TensorSession } from '../debugStops';
import { errorMessage } from '../tfjsRequest';
import { activeTfjsSession } from '../tfjsSession';
import { PanelChannel } from './panelChannel';
import { StopFollower } from './stopFollower';

type Ready = { type: 'ready' };

/** What a host does with each type of message its webview sends, but `ready` (the channel's). */
export type WebviewHandlers<FromWebview extends { type: string }> = {
  [K in Exclude<FromWebview, Ready>['type']]: (message: Extract<FromWebview, { type: K }>) => Promise<void>;
};

export interface PanelHostOptions<FromWebview> {
  /** The panel's strict parse function for what its webview sends. */
  parse: (raw: unknown) => FromWebview | undefined;
  /** Read again when the user focuses another frame of the same stop (the heatmap's expression may name another tensor there). */
  followsFrames: boolean;
}

export abstract class PanelHost<ToWebview extends { type: string }, FromWebview extends { type: string }> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: PanelChannel<ToWebview | PanelNotice, FromWebview>;
  private readonly follower: StopFollower;
  /** Counts refreshes: an answer to an older one than the last is dropped. */
  private request = 0;
  /** The stop (`session#stop`) the last refresh read at; none while the session runs. */
  private readAt: string | undefined;
  /** Where the content shown was read, and the id of that session; none before a read, or after one with no session. */
  private origin: { sessionId: string; origin: PanelOrigin } | undefined;
  private disposed = false;

  protected constructor(
    protected readonly panel: vscode.WebviewPanel,
    protected readonly stops: DebugStops,
    options: PanelHostOptions<FromWebview>,
  ) {
    this.channel = new PanelChannel(panel, options.parse, (message) => {
      const handle = this.handlers[message.type as keyof WebviewHandlers<FromWebview>] as (message: FromWebview) => Promise<void>;
      return handle(message);
    });
    this.follower = new StopFollower(
      panel,
      stops,
      (frame) => this.changes(frame, options.followsFrames),
      () => this.refresh(),
    );
    this.disposables.push(
      this.channel,
      this.follower,
      panel.onDidDispose(() => this.dispose()),
      vscode.debug.onDidTerminateDebugSession((session) => this.ended(session.id)),
    );
  }

  /** Disposes `disposable` with the panel. */
  protected keep(disposable: vscode.Disposable): void {
    this.disposables.push(disposable);
  }

  /**
   * Reads for the first time (a subclass's constructor calls it last). A panel `restored`
   * after a window reload has a page that shows what it saved: its origin is said to be
   * ended (that session is gone), and the host reads only once there is a session to read
   * from (now, or at the next stop), rather than replace what the page shows with "no session".
   */
  protected start(restored?: RestoredPanel): void {
    if (restored?.origin) this.post({ type: 'origin', origin: { ...restored.origin, ended: true } });
    if (!restored || this.session()) void this.refresh();
  }

  /** Carry out the validated messages of the webview. */
  protected abstract readonly handlers: WebviewHandlers<FromWebview>;

  /** Reads what the panel shows again. */
  abstract refresh(): Promise<void>;

  /** Removes the panel from its class's open panels. */
  protected abstract forget(): void;

  /** Brings the open panel to the front and reads again (the user asked for it anew). */
  reveal(): void {
    this.panel.reveal();
    void this.refresh();
  }

  /** Whether the focus moving to `frame` changes what the panel shows. */
  private changes(frame: FocusedFrame, followsFrames: boolean): boolean {
    if (frame.session.id !== this.session()?.id) return false;
    return followsFrames || stopKey(frame) !== this.readAt;
  }

  /** The session the panel follows (see the file's comment). */
  protected session(): TensorSession | undefined {
    return activeTfjsSession(this.stops);
  }

  /** The focused frame, when it belongs to the followed session. */
  protected frame(): FocusedFrame | undefined {
    const frame = this.stops.focused();
    return frame && frame.session.id === this.session()?.id ? frame : undefined;
  }

  protected post(message: ToWebview | PanelNotice): void {
    this.channel.post(message);
  }

  /**
   * The refresh skeleton: reads `target` (the followed session, or its focused frame) with
   * `read`, shows the answer with `show` unless a later refresh has started (or the panel
   * closed) meanwhile, and posts a failure as an error, `failure` saying what was read.
   * Without a target it posts `noTarget`.
   */
  protected async refreshFrom<Target, Answer>(
    target: Target | undefined,
    noTarget: string,
    read: (target: Target) => Promise<Answer>,
    show: (answer: Answer, target: Target) => void,
    failure: (error: string) => string = (error) => error,
  ): Promise<void> {
    this.follower.caughtUp();
    const request = ++this.request;
    const frame = this.frame();
    const session = this.session();
    this.readAt = frame && stopKey(frame);
    const origin = session && { sessionId: session.id, origin: { session: session.name, ...(frame && { stop: frame.stop }), ended: false } };
    if (target === undefined) {
      this.post({ type: 'error', message: noTarget });
      this.showOrigin(origin);
      return;
    }
    try {
      const answer = await read(target);
      if (request !== this.request || this.disposed) return;
      show(answer, target);
    } catch (error) {
      if (request !== this.request || this.disposed) return;
      // A read the session's end cut short: what the page shows stays, as last seen.
      if (session && !this.stops.byId(session.id)) return;
      this.post({ type: 'error', message: failure(errorMessage(error)) });
    }
    this.showOrigin(origin);
  }

  private showOrigin(origin: { sessionId: string; origin: PanelOrigin } | undefined): void {
    this.origin = origin;
    this.post({ type: 'origin', origin: origin?.origin ?? null });
  }

  /** The session the content was read from has ended: the page says it shows what was last seen. */
  private ended(sessionId: string): void {
    if (this.disposed || this.origin?.sessionId !== sessionId || this.origin.origin.ended) return;
    this.showOrigin({ sessionId, origin: { ...this.origin.origin, ended: true } });
  }

  /** Runs an action the webview asked for; a failure is posted as an error status, after `failure`. */
  protected async attempt(failure: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.post({ type: 'status', message: `${failure}: ${errorMessage(error)}`, error: true });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.forget();
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function stopKey(frame: FocusedFrame): string {
  return `${frame.session.id}#${frame.stop}`;
}
