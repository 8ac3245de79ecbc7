/**
 * The profile's builders on a ring filled by hand: calls per frame in the flame tree, and a
 * Chrome trace whose events nest exactly even where float32 durations and rounding to whole
 * microseconds would let a child end after its parent.
 */
import * as assert from 'node:assert/strict';
import type { FlameNode } from '../../protocol/runtimeApi';
import { CallSites } from '../../runtime/recorder/callSites';
import { KernelRing } from '../../runtime/recorder/kernelRing';
import { buildProfile, buildTrace } from '../../runtime/recorder/profileTree';
import { assertNestsExactly } from './traceNesting';

describe('profileTree', () => {
  function sites(): { callSites: CallSites; line: number } {
    const callSites = new CallSites();
    const line = callSites.intern([{ kind: 'call', location: { path: '/w/model.js', line: 6, column: 3, functionName: 'layer' } }]);
    return { callSites, line };
  }

  it('counts the calls of each frame, from kernel up to the program', () => {
    const { callSites, line } = sites();
    const ring = new KernelRing(100);
    const [matMul, add, fused] = ['BatchMatMul', 'Add', 'matMul'].map((name) => ring.names.id(name));
    for (let i = 0; i < 3; i++) ring.push(matMul, fused, line, i * 10, 4, 4, 1, false);
    ring.push(add, 0, line, 40, 1, 1, 1, false);
    // A nested kernel counts in byOp but not in the tree, which holds outermost kernels.
    ring.push(add, fused, line, 50.5, 0.5, 0.5, 2, false);
    ring.push(matMul, fused, line, 50, 2, 1.5, 1, false);
    const profile = buildProfile(ring, callSites);
    assert.equal(profile.root.count, 5);
    const [source] = profile.root.children;
    assert.equal(source.name, 'layer model.js:6');
    assert.equal(source.count, 5);
    const op = source.children.find((o) => o.name === 'matMul');
    assert.equal(op?.count, 4);
    assert.deepEqual(
      op?.children.map((k) => [k.name, k.count, k.valueMs]),
      [['BatchMatMul', 4, 14]],
    );
    assert.deepEqual(
      profile.byOp.find((o) => o.op === 'Add'),
      { op: 'Add', count: 2, totalMs: 1.5, selfMs: 1.5 },
    );
  });

  it("sums the GPU's kernel times where the GPU timer measured them, into the ring's events it still holds", () => {
    const { callSites, line } = sites();
    const ring = new KernelRing(3);
    const [matMul, relu, op] = ['BatchMatMul', 'Relu', 'dense'].map((name) => ring.names.id(name));
    const lost = ring.push(matMul, op, line, 0, 1, 1, 1, false);
    const first = ring.push(matMul, op, line, 1, 1, 1, 1, false);
    const second = ring.push(matMul, op, line, 2, 1, 1, 1, false);
    const untimed = ring.push(relu, op, line, 3, 1, 1, 1, false);
    // The GPU answers after the ring has moved on: the event it overwrote keeps no time.
    ring.setGpuMs(lost, 100);
    ring.setGpuMs(first, 2.5);
    ring.setGpuMs(second, 0.5);
    const profile = buildProfile(ring, callSites);
    assert.deepEqual([profile.root.count, profile.root.gpuCount, profile.root.gpuMs], [3, 2, 3]);
    const kernels = profile.root.children[0].children[0].children;
    assert.deepEqual(
      kernels.map((kernel) => [kernel.name, kernel.count, kernel.gpuCount, kernel.gpuMs]),
      [
        ['BatchMatMul', 2, 2, 3],
        ['Relu', 1, undefined, undefined],
      ],
    );
    assert.deepEqual(
      profile.byOp.map((row) => [row.op, row.gpuCount, row.gpuMs]),
      [
        ['BatchMatMul', 2, 3],
        ['Relu', undefined, undefined],
      ],
    );
    // A time that arrives after a reset belongs to no kept event.
    ring.clear();
    ring.push(relu, op, line, 4, 1, 1, 1, false);
    ring.setGpuMs(untimed, 7);
    assert.equal(buildProfile(ring, callSites).root.gpuCount, undefined);
  });

  it('names an op interned before any kernel (id 0 means no op)', () => {
    const { callSites, line } = sites();
    const ring = new KernelRing(10);
    const op = ring.names.id('randomNormal');
    ring.push(ring.names.id('RandomNormal'), op, line, 0, 1, 1, 1, false);
    ring.push(ring.names.id('Identity'), 0, line, 1, 1, 1, 1, false);
    const names = buildProfile(ring, callSites).root.children[0].children.map((frame) => frame.name);
    assert.deepEqual(names.sort(), ['(kernel)', 'randomNormal']);
  });

  it('lists a fused op once in byOp, by its kernel, and shows its custom gradient as the kernels it ran', () => {
    const { callSites, line } = sites();
    const ring = new KernelRing(10);
    const op = ring.names.id('fusedMatMul');
    const [fused, reshape, wrapper] = ['_FusedMatMul', 'Reshape', 'fusedMatMul'].map((name) => ring.names.id(name));
    for (let i = 0; i < 2; i++) {
      ring.push(reshape, op, line, i * 10, 0.5, 0.5, 2, false);
      ring.push(fused, op, line, i * 10 + 1, 2, 2, 2, false);
      ring.push(wrapper, op, line, i * 10, 3, 0.5, 1, false, true);
    }
    const profile = buildProfile(ring, callSites);
    assert.deepEqual(
      profile.byOp.map((row) => [row.op, row.count, row.totalMs]),
      [
        ['_FusedMatMul', 2, 4],
        ['Reshape', 2, 1],
      ],
    );
    const opFrame = profile.root.children[0].children[0];
    assert.equal(opFrame.name, 'fusedMatMul');
    assert.deepEqual(
      opFrame.children.map((kernel) => [kernel.name, kernel.count, kernel.valueMs]),
      [
        ['_FusedMatMul', 2, 4],
        ['Reshape', 2, 1],
      ],
    );
  });

  it('nests the user frames, model methods and layers of each path, joining paths that start alike', () => {
    const callSites = new CallSites();
    const run = { kind: 'call' as const, location: { path: '/w/main.js', line: 44, column: 9, functionName: 'run' } };
    const fit = { kind: 'api' as const, name: 'fit' };
    const dense = callSites.intern([run, fit, { kind: 'layer', name: 'dense_Dense1', className: 'Dense' }]);
    const hidden = callSites.intern([run, fit, { kind: 'layer', name: 'hidden', className: 'Dense' }]);
    const arrow = callSites.intern([
      { kind: 'call', location: { path: '/w/main.js', line: 12, column: 30, functionName: '', defined: { line: 12, column: 20 } } },
    ]);
    const ring = new KernelRing(10);
    const matMul = ring.names.id('BatchMatMul');
    ring.push(matMul, ring.names.id('matMul'), dense, 0, 2, 2, 1, false);
    ring.push(matMul, ring.names.id('matMul'), hidden, 2, 1, 1, 1, false);
    ring.push(matMul, ring.names.id('matMul'), arrow, 3, 0.5, 0.5, 1, false);
    const { root } = buildProfile(ring, callSites);
    const describe = (frame: FlameNode): unknown => [frame.name, frame.kind, frame.valueMs, frame.children.filter((c) => c.kind !== 'op').map(describe)];
    assert.deepEqual(root.children.map(describe), [
      [
        'run main.js:44',
        'call',
        3,
        [
          [
            'fit',
            'api',
            3,
            [
              ['dense_Dense1', 'layer', 2, []],
              ['hidden (Dense)', 'layer', 1, []],
            ],
          ],
        ],
      ],
      ['<anonymous> line 12 main.js:12', 'call', 0.5, []],
    ]);
    assert.deepEqual(root.children[0].source, { path: '/w/main.js', line: 44, column: 9 });
  });

  it('exports a Chrome trace whose children lie inside their parents, in start order', () => {
    const { callSites, line } = sites();
    const ring = new KernelRing(100);
    const [outer, inner] = ['Outer', 'Inner'].map((name) => ring.names.id(name));
    // Times in ms, chosen so that rounding each event on its own puts the child's end 1 µs
    // after its parent's, and the second child's start inside the first child.
    ring.push(inner, 0, line, 1.0004, 0.0012, 0.0012, 2, false); // ends at 1.0016 → 1002 µs
    ring.push(inner, 0, line, 1.0016, 0.0003, 0.0003, 2, false); // sibling starting as the first ends
    ring.push(outer, 0, line, 1.0, 0.00149, 0.0, 1, false); // ends at 1.00149 → 1001 µs
    ring.push(outer, 0, line, 2.0, 0.5, 0.5, 1, true);
    const { traceEvents } = buildTrace(ring, callSites);
    assert.deepEqual(
      traceEvents.map((e) => [e.name, e.ts, e.dur, e.cat]),
      [
        ['Outer', 1000, 1, 'forward'],
        ['Inner', 1000, 1, 'forward'],
        ['Inner', 1001, 0, 'forward'],
        ['Outer', 2000, 500, 'backward'],
      ],
    );
    assert.equal(traceEvents[0].args.source, '/w/model.js:6');
    assertNestsExactly(traceEvents);
  });

  it('keeps a random nest of kernels exact', () => {
    const { callSites, line } = sites();
    const ring = new KernelRing(10_000);
    const kernel = ring.names.id('K');
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
    // Recursively nested kernels with sub-microsecond gaps, pushed as they end (children first).
    const nest = (start: number, length: number, depth: number): void => {
      let at = start + random() * 0.0008;
      while (depth < 5 && at < start + length * 0.8) {
        const child = Math.min(random() * length * 0.4, start + length - at);
        nest(at, child, depth + 1);
        at += child + random() * 0.0007;
      }
      ring.push(kernel, 0, line, start, length, 0, depth, false);
    };
    for (let i = 0; i < 20; i++) nest(i * 0.05 + random() * 0.001, 0.03 + random() * 0.01, 1);
    const { traceEvents } = buildTrace(ring, callSites);
    assert.equal(traceEvents.length, ring.size);
    assertNestsExactly(traceEvents);
  });
});
