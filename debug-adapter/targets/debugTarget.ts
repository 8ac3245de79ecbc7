/**
 * What the debugger needs of a program, however it was started: its CDP session, the typed
 * client of the runtime inside it, the settings it was started with, and the few steps that
 * differ by how it started (finding the runtime, scripts announced before they run, letting
 * it run, ending the session). `node/` holds the Node launch and the Node attach, `companion/`
 * a program another debugger runs (a page under js-debug); the services and the
 * `ProgramDebugger` never know which target they have, only whether it owns execution.
 */
import type { TensorHover } from '../../protocol/launchArguments';
import type { CdpConnection } from '../cdp/connection';
import type { PageSourceSettings } from '../services/pageSourceMaps';
import type { RuntimeCalls } from '../services/runtimeCalls';

/** How the program was started, as far as debugging it differs. */
export interface TargetSettings {
  /** The program's entry file, where `stopOnEntry` stops; unknown for a program attached to. */
  readonly programPath?: string;
  readonly stopOnEntry: boolean;
  readonly skipFiles: readonly string[];
  /** Whether the runtime records kernels (`tfjs/profile`) and gradient tapes (`tfjs/tape`). */
  readonly profile: boolean;
  readonly captureTape: boolean;
  /** Who shows a hovered tensor: the extension's thumbnail hover (the adapter then leaves tensors out of hover evaluations), or VS Code's debug hover. */
  readonly tensorHover: TensorHover;
  /** How a followed page's scripts are mapped to their sources; absent for a program this debugger runs. */
  readonly pageSources?: PageSourceSettings;
}

/** What a target reports of its program to the session. */
export interface TargetEvents {
  /** Output the program wrote (a target that does not see it never calls this). */
  onOutput(text: string, category: 'stdout' | 'stderr'): void;
  /** The program ended, with its exit code where the target knows it, or the connection closed. */
  onEnd(exitCode: number | undefined): void;
}

export interface DebugTarget {
  readonly connection: CdpConnection;
  readonly runtime: RuntimeCalls;
  readonly settings: TargetSettings;
  /**
   * Whether this debugger runs the program: sets its breakpoints, pauses, steps and resumes it.
   * False for a program another debugger runs (js-debug, for a page): this one reads tensors at
   * that debugger's stops and never lets the program move.
   */
  readonly ownsExecution: boolean;
  /**
   * Finds the runtime API in the program; rejects, saying how to start the program with the
   * runtime, when it is not there and will not be.
   */
  findRuntime(): Promise<void>;
  /**
   * Calls `prepare` for each source-mapped script the program announces before it runs, and
   * lets the script run once `prepare` settles (so that its breakpoints bind first). A target
   * whose program announces nothing never calls it: its scripts are mapped as V8 parses them.
   */
  onScriptWillRun(prepare: (url: string, sourceMapURL: string) => Promise<void>): void;
  /** Lets the program run on once the breakpoints are set. */
  release(): Promise<void>;
  /** Ends the session: a launched program is ended, an attached one is left running. */
  terminate(): Promise<void>;
}
