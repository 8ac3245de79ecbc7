/**
 * The profile panel's host side: one panel that follows the active `tfjs` session. It reads
 * `tfjs/profile` when opened, at every stop of that session (when the panel is hidden, once
 * it is shown again) and on the webview's Refresh (the adapter answers while the program
 * runs); it keeps the last profile and sends it again when the webview (re)loads. It carries
 * out what the webview asks for — a new recording, GPU timing on or off, an export, opening a
 * frame's source line (only a line of the profile shown) — after validating every message.
 */
import * as vscode from 'vscode';
import type { ProfileBody } from '../../protocol/runtimeApi';
import { parseProfileMessage, type HostToProfile, type ProfileExportFormat, type ProfileToHost, type RestoredPanel } from '../../protocol/webviewMessages';
import { encodeFlame } from '../flameEncoding';
import type { DebugStops, TensorSession } from '../debugStops';
import { exportProfile } from '../profileExport';
import { showSourceLine } from '../sourceLine';
import { tfjsRequest } from '../tfjsRequest';
import type { PanelOptions } from './openPanel';
import { SinglePanel } from './singlePanel';
import { PanelHost, type WebviewHandlers } from './panelHost';

const NO_SESSION = 'No TF.js debug session: start one (F5) to record a profile.';

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

const PANEL: PanelOptions = {
  viewType: 'tfjs.profile',
  title: 'TF.js Profile',
  pageTitle: 'TF.js Profile',
  page: 'profile',
  // A profile can be large: the page is let go while hidden and restores itself from the
  // last profile (sent again on `ready`) and its saved zoom, search and sort.
  retainContextWhenHidden: false,
};

export class ProfilePanel extends PanelHost<HostToProfile, ProfileToHost> {
  private static readonly one = new SinglePanel<ProfilePanel>(PANEL);

  /** Opens the panel, or reveals it and reads the profile again. */
  static show(extensionUri: vscode.Uri, stops: DebugStops): ProfilePanel {
    return ProfilePanel.one.show(extensionUri, (panel) => new ProfilePanel(panel, stops));
  }

  /** Takes over the profile panel VS Code restored after a reload. */
  static restore(extensionUri: vscode.Uri, stops: DebugStops, panel: vscode.WebviewPanel, restored: RestoredPanel): void {
    ProfilePanel.one.restore(extensionUri, panel, (loaded) => new ProfilePanel(loaded, stops, restored));
  }

  /** Closes the panel (deactivation). */
  static disposeAll(): void {
    ProfilePanel.one.disposeAll();
  }

  /** The source lines of the profile shown: the only lines `goToSource` may open. */
  private lines = new Set<string>();

  private constructor(panel: vscode.WebviewPanel, stops: DebugStops, restored?: RestoredPanel) {
    // A new stop of the followed session means new kernels; another frame of the same stop does not.
    super(panel, stops, { parse: parseProfileMessage, followsFrames: false });
    this.start(restored);
  }

  protected readonly handlers: WebviewHandlers<ProfileToHost> = {
    refresh: () => this.refresh(),
    reset: () => this.reset(),
    export: (message) => this.export(message.format),
    gpuTime: (message) => this.gpuTime(message.on),
    goToSource: (message) => this.goToSource(message.path, message.line),
  };

  private sessionOrReport(): TensorSession | undefined {
    const session = this.session();
    if (!session) this.post({ type: 'error', message: NO_SESSION });
    return session;
  }

  /** Reads the followed session's profile and shows it. */
  async refresh(): Promise<void> {
    const session = this.session();
    const read = async (target: TensorSession) => (await tfjsRequest(target, 'tfjs/profile', {})) as ProfileBody;
    await this.refreshFrom(
      session,
      NO_SESSION,
      read,
      (body) => {
        const { root, ...summary } = body;
        this.lines = sourceLines(root);
        this.post({ type: 'profile', summary, flame: encodeFlame(root) });
      },
      (error) => `Profile of ${session?.name}: ${error}`,
    );
  }

  private async reset(): Promise<void> {
    const session = this.sessionOrReport();
    if (!session) return;
    await this.attempt('Could not reset the recording', async () => {
      await tfjsRequest(session, 'tfjs/profile', { reset: true });
      this.post({ type: 'status', message: 'Started a new recording.' });
      await this.refresh();
    });
  }

  /** Turns the GPU timer on or off, and shows the profile with what it says now. */
  private async gpuTime(on: boolean): Promise<void> {
    const session = this.sessionOrReport();
    if (!session) return;
    await this.attempt(`Could not turn GPU timing ${on ? 'on' : 'off'}`, async () => {
      await tfjsRequest(session, 'tfjs/profile', { gpuTime: on });
      await this.refresh();
    });
  }

  private async export(format: ProfileExportFormat): Promise<void> {
    const session = this.sessionOrReport();
    if (!session) return;
    await this.attempt('Export failed', async () => {
      const path = await exportProfile(session, format);
      if (path) this.post({ type: 'status', message: `Saved the profile to ${path}` });
    });
  }

  /** Opens `path` at `line` in the editor column that shows it already, or the first. */
  private async goToSource(path: string, line: number): Promise<void> {
    if (!this.lines.has(`${line}:${path}`)) return;
    await this.attempt(`Could not open ${path}:${line}`, () => showSourceLine(path, line));
  }

  protected forget(): void {
    ProfilePanel.one.forget(this);
  }
}
