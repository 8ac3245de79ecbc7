/**
 * What the debugger needs of a program, however it was started: its CDP connection, a way to
 * let it run once breakpoints are set, and a way to end the session. The launcher and the
 * attacher make targets; nothing past them knows which one it has.
 */
import type { CdpConnection } from './cdp/connection';

export interface DebugTarget {
  readonly connection: CdpConnection;
  /** Lets the program run on once the breakpoints are set. */
  release(): Promise<void>;
  /** Ends the session: a launched program is ended, an attached one is left running. */
  terminate(): Promise<void>;
}
