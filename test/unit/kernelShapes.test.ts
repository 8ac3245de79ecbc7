import * as assert from 'node:assert/strict';
import { KernelShapes, signatureOf } from '../../runtime/recorder/kernelShapes';

describe('kernel shapes for the profile', () => {
  it('writes a signature as the inputs\' shapes, then the outputs\'', () => {
    assert.equal(signatureOf({ a: { shape: [64, 8] }, b: { shape: [8, 16] } }, { shape: [64, 16] }), '[64,8] [8,16] → [64,16]');
    assert.equal(signatureOf(undefined, [{ shape: [] }, { shape: [3] }]), '→ [] [3]');
  });

  it('looks at the first call and then one in 256, keeping four distinct signatures per line and kernel', () => {
    const shapes = new KernelShapes();
    for (let call = 0; call < 2048; call++) shapes.note(3, 7, { x: { shape: [call] } }, { shape: [call] });
    assert.deepEqual(shapes.of(3, 7), ['[0] → [0]', '[256] → [256]', '[512] → [512]', '[768] → [768]']);
    shapes.note(4, 7, { x: { shape: [2] } }, { shape: [2] });
    assert.deepEqual(shapes.of(4, 7), ['[2] → [2]']);
    assert.deepEqual(shapes.of(3, 8), []);
    shapes.clear();
    assert.deepEqual(shapes.of(3, 7), []);
  });
});
