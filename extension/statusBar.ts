/**
 * The status-bar item of a debug session with tensors (a `tfjs` session, or a page the
 * extension follows): whether the recorder is on, how many kernels it has recorded and how
 * many tensors the program holds, read with `tfjs/memory` when the session starts, at each
 * stop and every few seconds while it runs. A click opens the profile panel. Hidden while no
 * such session is active.
 */
import * as vscode from 'vscode';
import type { MemoryInfo } from '../protocol/runtimeApi';
import type { DebugStops, TensorSession } from './debugStops';
import { tfjsRequest } from './tfjsRequest';
import { activeTfjsSession } from './tfjsSession';

/** How often the item reads again while the program runs. */
const POLL_MS = 5000;

/** The item's text and tooltip for what `tfjs/memory` said (`undefined`: tfjs not loaded yet). */
export function statusText(memory: MemoryInfo | undefined): { text: string; tooltip: string } {
  if (!memory) return { text: '$(pulse) TF.js', tooltip: 'TF.js Model Debugger: the program has not loaded tfjs yet.' };
  const tensors = `${memory.numTensors.toLocaleString('en-US')} tensors`;
  const recording = memory.recording;
  const on = recording !== undefined && (recording.profile || recording.captureTape);
  const kernels = recording ? `${recording.kernels.toLocaleString('en-US')} kernels` : '';
  const what = recording ? [recording.profile && 'kernels', recording.captureTape && 'gradient tapes'].filter(Boolean).join(' and ') : '';
  return {
    text: `${on ? '$(record)' : '$(circle-slash)'} TF.js ${[on ? kernels : 'not recording', tensors].join(' · ')}`,
    tooltip: [
      `TF.js Model Debugger on ${memory.backend}${memory.adapter ? ` (${memory.adapter})` : ''}: ${on ? `recording ${what}, ${kernels} so far` : 'recording is off'}; the program holds ${tensors} (${(memory.numBytes / 1024).toFixed(0)} KiB).`,
      'Click to show the profile.',
    ].join('\n'),
  };
}

export class TfjsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tfjs.status', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;
  /** Counts reads: an answer to an older one than the last is dropped. */
  private reads = 0;

  constructor(private readonly stops: DebugStops) {
    this.item.name = 'TF.js Model Debugger';
    this.item.command = 'tfjs.showProfile';
    this.disposables = [
      this.item,
      vscode.debug.onDidChangeActiveDebugSession(() => this.update()),
      vscode.debug.onDidStartDebugSession(() => this.update()),
      vscode.debug.onDidTerminateDebugSession(() => this.update()),
      stops.onDidChangeFocus(() => this.update()),
    ];
  }

  /** Reads the active session's state now, and from now on every few seconds while there is one. */
  private update(): void {
    clearTimeout(this.timer);
    const session = activeTfjsSession(this.stops);
    if (!session) {
      this.item.hide();
      return;
    }
    void this.read(session);
    this.timer = setTimeout(() => this.update(), POLL_MS);
  }

  private async read(session: TensorSession): Promise<void> {
    const read = ++this.reads;
    let memory: MemoryInfo | undefined;
    try {
      memory = await tfjsRequest(session, 'tfjs/memory', {});
    } catch {
      // Before tfjs loads (or while the session ends): the item says so, or goes.
      memory = undefined;
    }
    if (read !== this.reads) return;
    Object.assign(this.item, statusText(memory));
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
