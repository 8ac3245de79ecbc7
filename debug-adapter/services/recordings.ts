/**
 * `tfjs/profile` and `tfjs/tape`: what the runtime recorded, with each user source line
 * mapped to the authored file when the program's script has a source map (TypeScript).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProfileArgs, TapeBody } from '../../protocol/customRequests';
import { frameName } from '../../common/frameNames';
import { mergeSameFrames } from './flameMerge';
import type { FlameNode, ProfileBody, SpeedscopeFile, TapeSource, TraceEvent } from '../../protocol/runtimeApi';
import type { RuntimeCalls } from './runtimeCalls';
import type { SourceMaps } from './sourceMaps';

type Source = { path: string; line: number; column?: number };

export class Recordings {
  constructor(
    private readonly runtime: RuntimeCalls,
    private readonly sourceMaps: SourceMaps,
    private readonly settings: { profile: boolean; captureTape: boolean },
  ) {}

  async profile(args: ProfileArgs): Promise<ProfileBody | { traceEvents: TraceEvent[] } | SpeedscopeFile> {
    if (!this.settings.profile) throw new Error('kernels are not recorded in this session: set "profile": true in the launch configuration');
    const format = args.format ?? 'tree';
    if (!['tree', 'chrome-trace', 'speedscope'].includes(format)) throw new Error(`format: expected tree, chrome-trace or speedscope, got ${String(format)}`);
    if (args.gpuTime !== undefined && typeof args.gpuTime !== 'boolean')
      throw new Error(`gpuTime: expected true or false, got ${JSON.stringify(args.gpuTime)}`);
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
      const original = this.authored(node.source);
      if (original !== node.source) {
        node.source = original;
        // A user frame is named by its authored line, and an anonymous one by where it is defined.
        if (node.kind === 'call') {
          const defined = node.defined && this.authored({ path: node.source.path, line: node.defined.line, column: node.defined.column });
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

  /** The authored position of a generated one (1-based line and column) when its script has a source map. */
  authored(source: Source): Source {
    const original = this.sourceMaps.toOriginal(pathToFileURL(source.path).href, source.line - 1, Math.max(0, (source.column ?? 1) - 1));
    return original ? { path: original.path, line: original.line, column: original.column + 1 } : source;
  }
}
