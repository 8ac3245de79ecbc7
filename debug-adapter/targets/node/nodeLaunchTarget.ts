/**
 * A Node program the adapter starts, with the runtime preloaded (`--require`, in
 * NODE_OPTIONS); its in-process agent connects to a private socket and carries the CDP
 * session, announces source-mapped scripts before they compile, and holds the main module
 * until `release`. The program's output and exit come to the session as target events.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { agentEvents, agentMethods, type ScriptWillRun } from '../../../protocol/agentWire';
import { runtimeEnv, type RuntimeSettings } from '../../../protocol/runtimeApi';
import { AgentListener } from '../../cdp/agentTransport';
import { CdpConnection } from '../../cdp/connection';
import { RuntimeCalls, runtimeMissing } from '../../services/runtimeCalls';
import { skipPattern } from '../../services/skipFiles';
import type { DebugTarget, TargetEvents, TargetSettings } from '../debugTarget';
import { typescriptLoaderArgs } from './typescriptLoader';
import { validateLaunch } from './validateLaunch';

/** How long a started program has to connect its agent. */
const connectTimeoutMs = 15_000;

function quoteNodeOption(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}

export class NodeLaunchTarget implements DebugTarget {
  readonly ownsExecution = true;
  readonly runtime: RuntimeCalls;

  private constructor(
    readonly connection: CdpConnection,
    readonly settings: TargetSettings,
    private readonly child: ChildProcess,
    private readonly listener: AgentListener,
    private readonly runtimePath: string,
    /** Whether the process has ended, set by its `error` and `close` events. */
    private readonly state: { exited: boolean },
    /** Settles once the process has ended. */
    private readonly ended: Promise<unknown>,
  ) {
    this.runtime = new RuntimeCalls(connection);
  }

  /**
   * Checks the `launch` arguments and starts the program with `runtimePath` preloaded;
   * rejects with a message for the user (a `LaunchArgumentError` for a bad argument).
   */
  static async launch(rawArgs: Record<string, unknown>, runtimePath: string, events: TargetEvents): Promise<NodeLaunchTarget> {
    const args = validateLaunch(rawArgs);
    const loader = typescriptLoaderArgs(args.program, args.cwd, args.runtimeArgs);
    const listener = await AgentListener.listen();
    const settings: RuntimeSettings = {
      backend: args.backend,
      tensorStatistics: args.tensorStatistics,
      profile: args.profile,
      captureTape: args.captureTape,
      trackTensors: args.trackTensors,
      trainingHistory: args.trainingHistory,
      historyMB: args.historyMB,
      breakOnNaN: args.breakOnNaN,
      maxProfileEvents: args.maxProfileEvents,
      maxTapes: args.maxTapes,
      libraryPatterns: args.skipFiles.map(skipPattern),
    };
    const inherited = args.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '';
    const env = {
      ...process.env,
      ...args.env,
      NODE_OPTIONS: `--require ${quoteNodeOption(runtimePath)} ${inherited}`.trim(),
      [runtimeEnv.socket]: listener.socketPath,
      [runtimeEnv.settings]: JSON.stringify(settings),
    };
    const child: ChildProcess = spawn(args.runtimeExecutable, [...args.runtimeArgs, ...loader, args.program, ...args.args], {
      cwd: args.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.setEncoding('utf8').on('data', (text: string) => events.onOutput(text, 'stdout'));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => events.onOutput(text, 'stderr'));

    const state = { exited: false };
    const ended = new Promise<string>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        state.exited = true;
        resolve(
          error.code === 'ENOENT'
            ? `runtimeExecutable: ${args.runtimeExecutable} was not found; install Node.js or set "runtimeExecutable" to its path`
            : `runtimeExecutable: ${args.runtimeExecutable} could not start: ${error.message}`,
        );
      });
      child.once('close', (code, signal) => {
        state.exited = true;
        listener.dispose();
        // A runtime that could not be spawned (no pid) still closes, with code -2: the launch
        // already failed with its message, and a program that never started has no exit to report.
        if (child.pid !== undefined) events.onEnd(code ?? (signal ? 128 + constants.signals[signal] : 0));
        resolve(`the program exited (code ${code ?? signal}) before the debugger could connect`);
      });
    });

    let connection: CdpConnection;
    try {
      connection = new CdpConnection(await listener.accept(connectTimeoutMs, ended));
    } catch (error) {
      listener.dispose();
      if (!state.exited) child.kill('SIGKILL');
      throw error;
    }
    const { program: programPath, stopOnEntry, skipFiles, profile, captureTape, tensorHover } = args;
    const targetSettings = { programPath, stopOnEntry, skipFiles, profile, captureTape, tensorHover };
    return new NodeLaunchTarget(connection, targetSettings, child, listener, runtimePath, state, ended);
  }

  /** The runtime installs its API before its agent connects: one missing now did not install. */
  async findRuntime(): Promise<void> {
    if (!(await this.runtime.connect())) throw new Error(`${runtimeMissing}: ${this.runtimePath} did not install (the program's stderr says why)`);
  }

  onScriptWillRun(prepare: (url: string, sourceMapURL: string) => Promise<void>): void {
    this.connection.onEvent(agentEvents.scriptWillRun, (params) => {
      const { url, sourceMapURL } = params as ScriptWillRun;
      void prepare(url, sourceMapURL)
        .catch(() => undefined)
        .finally(() => this.connection.request(agentMethods.scriptMayRun).catch(() => undefined));
    });
  }

  async release(): Promise<void> {
    await this.connection.request(agentMethods.release);
  }

  /** Ends the program (SIGTERM, then SIGKILL if it lingers) and releases the socket. */
  async terminate(): Promise<void> {
    this.connection.close();
    this.listener.dispose();
    if (this.state.exited) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.ended;
    clearTimeout(killer);
  }
}
