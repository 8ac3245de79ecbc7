/**
 * The companion of one js-debug session of a web page: our debug adapter, run as a process of
 * its own and attached to the page through js-debug's CDP proxy
 * (`extension.js-debug.requestCDPProxy`), so that the panels, the hover and the commands reach
 * the page's tensors with the same `tfjs/*` requests as a `tfjs` session. js-debug runs the
 * page: the companion follows its stops. A frame id the panels hold is js-debug's (from the
 * frame the user focused); the companion's frames are the same CDP frames in the same order, so
 * a js-debug frame is matched to the companion's frame at its place in the stack.
 */
import { spawn } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { nanStopText } from '../../protocol/runtimeApi';
import { DapClient } from './dapClient';

/** How long js-debug may take to hand out the proxy of a session it has just started. */
const proxyWaitMs = 10_000;

/** js-debug's answer to `extension.js-debug.requestCDPProxy`. */
interface ProxyAddress {
  host: string;
  port: number;
  path?: string;
}

/**
 * The CDP endpoint of a js-debug session. Asked for at once, js-debug has not yet tracked the
 * session it is starting (its listener may run after ours) and answers undefined: ask again.
 */
async function proxyUrl(session: vscode.DebugSession): Promise<string> {
  const end = Date.now() + proxyWaitMs;
  for (;;) {
    const address = await vscode.commands.executeCommand<ProxyAddress | undefined>('extension.js-debug.requestCDPProxy', session.id);
    if (address) return `ws://${address.host}:${address.port}${address.path ?? ''}`;
    if (Date.now() > end) throw new Error(`js-debug gave no CDP proxy for ${session.name} within ${proxyWaitMs / 1000} s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * Where the followed session finds a page's sources: its `webRoot` (js-debug's own setting,
 * `${workspaceFolder}` by default, substituted by VS Code before the session starts), else
 * the session's workspace folder. A page's session is a child of the launch the user started,
 * whose configuration holds the setting (the child's holds js-debug's target id).
 */
function webRootOf(followed: vscode.DebugSession): string | undefined {
  for (let session: vscode.DebugSession | undefined = followed; session; session = session.parentSession) {
    const webRoot: unknown = session.configuration.webRoot;
    if (typeof webRoot === 'string' && webRoot) return webRoot;
  }
  return followed.workspaceFolder?.uri.fsPath;
}

export class CompanionSession implements vscode.Disposable {
  readonly id: string;
  readonly name: string;
  /** How many times the page has stopped since the companion attached. */
  stops = 0;
  /** js-debug frame id → the companion's, for the current stop. */
  private frameIds = new Map<number, number>();

  private constructor(
    private readonly followed: vscode.DebugSession,
    private readonly client: DapClient,
    private readonly end: () => void,
  ) {
    this.id = followed.id;
    this.name = followed.name;
    client.onEvent('stopped', (body) => {
      this.stops++;
      this.frameIds = new Map();
      // js-debug shows this stop in the runtime's sentinel script; what it is stopped on is said here.
      const { reason, text } = body as DebugProtocol.StoppedEvent['body'];
      if (reason === 'exception' && text?.startsWith(nanStopText))
        vscode.debug.activeDebugConsole.appendLine(`TF.js Model Debugger: ${text}; your line is below the sentinel's frame in the call stack.`);
    });
    client.onEvent('continued', () => (this.frameIds = new Map()));
  }

  /** Starts the companion adapter and attaches it to the page of `followed`. */
  static async start(followed: vscode.DebugSession, adapterPath: string): Promise<CompanionSession> {
    const companionCdpUrl = await proxyUrl(followed);
    const adapter = spawn(process.execPath, [adapterPath], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['pipe', 'pipe', 'ignore'] });
    const client = new DapClient(adapter);
    const session = new CompanionSession(followed, client, () => adapter.kill());
    try {
      await client.request('initialize', {
        adapterID: 'tfjs',
        clientID: 'tfjs-model-debugger',
        linesStartAt1: true,
        columnsStartAt1: true,
        pathFormat: 'path',
      });
      await client.request('attach', {
        companionCdpUrl,
        breakOnNaN: vscode.workspace.getConfiguration('tfjs').get<boolean>('breakOnNaN', false),
        webRoot: webRootOf(followed),
      });
      await client.request('configurationDone');
    } catch (error) {
      session.dispose();
      throw error;
    }
    return session;
  }

  /** A `tfjs/*` request (or any other) for the companion, its js-debug frame id made the companion's. */
  async customRequest(command: string, args?: { frameId?: number }): Promise<unknown> {
    if (args?.frameId === undefined) return this.client.request(command, args);
    return this.client.request(command, { ...args, frameId: await this.companionFrameId(args.frameId) });
  }

  /** The companion's frame at the place js-debug's frame `frameId` has in js-debug's stack. */
  private async companionFrameId(frameId: number): Promise<number> {
    const known = this.frameIds.get(frameId);
    if (known !== undefined) return known;
    const item = vscode.debug.activeStackItem;
    const threadId =
      item instanceof vscode.DebugStackFrame && item.session.id === this.id
        ? item.threadId
        : ((await this.followed.customRequest('threads')) as DebugProtocol.ThreadsResponse['body']).threads[0]?.id;
    const theirs = ((await this.followed.customRequest('stackTrace', { threadId })) as DebugProtocol.StackTraceResponse['body']).stackFrames;
    const place = theirs.findIndex((frame) => frame.id === frameId);
    const ours = (await this.client.request<DebugProtocol.StackTraceResponse['body']>('stackTrace', { threadId: 1 })).stackFrames;
    if (place < 0 || !ours[place]) throw new Error(`frameId: ${frameId} is not a frame of ${this.name}'s current stop`);
    this.frameIds.set(frameId, ours[place].id);
    return ours[place].id;
  }

  dispose(): void {
    void this.client.request('disconnect', {}).catch(() => undefined);
    this.end();
  }
}
