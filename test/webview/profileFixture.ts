/**
 * Profiles for the profile webview's tests and benchmark, recorded the way the runtime
 * records them: kernel events pushed into the runtime's own ring and aggregated by its
 * `buildProfile`. `recordedProfile` is small, with figures chosen to be exact in float32;
 * `syntheticProfile` is as large as asked, with many source lines whose costs fall off.
 */
import type { ProfileBody } from '../../protocol/runtimeApi';
import { CallSites } from '../../runtime/recorder/callSites';
import { KernelRing } from '../../runtime/recorder/kernelRing';
import { KernelShapes } from '../../runtime/recorder/kernelShapes';
import { buildProfile } from '../../runtime/recorder/profileTree';

export const TRAIN_JS = '/work/example/train.js';

function addSource(callSites: CallSites, path: string, line: number, functionName: string): number {
  return callSites.intern([{ kind: 'call', location: { path, line, column: 1, functionName } }]);
}

/**
 * program 100 ms = `model train.js:23` 60 ms (matMul: BatchMatMul 10 × 4 ms; add: Add
 * 20 × 1 ms) + `loss train.js:28` 30 ms (meanSquaredError: SquaredDifference 18 ms, Mean
 * 12 ms) + `(backward pass)` 10 ms (matMul: BatchMatMul 4 × 2.5 ms).
 */
export function recordedProfile(): ProfileBody {
  const ring = new KernelRing(1000);
  const callSites = new CallSites();
  const model = addSource(callSites, TRAIN_JS, 23, 'model');
  const loss = addSource(callSites, TRAIN_JS, 28, 'loss');
  const id = (name: string) => ring.names.id(name);
  let at = 0;
  const kernel = (name: string, op: string, source: number, ms: number, backward = false) => {
    ring.push(id(name), id(op), source, at, ms, ms, 1, backward);
    at += ms;
  };
  for (let i = 0; i < 10; i++) kernel('BatchMatMul', 'matMul', model, 4);
  for (let i = 0; i < 20; i++) kernel('Add', 'add', model, 1);
  kernel('SquaredDifference', 'meanSquaredError', loss, 18);
  kernel('Mean', 'meanSquaredError', loss, 12);
  for (let i = 0; i < 4; i++) kernel('BatchMatMul', 'matMul', callSites.backward, 2.5, true);
  const shapes = new KernelShapes();
  shapes.note(loss, id('Mean'), { x: { shape: [64, 1] } }, { shape: [] });
  return buildProfile(ring, callSites, shapes);
}

/** A fast deterministic random sequence in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

/**
 * A profile of `events` kernels from `sources` source lines (the i-th line called about
 * 1/(i+1) as often as the first), each line calling a few of 40 ops and each op one or two of
 * 60 kernels, so that the tree holds about 3 × `sources` frames. Returns the tree and the
 * time `buildProfile` took.
 */
export function syntheticProfile(events: number, sources: number): { profile: ProfileBody; buildMs: number } {
  const ring = new KernelRing(events);
  const callSites = new CallSites();
  const lines = Array.from({ length: sources }, (_, i) => addSource(callSites, `/work/model/layer${i % 97}.js`, 1 + i, `layer${i}`));
  const ops = Array.from({ length: 40 }, (_, i) => ring.names.id(`op${i}`));
  const kernels = Array.from({ length: 60 }, (_, i) => ring.names.id(`Kernel${i}`));
  // Zipf-like: the cumulative weights of 1/(i+1), searched by bisection.
  const cumulative = new Float64Array(sources);
  let sum = 0;
  for (let i = 0; i < sources; i++) cumulative[i] = sum += 1 / (i + 1);
  const next = random(42);
  const pickSource = () => {
    const target = next() * sum;
    let lo = 0;
    let hi = sources - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let at = 0;
  for (let i = 0; i < events; i++) {
    const source = pickSource();
    const op = ops[(source * 7 + (next() < 0.5 ? 0 : 1)) % ops.length];
    const kernel = kernels[(op * 3 + (next() < 0.8 ? 0 : 1)) % kernels.length];
    const ms = 0.01 + next() * 0.05;
    ring.push(kernel, op, lines[source], at, ms, ms, 1, false);
    at += ms;
  }
  const start = performance.now();
  const profile = buildProfile(ring, callSites);
  return { profile, buildMs: performance.now() - start };
}

/** How many frames a tree holds. */
export function countFrames(profile: ProfileBody): number {
  let count = 0;
  const stack = [profile.root];
  while (stack.length > 0) {
    const node = stack.pop() as ProfileBody['root'];
    count++;
    stack.push(...node.children);
  }
  return count;
}
