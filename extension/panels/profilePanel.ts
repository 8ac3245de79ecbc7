/**
 * The profile panel's host side: one panel that follows the active `tfjs` session. It reads
 * `tfjs/profile` when opened, at every stop of that session (when the panel is hidden, once
 * it is shown again) and on the webview's Refresh (the adapter answers while the program
 * runs); it keeps the last profile and sends it again when the webview (re)loads. It carries
 * out what the webview asks for — a new recording, an export, opening a frame's source line
 * (only a line of the profile shown) — after validating every message.
 */
import * as vscode from 'vscode';
import type { ProfileBody } from '../../protocol/runtimeApi';
import { parseProfileMessage, type HostToProfile, type ProfileExportFormat, type ProfileToHost } from '../../protocol/webviewMessages';
import { encodeFlame } from '../flameEncoding';
import type { DebugStops, FocusedFrame } from '../debugStops';
import { exportProfile } from '../profileExport';
import { showSourceLine } from '../sourceLine';
import { errorMessage, tfjsRequest } from '../tfjsRequest';
import { activeTfjsSession } from '../tfjsSession';
import { openPanel } from './openPanel';
import { PanelChannel } from './panelChannel';
import { StopFollower } from './stopFollower';

/** The source lines a tree names, as `line:path` keys. */
function sourceLines(root: ProfileBody['root']): Set<string> {
  const lines = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ProfileBody['root'];
    if (node.source) lines.add(`${node.source.line}:${node.source.path}`);
    for (const child of node.children) stack.push(child);
  }
  return lines;
}

export class ProfilePanel implements vscode.Disposable {
  private static current: ProfilePanel | undefined;

  /** Opens the panel, or reveals it and reads the profile again. */
  static show(extensionUri: vscode.Uri, stops: DebugStops): ProfilePanel {
    const open = ProfilePanel.current;
    if (open) {
      open.panel.reveal();
      void open.refresh();
      return open;
    }
    const panel = openPanel(extensionUri, {
      viewType: 'tfjs.profile',
      title: 'TF.js Profile',
      pageTitle: 'TF.js Profile',
      page: 'profile',
      // A profile can be large: the page is let go while hidden and restores itself from the
      // last profile (sent again on `ready`) and its saved zoom, search and sort.
      retainContextWhenHidden: false,
    });
    ProfilePanel.current = new ProfilePanel(panel, stops);
    return ProfilePanel.current;
  }

  /** Closes the panel (deactivation). */
  static disposeAll(): void {
    ProfilePanel.current?.dispose();
  }

  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: PanelChannel<HostToProfile, ProfileToHost>;
  /** The source lines of the profile shown: the only lines `goto` may open. */
  private lines = new Set<string>();
  /** The stop the profile shown was read at. */
  private readAt: { sessionId: string; stop: number } | undefined;
  private readonly follower: StopFollower;
  private request = 0;
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly stops: DebugStops,
  ) {
    this.channel = new PanelChannel(panel, parseProfileMessage, (message) => this.handle(message));
    this.follower = new StopFollower(panel, stops, (frame) => this.isNewStop(frame), () => this.refresh());
    this.disposables.push(this.channel, this.follower, panel.onDidDispose(() => this.dispose()));
    void this.refresh();
  }

  /** A new stop of the followed session means new kernels; another frame of the same stop does not. */
  private isNewStop(frame: FocusedFrame): boolean {
    if (frame.session.id !== activeTfjsSession(this.stops)?.id) return false;
    return !(this.readAt?.sessionId === frame.session.id && this.readAt.stop === frame.stop);
  }

  private post(message: HostToProfile): void {
    this.channel.post(message);
  }

  private async handle(message: Exclude<ProfileToHost, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'refresh':
        return this.refresh();
      case 'reset':
        return this.reset();
      case 'export':
        return this.export(message.format);
      case 'goto':
        return this.goto(message.path, message.line);
    }
  }

  private sessionOrReport(): vscode.DebugSession | undefined {
    const session = activeTfjsSession(this.stops);
    if (!session) this.post({ type: 'error', message: 'No TF.js debug session: start one (F5) to record a profile.' });
    return session;
  }

  /** Reads the followed session's profile and shows it. */
  async refresh(): Promise<void> {
    this.follower.caughtUp();
    const session = this.sessionOrReport();
    if (!session) return;
    const request = ++this.request;
    const focused = this.stops.focused();
    const stop = focused?.session.id === session.id ? focused.stop : undefined;
    try {
      const body = (await tfjsRequest(session, 'tfjs/profile', {})) as ProfileBody;
      if (request !== this.request || this.disposed) return;
      const { root, ...summary } = body;
      this.lines = sourceLines(root);
      this.readAt = stop === undefined ? undefined : { sessionId: session.id, stop };
      const origin = `${session.name} ${stop === undefined ? 'while running' : `at stop ${stop}`}`;
      this.post({ type: 'profile', summary, flame: encodeFlame(root), origin });
    } catch (error) {
      if (request === this.request) this.post({ type: 'error', message: `Profile of ${session.name}: ${errorMessage(error)}` });
    }
  }

  private async reset(): Promise<void> {
    const session = this.sessionOrReport();
    if (!session) return;
    try {
      await tfjsRequest(session, 'tfjs/profile', { reset: true });
      this.post({ type: 'status', message: 'Started a new recording.' });
      await this.refresh();
    } catch (error) {
      this.post({ type: 'status', message: `Could not reset the recording: ${errorMessage(error)}`, error: true });
    }
  }

  private async export(format: ProfileExportFormat): Promise<void> {
    const session = this.sessionOrReport();
    if (!session) return;
    try {
      const path = await exportProfile(session, format);
      if (path) this.post({ type: 'status', message: `Saved the profile to ${path}` });
    } catch (error) {
      this.post({ type: 'status', message: `Export failed: ${errorMessage(error)}`, error: true });
    }
  }

  /** Opens `path` at `line` in the editor column that shows it already, or the first. */
  private async goto(path: string, line: number): Promise<void> {
    if (!this.lines.has(`${line}:${path}`)) return;
    try {
      await showSourceLine(path, line);
    } catch (error) {
      this.post({ type: 'status', message: `Could not open ${path}:${line}: ${errorMessage(error)}`, error: true });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ProfilePanel.current === this) ProfilePanel.current = undefined;
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
