/**
 * Which session with tensors a command or panel that is not tied to a frame acts on: the
 * active debug session when it has tensors (a `tfjs` session, or a followed page's), else the
 * session of the focused frame that has.
 */
import * as vscode from 'vscode';
import type { DebugStops, TensorSession } from './debugStops';

export function activeTfjsSession(stops: DebugStops): TensorSession | undefined {
  return stops.tensorSession(vscode.debug.activeDebugSession) ?? stops.focused()?.session;
}
