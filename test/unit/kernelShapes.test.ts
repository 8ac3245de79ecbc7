import * as assert from 'node:assert/strict';
import { KernelShapes, sampleEvery, signatureOf } from '../../runtime/recorder/kernelShapes';

describe('kernel shapes for the profile', () => {
  it("writes a signature as the inputs' shapes, then the outputs'", () => {
    assert.equal(signatureOf({ a: { shape: [64, 8] }, b: { shape: [8, 16] } }, { shape: [64, 16] }), '[64,8] [8,16] → [64,16]');
    assert.equal(signatureOf(undefined, [{ shape: [] }, { shape: [3] }]), '→ [] [3]');
  });

  it('keeps four distinct signatures per line and kernel', () => {
    const shapes = new KernelShapes();
    for (const size of [0, 1, 0, 2, 3, 4, 5]) shapes.note(3, 7, { x: { shape: [size] } }, { shape: [size] });
    assert.deepEqual(shapes.of(3, 7), ['[0] → [0]', '[1] → [1]', '[2] → [2]', '[3] → [3]']);
    shapes.note(4, 7, { x: { shape: [2] } }, { shape: [2] });
    assert.deepEqual(shapes.of(4, 7), ['[2] → [2]']);
    assert.deepEqual(shapes.of(3, 8), []);
    shapes.clear();
    assert.deepEqual(shapes.of(3, 7), []);
  });

  it('says to note the first kernel, then one in every sampleEvery (a prime, so every kernel of a repeating step comes up)', () => {
    const shapes = new KernelShapes();
    const due = Array.from({ length: 3 * sampleEvery + 1 }, (_, call) => shapes.due() && call).filter((call) => call !== false);
    assert.deepEqual(due, [0, sampleEvery, 2 * sampleEvery, 3 * sampleEvery]);
    const stepKernels = 90;
    const noted = new Set<number>();
    for (let call = 0; call < stepKernels * sampleEvery; call++) if (shapes.due()) noted.add(call % stepKernels);
    assert.equal(noted.size, stepKernels);
  });
});
