/**
 * Where the sessions whose tensors the extension shows stop, for the panels that follow them:
 * `tfjs` sessions, and js-debug sessions of web pages through their companions. A
 * DebugAdapterTracker counts a `tfjs` session's `stopped` events (a companion counts its page's
 * stops), so a panel can tell a new stop from the user picking another frame; and
 * `onDidChangeFocus` fires once VS Code has focused a frame of such a session: after each stop,
 * and when the user selects another frame or thread.
 */
import * as vscode from 'vscode';
import type { Companions } from './companion/companions';

/** A session the `tfjs/*` requests go to: a `tfjs` session, or the companion of a js-debug one (same id and name). */
export interface TensorSession {
  readonly id: string;
  readonly name: string;
  customRequest(command: string, args?: object): Thenable<unknown>;
}

/** The focused frame of a session with tensors, when one is paused and focused. */
export interface FocusedFrame {
  session: TensorSession;
  frameId: number;
  /** How many times this session has stopped so far. */
  stop: number;
}

export class DebugStops implements vscode.Disposable {
  private readonly stops = new Map<string, number>();
  /** The `tfjs` sessions running, by id. */
  private readonly tfjsSessions = new Map<string, vscode.DebugSession>();
  private readonly focusEmitter = new vscode.EventEmitter<FocusedFrame | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.focusEmitter];

  /** Fires with the newly focused `tfjs` frame, or `undefined` when none is focused. */
  readonly onDidChangeFocus = this.focusEmitter.event;

  constructor(private readonly companions: Companions) {
    const { stops, tfjsSessions } = this;
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('tfjs', {
        createDebugAdapterTracker(session) {
          tfjsSessions.set(session.id, session);
          return {
            onDidSendMessage(message: { type?: string; event?: string }) {
              if (message.type === 'event' && message.event === 'stopped') stops.set(session.id, (stops.get(session.id) ?? 0) + 1);
            },
            onWillStopSession() {
              stops.delete(session.id);
              tfjsSessions.delete(session.id);
            },
          };
        },
      }),
      vscode.debug.onDidChangeActiveStackItem(() => this.focusEmitter.fire(this.focused())),
      vscode.debug.onDidTerminateDebugSession((session) => {
        this.stops.delete(session.id);
        this.tfjsSessions.delete(session.id);
      }),
    );
  }

  /** The focused frame now, if it belongs to a paused `tfjs` session or a followed page. */
  focused(): FocusedFrame | undefined {
    const item = vscode.debug.activeStackItem;
    if (!(item instanceof vscode.DebugStackFrame)) return undefined;
    if (item.session.type === 'tfjs') return { session: item.session, frameId: item.frameId, stop: this.stops.get(item.session.id) ?? 0 };
    const companion = this.companions.get(item.session.id);
    return companion && { session: companion, frameId: item.frameId, stop: companion.stops };
  }

  /** The session with tensors of the debug session `id`: a running `tfjs` session, or a followed session's companion. */
  byId(id: string): TensorSession | undefined {
    return this.tfjsSessions.get(id) ?? this.companions.get(id);
  }

  /** The session of a debug session's tensors: itself for `tfjs`, its companion for a followed page. */
  tensorSession(session: vscode.DebugSession | undefined): TensorSession | undefined {
    if (!session) return undefined;
    return session.type === 'tfjs' ? session : this.companions.get(session.id);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
