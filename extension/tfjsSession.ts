/**
 * Which `tfjs` debug session a command or panel that is not tied to a frame acts on: the
 * active debug session when it is a `tfjs` one, else the session of the focused `tfjs` frame.
 */
import * as vscode from 'vscode';
import type { DebugStops } from './debugStops';

export function activeTfjsSession(stops: DebugStops): vscode.DebugSession | undefined {
  const active = vscode.debug.activeDebugSession;
  return active?.type === 'tfjs' ? active : stops.focused()?.session;
}
