/**
 * A program another debugger runs, reached through that debugger's CDP proxy: a web page or a
 * Node program under js-debug (VS Code's JavaScript debugger), which launched it, set the
 * breakpoints and owns every pause, step and resume. Into a page this target injects the
 * browser build of the runtime (now, and into every document the page loads next, so that a
 * reload is hooked from its first op); a Node program has the Node runtime when its launch
 * preloaded it. The debugger then reads tensors at that debugger's stops.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { companionArgumentSpecs, type CompanionArguments } from '../../../protocol/launchArguments';
import type { RuntimeSettings } from '../../../protocol/runtimeApi';
import { pageRuntimeInjection } from '../../../runtime/adapterCode';
import { pageLibraryPatterns } from '../../../common/libraryPatterns';
import { CdpConnection } from '../../cdp/connection';
import { connectToWebSocket } from '../../cdp/webSocketTransport';
import { exceptionMessage } from '../../services/exceptionMessage';
import { RuntimeCalls, runtimeMissing } from '../../services/runtimeCalls';
import { skipPattern } from '../../services/skipFiles';
import { checkArguments, LaunchArgumentError, show } from '../checkArguments';
import type { DebugTarget, TargetEvents, TargetSettings } from '../debugTarget';

type ResolvedCompanion = Required<CompanionArguments>;

/**
 * The CDP events js-debug's proxy forwards once asked (`JsDebug.subscribe`); a plain CDP
 * endpoint sends them anyway and answers the request with an error, which is fine.
 */
const followedEvents = ['Debugger.*', 'Runtime.*', 'Page.*'];

/** Validates the companion arguments the extension sends; throws {@link LaunchArgumentError}. */
export function validateCompanion(raw: Record<string, unknown>): ResolvedCompanion {
  const resolved = checkArguments(raw, companionArgumentSpecs) as ResolvedCompanion;
  if (!/^wss?:\/\/[^/]+\//.test(resolved.companionCdpUrl)) {
    throw new LaunchArgumentError(
      `companionCdpUrl: expected a CDP endpoint such as ws://127.0.0.1:9222/devtools/page/ID, got ${show(resolved.companionCdpUrl)}`,
    );
  }
  return resolved;
}

export class CompanionTarget implements DebugTarget {
  readonly ownsExecution = false;
  readonly runtime: RuntimeCalls;
  readonly settings: TargetSettings;

  private constructor(
    readonly connection: CdpConnection,
    private readonly args: ResolvedCompanion,
    /** The Node runtime (dist/runtime.js); the page's is beside it. */
    private readonly nodeRuntimePath: string,
  ) {
    this.runtime = new RuntimeCalls(connection);
    this.settings = {
      stopOnEntry: false,
      skipFiles: args.skipFiles,
      profile: args.profile,
      captureTape: args.captureTape,
      // The followed debugger answers hovers; the extension's thumbnail shows where it has none, or with Alt.
      tensorHover: 'debug',
      pageSources: { webRoot: args.webRoot, libraryPatterns: this.libraryPatterns() },
    };
    // A navigation or reload replaces the page's globals: the runtime the injected script
    // installs in the new document is looked up again at its first use.
    connection.on('Runtime.executionContextsCleared', () => this.runtime.forget());
  }

  /** Connects to the program's CDP endpoint; rejects with a message for the user. */
  static async attach(rawArgs: Record<string, unknown>, runtimePath: string, events: TargetEvents): Promise<CompanionTarget> {
    const args = validateCompanion(rawArgs);
    const connection = new CdpConnection(await connectToWebSocket(args.companionCdpUrl));
    connection.onClose(() => events.onEnd(undefined));
    await connection.send('JsDebug.subscribe', { events: followedEvents }).catch(() => undefined);
    return new CompanionTarget(connection, args, runtimePath);
  }

  /** Finds the runtime in the program, injecting it first into a page that does not have it yet. */
  async findRuntime(): Promise<void> {
    await this.injectRuntime();
    // A runtime preloaded or injected before keeps its own settings: the sentinel is set now.
    if (this.args.breakOnNaN) await this.runtime.setSentinel(true);
  }

  /** Injects the browser runtime into a page without one; a Node program must have it preloaded. */
  private async injectRuntime(): Promise<void> {
    if (await this.runtime.connect()) return;
    const bundle = path.join(path.dirname(this.nodeRuntimePath), 'runtime-browser.js');
    const source = pageRuntimeInjection(this.runtimeSettings(), readFileSync(bundle, 'utf8'));
    try {
      // Chromium runs a client's scripts on new documents only while its Page domain is on.
      await this.connection.send('Page.enable');
      await this.connection.send('Page.addScriptToEvaluateOnNewDocument', { source });
    } catch {
      // Not a page: a Node program, which has the runtime only when its launch preloaded it.
      throw new Error(
        `${runtimeMissing}: start the program with the runtime preloaded (node -r ${this.nodeRuntimePath}), or debug it with the tfjs debug type`,
      );
    }
    const { exceptionDetails } = await this.connection.send('Runtime.evaluate', { expression: source, silent: true });
    if (exceptionDetails) throw new Error(`the runtime could not be injected into the page: ${exceptionMessage(exceptionDetails)}`);
    if (!(await this.runtime.connect())) throw new Error(`${runtimeMissing}: the injected runtime did not install in the page`);
  }

  private runtimeSettings(): RuntimeSettings {
    const { args } = this;
    return {
      backend: 'auto',
      tensorStatistics: args.tensorStatistics,
      profile: args.profile,
      captureTape: args.captureTape,
      trackTensors: args.trackTensors,
      trainingHistory: args.trainingHistory,
      historyMB: args.historyMB,
      breakOnNaN: args.breakOnNaN,
      maxProfileEvents: 1_000_000,
      maxTapes: 10,
      libraryPatterns: this.libraryPatterns(),
    };
  }

  /** The page's library code: the `skipFiles`, or without them tfjs's bundles, packages and CDN URLs. */
  private libraryPatterns(): string[] {
    return this.args.skipFiles.length > 0 ? this.args.skipFiles.map(skipPattern) : pageLibraryPatterns;
  }

  /** The page announces nothing before its scripts run: they are mapped as V8 parses them. */
  onScriptWillRun(): void {}

  /** The other debugger lets the program run. */
  async release(): Promise<void> {}

  /** Leaves the page to the debugger that runs it. */
  async terminate(): Promise<void> {
    this.connection.close();
  }
}
