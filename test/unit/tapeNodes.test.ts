/**
 * A tape's nodes in flat arrays: what goes in (ids, kernels, sources, inputs and outputs with
 * dtypes and shapes, missing tensors left out) comes back out, and nodes are found by output.
 */
import * as assert from 'node:assert/strict';
import { TapeNodes } from '../../runtime/recorder/tapeNodes';
import type { TensorLike } from '../../runtime/tensorReader';

function tensor(id: number, shape: number[], dtype = 'float32'): TensorLike {
  return { id, shape, dtype, dataId: {}, isDisposed: false, dataSync: () => new Float32Array(0) };
}

describe('tape nodes', () => {
  it('gives back each node with its inputs and outputs, and finds a node by its first output', () => {
    const nodes = new TapeNodes();
    assert.equal(nodes.add(10, 'BatchMatMul', 3, { a: tensor(1, [64, 8]), b: tensor(2, [8, 16]) }, [tensor(5, [64, 16])]), 0);
    assert.equal(nodes.add(11, 'Unpack', 4, { value: tensor(5, [64, 16]), missing: null }, [tensor(6, [16], 'int32'), tensor(7, []), null]), 1);
    assert.equal(nodes.add(12, 'mul__op', 0, {}, [tensor(8, [2, 3, 4])]), 2);
    assert.equal(nodes.length, 3);
    assert.deepEqual(nodes.facts(1), { id: 11, kernelName: 'Unpack', source: 4 });
    assert.deepEqual(nodes.facts(2), { id: 12, kernelName: 'mul__op', source: 0 });
    assert.deepEqual(nodes.tensorsOf(0), {
      inputs: [
        { id: 1, dtype: 'float32', shape: [64, 8] },
        { id: 2, dtype: 'float32', shape: [8, 16] },
      ],
      outputs: [{ id: 5, dtype: 'float32', shape: [64, 16] }],
    });
    assert.deepEqual(nodes.tensorsOf(1).inputs, [{ id: 5, dtype: 'float32', shape: [64, 16] }]);
    assert.deepEqual(nodes.output(1, 1), { id: 7, dtype: 'float32', shape: [] });
    assert.deepEqual(nodes.output(1, 0), { id: 6, dtype: 'int32', shape: [16] });
    assert.deepEqual(nodes.tensorsOf(2), { inputs: [], outputs: [{ id: 8, dtype: 'float32', shape: [2, 3, 4] }] });
    assert.equal(nodes.placeOfOutput(5), 0);
    assert.equal(nodes.placeOfOutput(6), 1);
    assert.equal(nodes.placeOfOutput(8), 2);
    assert.equal(nodes.placeOfOutput(7), -1);
    assert.equal(nodes.placeOfOutput(1), -1);
    assert.deepEqual(
      [10, 11, 12, 9, 13].map((id) => nodes.placeOfId(id)),
      [0, 1, 2, -1, -1],
    );
  });
});
