/**
 * Where `tfjs` sessions stop, for the panels that follow them: a DebugAdapterTracker counts
 * `stopped` events per session (so a panel can tell a new stop from the user picking another
 * frame), and `onDidChangeFocus` fires once VS Code has focused a frame of a `tfjs` session:
 * after each stop, and when the user selects another frame or thread.
 */
import * as vscode from 'vscode';

/** The focused frame of a `tfjs` session, when one is paused and focused. */
export interface FocusedFrame {
  session: vscode.DebugSession;
  frameId: number;
  /** How many times this session has stopped so far. */
  stop: number;
}

export class DebugStops implements vscode.Disposable {
  private readonly stops = new Map<string, number>();
  private readonly focusEmitter = new vscode.EventEmitter<FocusedFrame | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.focusEmitter];

  /** Fires with the newly focused `tfjs` frame, or `undefined` when none is focused. */
  readonly onDidChangeFocus = this.focusEmitter.event;

  constructor() {
    const stops = this.stops;
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('tfjs', {
        createDebugAdapterTracker(session) {
          return {
            onDidSendMessage(message: { type?: string; event?: string }) {
              if (message.type === 'event' && message.event === 'stopped') stops.set(session.id, (stops.get(session.id) ?? 0) + 1);
            },
            onWillStopSession() {
              stops.delete(session.id);
            },
          };
        },
      }),
      vscode.debug.onDidChangeActiveStackItem(() => this.focusEmitter.fire(this.focused())),
      vscode.debug.onDidTerminateDebugSession((session) => this.stops.delete(session.id)),
    );
  }

  /** The focused frame now, if it belongs to a paused `tfjs` session. */
  focused(): FocusedFrame | undefined {
    const item = vscode.debug.activeStackItem;
    if (!(item instanceof vscode.DebugStackFrame) || item.session.type !== 'tfjs') return undefined;
    return { session: item.session, frameId: item.frameId, stop: this.stops.get(item.session.id) ?? 0 };
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
