/**
 * Starts the program with the runtime preloaded and waits for its in-process agent to
 * connect. The adapter past this point never knows how its target started: it gets a
 * {@link DebugTarget}.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { agentMethods } from '../../protocol/agentWire';
import { runtimeEnv, type RuntimeSettings } from '../../protocol/runtimeApi';
import { AgentListener } from '../cdp/agentTransport';
import { skipPattern } from '../services/skipFiles';
import { CdpConnection } from '../cdp/connection';
import { typescriptLoaderArgs } from './typescriptLoader';
import type { DebugTarget } from '../debugTarget';
import type { ResolvedLaunch } from './validateLaunch';

/** How long a started program has to connect its agent. */
const connectTimeoutMs = 15_000;

/** What the program does while it runs. */
export interface ProgramEvents {
  onOutput(text: string, category: 'stdout' | 'stderr'): void;
  /** After the process ended and its output was drained. */
  onExit(exitCode: number): void;
}


function quoteNodeOption(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}

/** Starts `args.program` with `runtimePath` preloaded; rejects with a message for the user. */
export async function launchProgram(args: ResolvedLaunch, runtimePath: string, events: ProgramEvents): Promise<DebugTarget> {
  const loader = typescriptLoaderArgs(args.program, args.cwd, args.runtimeArgs);
  const listener = await AgentListener.listen();
  const settings: RuntimeSettings = {
    backend: args.backend,
    tensorStatistics: args.tensorStatistics,
    profile: args.profile,
    captureTape: args.captureTape,
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

  let exited = false;
  const ended = new Promise<string>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      exited = true;
      resolve(
        error.code === 'ENOENT'
          ? `runtimeExecutable: ${args.runtimeExecutable} was not found; install Node.js or set "runtimeExecutable" to its path`
          : `runtimeExecutable: ${args.runtimeExecutable} could not start: ${error.message}`,
      );
    });
    child.once('close', (code, signal) => {
      exited = true;
      listener.dispose();
      // A runtime that could not be spawned (no pid) still closes, with code -2: the launch
      // already failed with its message, and a program that never started has no exit to report.
      if (child.pid !== undefined) events.onExit(code ?? (signal ? 128 + constants.signals[signal] : 0));
      resolve(`the program exited (code ${code ?? signal}) before the debugger could connect`);
    });
  });

  let connection: CdpConnection;
  try {
    connection = new CdpConnection(await listener.accept(connectTimeoutMs, ended));
  } catch (error) {
    listener.dispose();
    if (!exited) child.kill('SIGKILL');
    throw error;
  }

  return {
    connection,
    release: async () => {
      await connection.request(agentMethods.release);
    },
    // Ends the program (SIGTERM, then SIGKILL if it lingers) and releases the socket.
    terminate: async () => {
      connection.close();
      listener.dispose();
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await ended;
      clearTimeout(killer);
    },
  };
}
