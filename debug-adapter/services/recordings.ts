/**
 * `tfjs/profile` and `tfjs/tape`: what the runtime recorded, with each user source line
 * mapped to the authored file when the program's script has a source map (TypeScript, or a
 * page's bundle, whose maps may still be on their way: a request waits for them).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProfileArgs, TapeBody } from '../../protocol/customRequests';
import { frameName } from '../../common/frameNames';
import { mergeSameFrames } from './flameMerge';
import type { FlameNode, ProfileBody, SpeedscopeFile, TapeSource, TraceEvent } from '../../protocol/runtimeApi';
import type { PageSourceMaps } from './pageSourceMaps';
import type { RuntimeCalls } from './runtimeCalls';
import type { SourceMaps } from './sourceMaps';

type Source = { path: string; line: number; column?: number };

export class Recordings {
  constructor(
    private readonly runtime: RuntimeCalls,
    private readonly sourceMaps: SourceMaps,
    private readonly settings: { profile: boolean; captureTape: boolean },
    /** The source maps of a followed page's scripts, where the program is a page. */
    private readonly pageMaps?: PageSourceMaps,
  ) {}

  /** Resolves once the source maps of the scripts announced so far are read (a page's arrive over HTTP). */
  async mapsRead(): Promise<void> {
    await this.pageMaps?.settled();
  }

  async profile(args: ProfileArgs): Promise<ProfileBody | { traceEvents: TraceEvent[] } | SpeedscopeFile> {
    if (!this.settings.profile) throw new Error('kernels are not recorded in this session: set "profile": true in the launch configuration');
    const format = args.format ?? 'tree';
    if (!['tree', 'chrome-trace', 'speedscope'].includes(format)) throw new Error(`format: expected tree, chrome-trace or speedscope, got ${String(format)}`);
    if (args.gpuTime !== undefined && typeof args.gpuTime !== 'boolean')
      throw new Error(`gpuTime: expected true or false, got ${JSON.stringify(args.gpuTime)}`);
    // A bundle's ranges credit the ops recorded before they came again: in before the profile is made.
    await this.mapsRead();
    const body = await this.runtime.profile(format, args.reset === true, args.gpuTime);
    if (!body) throw new Error('tfjs is not loaded in the program yet: nothing has been recorded');
    if ('root' in body) {
      this.mapTree(body.root);
      mergeSameFrames(body.root);
    }
    return body;
  }

  async tape(index: number | undefined, keepValues: boolean): Promise<TapeBody> {
    if (!this.settings.captureTape) throw new Error('gradient tapes are not recorded in this session: set "captureTape": true in the launch configuration');
    await this.mapsRead();
    const tapes = await this.runtime.tapes(keepValues);
    if (tapes.length === 0) throw new Error('no gradient tape recorded yet: tapes are recorded for tf.grad, tf.variableGrads and optimizer.minimize calls');
    const at = index ?? tapes.length - 1;
    if (!Number.isInteger(at) || at < 0 || at >= tapes.length) throw new Error(`index: expected 0 to ${tapes.length - 1}, got ${String(index)}`);
    const nodes = tapes[at].nodes.map((node) => ({ ...node, source: node.source && this.authored(node.source) }));
    const sources = tapes[at].sources.map((source) => (source.origin ? { ...source, label: this.originLabel(source.name ?? '', source.origin) } : source));
    const body: TapeBody = { count: tapes.length, index: at, id: tapes[at].index, nodes, sources };
    if (tapes[at].inProgress) body.inProgress = true;
    return body;
  }

  private mapTree(node: FlameNode): void {
    if (node.source) {
      const generated = node.source;
      const original = this.authored(generated);
      if (original !== generated) {
        node.source = original;
        // A user frame is named by its authored line, and an anonymous one by where it is defined.
        if (node.kind === 'call') {
          const defined = node.defined && this.authored({ path: generated.path, line: node.defined.line, column: node.defined.column });
          node.name = frameName({ path: original.path, line: original.line, functionName: node.functionName ?? '', defined });
        }
      }
    }
    node.children.forEach((child) => this.mapTree(child));
  }

  /** `AdamOptimizer #0 (train.js:21)`: a numbered variable by its maker and the authored line that made it. */
  private originLabel(name: string, origin: NonNullable<TapeSource['origin']>): string {
    const at = this.authored(origin);
    return `${origin.maker} #${name} (${path.basename(at.path)}:${at.line})`;
  }

  /**
   * The authored position of a generated one (1-based line and column) when its script has a
   * source map; `source.path` is a file's path, or a page script's URL.
   */
  authored(source: Source): Source {
    // A URL's scheme has two letters or more; `C:` starts a Windows path.
    const url = /^[a-z][a-z\d+.-]+:/i.test(source.path) ? source.path : pathToFileURL(source.path).href;
    const line = source.line - 1;
    const column = Math.max(0, (source.column ?? 1) - 1);
    const original = this.sourceMaps.toOriginal(url, line, column) ?? this.pageMaps?.toOriginal(url, line, column);
    return original ? { path: original.path, line: original.line, column: original.column + 1 } : source;
  }
}
