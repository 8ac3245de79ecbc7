/**
 * A Node program started by hand with `node --inspect -r <runtime.js>` (or `--inspect-brk`
 * to set breakpoints before its first line), reached through Node's inspector. There is no
 * agent: no output comes through the session, scripts are mapped as V8 parses them, and
 * ending the session leaves the program running.
 */
import { CdpConnection } from '../../cdp/connection';
import { connectToInspector } from '../../cdp/webSocketTransport';
import { nodeFlagsLookup } from '../../../runtime/adapterCode';
import { RuntimeCalls, runtimeMissing } from '../../services/runtimeCalls';
import type { DebugTarget, TargetEvents, TargetSettings } from '../debugTarget';
import { type ResolvedAttach, validateAttach } from './validateLaunch';

export class NodeAttachTarget implements DebugTarget {
  readonly ownsExecution = true;
  readonly runtime: RuntimeCalls;
  readonly settings: TargetSettings;

  private constructor(
    readonly connection: CdpConnection,
    private readonly args: ResolvedAttach,
    private readonly runtimePath: string,
  ) {
    this.runtime = new RuntimeCalls(connection);
    // The runtime's settings came from the program's own environment: recording is on unless
    // it was switched off there.
    this.settings = { stopOnEntry: false, skipFiles: args.skipFiles, profile: true, captureTape: true, tensorHover: args.tensorHover };
  }

  /** Checks the `attach` arguments and connects to the program's inspector; rejects with a message for the user. */
  static async attach(rawArgs: Record<string, unknown>, runtimePath: string, events: TargetEvents): Promise<NodeAttachTarget> {
    const args = validateAttach(rawArgs);
    const connection = new CdpConnection(await connectToInspector(args.address, args.port));
    connection.onClose(() => events.onEnd(undefined));
    return new NodeAttachTarget(connection, args, runtimePath);
  }

  /**
   * Under `--inspect-brk` the program has not run its preloads yet: a runtime not found now is
   * missing only when the program's flags do not preload it (the runtime client looks for it
   * again at its first use).
   */
  async findRuntime(): Promise<void> {
    if ((await this.runtime.connect()) || (await this.isPreloaded()) !== false) return;
    throw new Error(`${runtimeMissing}; start the program with: node --inspect=${this.args.port} -r ${this.runtimePath} <program>`);
  }

  /**
   * Whether the program was started with the runtime preloaded, judging by its flags;
   * undefined while it cannot tell (under `--inspect-brk`, Node has not set them up yet).
   */
  private async isPreloaded(): Promise<boolean | undefined> {
    const { result, exceptionDetails } = await this.connection.send('Runtime.evaluate', {
      expression: nodeFlagsLookup,
      returnByValue: true,
    });
    return exceptionDetails ? undefined : /runtime\.js/.test(String(result.value ?? ''));
  }

  /** A program attached to announces nothing: its scripts are mapped as V8 parses them. */
  onScriptWillRun(): void {}

  /** Lets a program started with --inspect-brk run; a running one is not affected. */
  async release(): Promise<void> {
    await this.connection.send('Runtime.runIfWaitingForDebugger');
  }

  async terminate(): Promise<void> {
    this.connection.close();
  }
}
