/**
 * The js-debug sessions of web pages and Node programs the extension follows, each with its
 * companion adapter (companionSession.ts): started when js-debug starts the session of a page
 * or a process (the child of the launcher session, the one js-debug hands a CDP proxy for),
 * ended with it. A companion that
 * cannot start says why once, in the Debug Console of the page's session.
 */
import * as vscode from 'vscode';
import { CompanionSession } from './companionSession';
import { followsJsDebug } from './jsDebugConfigurations';

/** js-debug's session types (`chrome`, `msedge` and `node` configurations become these). */
export const followedDebugTypes: readonly string[] = ['pwa-chrome', 'pwa-msedge', 'pwa-node'];

export class Companions implements vscode.Disposable {
  private readonly sessions = new Map<string, Promise<CompanionSession | undefined>>();
  private readonly started = new Map<string, CompanionSession>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly adapterPath: string) {
    this.disposables = [
      vscode.debug.onDidStartDebugSession((session) => {
        // The launcher session has no page and js-debug never answers its proxy request.
        if (followedDebugTypes.includes(session.type) && session.parentSession && followsJsDebug()) this.follow(session);
      }),
      vscode.debug.onDidTerminateDebugSession((session) => void this.end(session.id)),
    ];
  }

  /** The companion of a js-debug session, once it has started. */
  get(sessionId: string): CompanionSession | undefined {
    return this.started.get(sessionId);
  }

  private follow(session: vscode.DebugSession): void {
    this.sessions.set(
      session.id,
      CompanionSession.start(session, this.adapterPath).then(
        (companion) => {
          if (this.sessions.has(session.id)) this.started.set(session.id, companion);
          else companion.dispose();
          return companion;
        },
        (error: Error) => {
          vscode.debug.activeDebugConsole.appendLine(`TF.js Model Debugger: tensors of ${session.name} cannot be shown: ${error.message}`);
          return undefined;
        },
      ),
    );
  }

  private async end(sessionId: string): Promise<void> {
    const companion = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    this.started.delete(sessionId);
    (await companion)?.dispose();
  }

  dispose(): void {
    for (const id of [...this.sessions.keys()]) void this.end(id);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
