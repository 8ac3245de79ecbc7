/**
 * Attaches to a program started by hand with `node --inspect -r <runtime.js>` (or
 * `--inspect-brk` to set breakpoints before its first line), through Node's inspector.
 * Ending the session leaves the program running.
 */
import { CdpConnection } from '../cdp/connection';
import { connectToInspector } from '../cdp/webSocketTransport';
import type { DebugTarget } from '../debugTarget';
import type { ResolvedAttach } from './validateLaunch';

/** Connects to the program's inspector; `onEnd` is called when the connection closes. */
export async function attachToProgram(args: ResolvedAttach, onEnd: () => void): Promise<DebugTarget> {
  const connection = new CdpConnection(await connectToInspector(args.address, args.port));
  connection.onClose(onEnd);
  return {
    connection,
    // Lets a program started with --inspect-brk run; a running one is not affected.
    release: async () => {
      await connection.send('Runtime.runIfWaitingForDebugger');
    },
    terminate: async () => connection.close(),
  };
}
