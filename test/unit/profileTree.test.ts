/**
 * The profile's builders on a ring filled by hand: calls per frame in the flame tree, and a
 * Chrome trace whose events nest exactly even where float32 durations and rounding to whole
 * microseconds would let a child end after its parent.
 */
import * as assert from 'node:assert/strict';
import { CallSites } from '../../runtime/recorder/callSites';
import { KernelRing } from '../../runtime/recorder/kernelRing';
import { buildProfile, buildTrace } from '../../runtime/recorder/profileTree';
import { assertNestsExactly } from './traceNesting';

describe('profileTree', () => {
  function sites(): { callSites: CallSites; line: number } {
    const callSites = new CallSites();
    const line = callSites.table.id('/w/model.js:6');
    callSites.locations[line] = { path: '/w/model.js', line: 6, functionName: 'layer' };
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
    assert.deepEqual(op?.children.map((k) => [k.name, k.count, k.valueMs]), [['BatchMatMul', 4, 14]]);
    assert.deepEqual(profile.byOp.find((o) => o.op === 'Add'), { op: 'Add', count: 2, totalMs: 1.5, selfMs: 1.5 });
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
    const random = () => ((seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff);
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
