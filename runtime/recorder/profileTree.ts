/**
 * The profile of the recorded kernels (`tfjs/profile`): a flame tree from the program
 * through the user's source lines and ops to kernels, per-kernel totals, the Chrome Trace
 * Event Format and the speedscope file format. Built from the ring in one pass, without an object per event.
 */
import type { FlameNode, ProfileBody, SpeedscopeFile, TraceEvent } from '../../protocol/runtimeApi';
import { frameName } from '../../common/frameNames';
import type { CallSites, CallStep } from './callSites';
import type { KernelRing } from './kernelRing';
import type { KernelShapes } from './kernelShapes';

interface Totals {
  count: number;
  totalMs: number;
  selfMs: number;
  gpuMs?: number;
  gpuCount?: number;
}

/** Adds a kernel's GPU time (NaN: not measured) to a frame's or a total's. */
function addGpu(into: { gpuMs?: number; gpuCount?: number }, gpuMs: number): void {
  if (gpuMs !== gpuMs) return;
  into.gpuMs = (into.gpuMs ?? 0) + gpuMs;
  into.gpuCount = (into.gpuCount ?? 0) + 1;
}

/**
 * A frame. Every frame is made here, with its fields in one order, so that the code reading
 * a tree of 200k frames (here, and the host's encoding) meets one object shape, not several.
 */
function node(kind: FlameNode['kind'], name: string, valueMs: number, selfMs: number, count: number, children: FlameNode[] = []): FlameNode {
  const frame: FlameNode = { name, valueMs, selfMs, count, children };
  if (kind) frame.kind = kind;
  return frame;
}

const byValue = (a: FlameNode, b: FlameNode): number => b.valueMs - a.valueMs;

/** A parent's time, calls and GPU time: the sums of its children's. */
function sums(children: FlameNode[]): { valueMs: number; count: number; gpuMs?: number; gpuCount?: number } {
  let valueMs = 0;
  let count = 0;
  const gpu: { gpuMs?: number; gpuCount?: number } = {};
  for (const child of children) {
    valueMs += child.valueMs;
    count += child.count ?? 0;
    if (child.gpuCount !== undefined) {
      gpu.gpuMs = (gpu.gpuMs ?? 0) + (child.gpuMs ?? 0);
      gpu.gpuCount = (gpu.gpuCount ?? 0) + child.gpuCount;
    }
  }
  return { valueMs, count, ...gpu };
}

/** The frame with the GPU time of its kernels, when some was measured. */
function withGpu(frame: FlameNode, gpu: { gpuMs?: number; gpuCount?: number }): FlameNode {
  if (gpu.gpuCount !== undefined) {
    frame.gpuMs = gpu.gpuMs;
    frame.gpuCount = gpu.gpuCount;
  }
  return frame;
}

/** The node with the shape signatures it ran on, when some were noted. */
function withShapes(frame: FlameNode, shapes: string[] | undefined): FlameNode {
  if (shapes && shapes.length > 0) frame.shapes = shapes.slice();
  return frame;
}

/** The frame a step of a call path stands for (its time and calls are summed later). */
function stepNode(step: CallStep): FlameNode {
  if (step.kind === 'call') {
    const { location } = step;
    const frame = node('call', frameName(location), 0, 0, 0);
    frame.functionName = location.functionName;
    frame.source = { path: location.path, line: location.line, column: location.column };
    if (location.defined) frame.defined = location.defined;
    return frame;
  }
  if (step.kind === 'api') return node('api', step.name, 0, 0, 0);
  const name = step.className && !step.name.includes(step.className) ? `${step.name} (${step.className})` : step.name;
  return node('layer', name, 0, 0, 0);
}

/** The steps of a path id: the user's calls, or what stands for ops no user code called. */
function stepsOf(source: number, callSites: CallSites): (CallStep | string)[] {
  return callSites.paths[source] ?? [source === callSites.backward ? '(backward pass)' : '(tfjs)'];
}

function stepKey(step: CallStep | string): string {
  if (typeof step === 'string') return step;
  return step.kind === 'call' ? `c${step.location.path}:${step.location.line}:${step.location.column}` : `${step.kind[0]}${step.name}`;
}

interface Branch {
  frame: FlameNode;
  branches: Map<string, Branch>;
}

/** Sums each frame's time and calls from its children, and sorts them, bottom up. */
function settle(frame: FlameNode): void {
  if (frame.kind === 'op' || frame.kind === 'kernel') return;
  frame.children.forEach(settle);
  frame.children.sort(byValue);
  const { valueMs, count, ...gpu } = sums(frame.children);
  frame.valueMs = valueMs;
  frame.count = count;
  withGpu(frame, gpu);
}

/** The flame tree and totals of the recorded kernels (with shapes per kernel frame, when given). */
export function buildProfile(ring: KernelRing, callSites: CallSites, shapes?: KernelShapes): ProfileBody {
  // path → op → kernel → the totals of the outermost kernels.
  const tree = new Map<number, Map<number, Map<number, Totals>>>();
  const byKernel = new Map<number, Totals>();
  let totalMs = 0;
  const addToTree = (source: number, op: number, kernel: number, duration: number, self: number, gpuMs: number): void => {
    let ops = tree.get(source);
    if (!ops) tree.set(source, (ops = new Map()));
    let kernels = ops.get(op);
    if (!kernels) ops.set(op, (kernels = new Map()));
    let totals = kernels.get(kernel);
    if (!totals) kernels.set(kernel, (totals = { count: 0, totalMs: 0, selfMs: 0 }));
    totals.totalMs += duration;
    totals.selfMs += self;
    totals.count++;
    addGpu(totals, gpuMs);
  };
  // The kernels nested one level down since the last outermost one (the ring holds a kernel
  // after those it ran): a custom gradient's function is shown as the kernels it ran.
  const inner: number[] = [];
  ring.forEach((kernel, op, source, _start, duration, self, depth, _backward, custom, gpuMs) => {
    if (!custom) {
      const totals = byKernel.get(kernel) ?? { count: 0, totalMs: 0, selfMs: 0 };
      totals.count++;
      totals.totalMs += duration;
      totals.selfMs += self;
      addGpu(totals, gpuMs);
      byKernel.set(kernel, totals);
    }
    if (depth === 2) inner.push(kernel, duration, self, gpuMs);
    if (depth !== 1) return;
    totalMs += duration;
    if (custom && inner.length > 0) {
      for (let i = 0; i < inner.length; i += 4) addToTree(source, op, inner[i], inner[i + 1], inner[i + 2], inner[i + 3]);
    } else addToTree(source, op, kernel, duration, self, gpuMs);
    inner.length = 0;
  });
  const names = ring.names.values;
  const root: Branch = { frame: node(undefined, 'program', totalMs, 0, 0), branches: new Map() };
  for (const [source, ops] of tree) {
    // The frames of the path, shared with the paths that start the same way.
    let branch = root;
    for (const step of stepsOf(source, callSites)) {
      const key = stepKey(step);
      let next = branch.branches.get(key);
      if (!next) {
        next = { frame: typeof step === 'string' ? node(undefined, step, 0, 0, 0) : stepNode(step), branches: new Map() };
        branch.branches.set(key, next);
        branch.frame.children.push(next.frame);
      }
      branch = next;
    }
    for (const [op, kernels] of ops) {
      const kernelNodes = [...kernels]
        .map(([kernel, totals]) =>
          withGpu(withShapes(node('kernel', names[kernel], totals.totalMs, totals.selfMs, totals.count), shapes?.of(source, kernel)), totals),
        )
        .sort(byValue);
      const { valueMs, count, ...gpu } = sums(kernelNodes);
      const opShapes = kernelNodes.length === 1 ? kernelNodes[0].shapes : undefined;
      branch.frame.children.push(withGpu(withShapes(node('op', op === 0 ? '(kernel)' : names[op], valueMs, 0, count, kernelNodes), opShapes), gpu));
    }
  }
  settle(root.frame);
  root.frame.valueMs = totalMs;
  const byOp = [...byKernel].map(([kernel, totals]) => ({ op: names[kernel], ...totals })).sort((a, b) => b.totalMs - a.totalMs);
  return { events: ring.size, droppedEvents: ring.dropped, totalMs, byOp, root: root.frame };
}

/**
 * The recorded kernels in the Trace Event Format (complete events, whole microseconds).
 * The ring holds kernels in the order they ended (a nested kernel before its parent), with
 * float32 durations; the events are put in start order and each is kept inside its parent and
 * after its previous sibling, so that rounding never lets a child stick out of its parent.
 */
export function buildTrace(ring: KernelRing, callSites: CallSites): { traceEvents: TraceEvent[] } {
  const names = ring.names.values;
  const traceEvents: TraceEvent[] = [];
  const depths: number[] = [];
  ring.forEach((kernel, op, source, start, duration, _self, depth, backward) => {
    const location = callSites.locations[source];
    const ts = Math.round(start * 1000);
    traceEvents.push({
      name: names[kernel],
      cat: backward ? 'backward' : 'forward',
      ph: 'X',
      ts,
      dur: Math.max(0, Math.round((start + duration) * 1000) - ts),
      pid: 1,
      tid: 1,
      args: { op: op === 0 ? undefined : names[op], depth, source: location ? `${location.path}:${location.line}` : undefined },
    });
    depths.push(depth);
  });
  const order = traceEvents.map((_, i) => i).sort((a, b) => traceEvents[a].ts - traceEvents[b].ts || depths[a] - depths[b]);
  // The open ancestors of the event at hand, and the end of the last event seen at each depth.
  const open: number[] = [];
  const lastEnd = new Map<number, number>();
  for (const i of order) {
    const event = traceEvents[i];
    while (open.length > 0 && depths[open[open.length - 1]] >= depths[i]) open.pop();
    const parent = open.length > 0 ? traceEvents[open[open.length - 1]] : undefined;
    let start = Math.max(event.ts, lastEnd.get(depths[i]) ?? -Infinity);
    let end = event.ts + event.dur;
    if (parent) {
      start = Math.min(Math.max(start, parent.ts), parent.ts + parent.dur);
      end = Math.min(end, parent.ts + parent.dur);
    }
    event.ts = start;
    event.dur = Math.max(0, end - start);
    lastEnd.set(depths[i], event.ts + event.dur);
    // A new parent closes the deeper levels' sibling runs.
    for (const depth of lastEnd.keys()) if (depth > depths[i]) lastEnd.delete(depth);
    open.push(i);
  }
  return { traceEvents: order.map((i) => traceEvents[i]) };
}

/**
 * The recorded kernels as a speedscope file (evented profile, milliseconds): each outermost
 * kernel opens the frames of its source line, its op and itself, and closes them in turn.
 */
export function buildSpeedscope(ring: KernelRing, callSites: CallSites): SpeedscopeFile {
  const names = ring.names.values;
  const frames: SpeedscopeFile['shared']['frames'] = [];
  const frameIds = new Map<string, number>();
  const frame = (key: string, make: () => SpeedscopeFile['shared']['frames'][number]): number => {
    let id = frameIds.get(key);
    if (id === undefined) {
      id = frames.length;
      frames.push(make());
      frameIds.set(key, id);
    }
    return id;
  };
  const events: SpeedscopeFile['profiles'][number]['events'] = [];
  let first = Infinity;
  let last = 0;
  ring.forEach((kernel, op, source, start, duration, _self, depth) => {
    if (depth !== 1) return;
    const stack = stepsOf(source, callSites).map((step) =>
      frame(stepKey(step), () => {
        if (typeof step === 'string' || step.kind !== 'call') return { name: typeof step === 'string' ? step : stepNode(step).name };
        return { name: frameName(step.location), file: step.location.path, line: step.location.line, col: step.location.column };
      }),
    );
    stack.push(
      frame(`o${op}`, () => ({ name: op === 0 ? '(kernel)' : names[op] })),
      frame(`k${kernel}`, () => ({ name: names[kernel] })),
    );
    const end = start + duration;
    for (const id of stack) events.push({ type: 'O', frame: id, at: start });
    for (const id of [...stack].reverse()) events.push({ type: 'C', frame: id, at: end });
    first = Math.min(first, start);
    last = Math.max(last, end);
  });
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames },
    profiles: [
      { type: 'evented', name: 'tfjs kernels', unit: 'milliseconds', startValue: events.length ? first : 0, endValue: events.length ? last : 0, events },
    ],
    name: 'TF.js Model Debugger profile',
  };
}
