/**
 * The names the Variables view hands out for tensor parts: each found again by its exact name
 * as the whole tensor and an index, a name never handed out found as nothing.
 */
import * as assert from 'node:assert/strict';
import { TensorParts } from '../../debug-adapter/services/tensorParts';

describe('the names of tensor parts handed out', () => {
  it('gives sub-tensor and element names and finds what each stands for by the exact name', () => {
    const parts = new TensorParts();
    assert.equal(parts.subTensor('model.w', [2, 3]), 'tf.gather(tf.gather(model.w, 2), 3)');
    assert.equal(parts.element('x', [1, 0]), 'x.bufferSync().get(1, 0)');
    assert.deepEqual(parts.lookup('tf.gather(tf.gather(model.w, 2), 3)'), { root: 'model.w', index: [2, 3] });
    assert.deepEqual(parts.lookup('x.bufferSync().get(1, 0)'), { root: 'x', index: [1, 0] });
    // A name never handed out is no part, however it reads.
    assert.equal(parts.lookup('tf.gather(model.w, 2)'), undefined);
    assert.equal(parts.lookup('tf.gather(tf.gather(model.w, 2),3)'), undefined);
  });

  it('makes a part of a part a part of the whole tensor', () => {
    const parts = new TensorParts();
    const row = parts.subTensor('x', [2]);
    assert.deepEqual(parts.lookup(parts.element(row, [0, 1])), { root: 'x', index: [2, 0, 1] });
  });
});
