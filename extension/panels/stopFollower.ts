/**
 * How a panel follows the focused frame of the `tfjs` sessions: when the focus moves to a frame
 * that changes what it shows (`changes`: a new stop, or for the heatmap any other frame), it
 * reads again at once while visible; while hidden it only notes that, and reads once it is
 * shown again (no reads for a page nobody sees, which may not even be loaded).
 */
import type * as vscode from 'vscode';
import type { DebugStops, FocusedFrame } from '../debugStops';

export class StopFollower implements vscode.Disposable {
  /** The focus changed what the panel shows while it was hidden. */
  private stale = false;
  private readonly disposables: vscode.Disposable[];

  constructor(panel: vscode.WebviewPanel, stops: DebugStops, changes: (frame: FocusedFrame) => boolean, refresh: () => Promise<void>) {
    this.disposables = [
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) void refresh();
      }),
      stops.onDidChangeFocus((frame) => {
        if (!frame || !changes(frame)) return;
        if (panel.visible) void refresh();
        else this.stale = true;
      }),
    ];
  }

  /** The panel has read again: nothing to catch up on when it is shown. */
  caughtUp(): void {
    this.stale = false;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
