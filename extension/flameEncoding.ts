/**
 * The profile's flame tree in the form it crosses to the webview (`FlameData`): the host
 * encodes `tfjs/profile`'s tree into a few typed arrays with `encodeFlame`, and the webview
 * reads the buffers back (webviews/profile/flameFrames.ts).
 */
import type { FlameNode } from '../protocol/runtimeApi';
import { FlameKind, type FlameData } from '../protocol/webviewMessages';

const kindCodes: Record<NonNullable<FlameNode['kind']>, FlameKind> = {
  call: FlameKind.Call,
  api: FlameKind.Api,
  layer: FlameKind.Layer,
  op: FlameKind.Op,
  kernel: FlameKind.Kernel,
};

/** Interns values to dense indexes. */
function interner<T>(keyOf: (value: T) => string): { values: T[]; id: (value: T) => number } {
  const ids = new Map<string, number>();
  const values: T[] = [];
  return {
    values,
    id(value: T): number {
      const key = keyOf(value);
      let id = ids.get(key);
      if (id === undefined) {
        id = values.length;
        values.push(value);
        ids.set(key, id);
      }
      return id;
    },
  };
}

/** The tree depth first, root first, children in their order. */
export function encodeFlame(root: FlameNode): FlameData {
  const order: FlameNode[] = [];
  const depthOf: number[] = [];
  const stack: FlameNode[] = [root];
  const stackDepth: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop() as FlameNode;
    const depth = stackDepth.pop() as number;
    order.push(node);
    depthOf.push(depth);
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push(node.children[i]);
      stackDepth.push(depth + 1);
    }
  }
  const size = order.length;
  const names = interner<string>((name) => name);
  const sources = interner<{ path: string; line: number }>((source) => `${source.line}:${source.path}`);
  const nameIds = new Int32Array(size);
  const depths = new Uint8Array(size);
  const kinds = new Uint8Array(size);
  const values = new Float64Array(size);
  const selfs = new Float64Array(size);
  const counts = new Float64Array(size);
  const gpus = new Float64Array(size);
  const gpuCounts = new Float64Array(size);
  const sourceIds = new Int32Array(size);
  const shapes = interner<string[]>((list) => list.join('\n'));
  const shapeIds = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const node = order[i];
    nameIds[i] = names.id(node.name);
    depths[i] = Math.min(depthOf[i], 255);
    kinds[i] = node.kind ? kindCodes[node.kind] : FlameKind.Other;
    values[i] = node.valueMs;
    selfs[i] = node.selfMs;
    counts[i] = node.count ?? NaN;
    gpus[i] = node.gpuMs ?? NaN;
    gpuCounts[i] = node.gpuCount ?? 0;
    sourceIds[i] = node.source ? sources.id({ path: node.source.path, line: node.source.line }) : -1;
    shapeIds[i] = node.shapes && node.shapes.length > 0 ? shapes.id(node.shapes) : -1;
  }
  return {
    size,
    names: names.values,
    sources: sources.values,
    nameIds: nameIds.buffer,
    depths: depths.buffer,
    kinds: kinds.buffer,
    values: values.buffer,
    selfs: selfs.buffer,
    counts: counts.buffer,
    gpus: gpus.buffer,
    gpuCounts: gpuCounts.buffer,
    sourceIds: sourceIds.buffer,
    shapes: shapes.values,
    shapeIds: shapeIds.buffer,
  };
}
