/**
 * Writing an edit into a tensor's own storage, on the cpu and wasm backends: the tensor keeps
 * its id and tfjs's counts, the tensors sharing its storage see the values, and on cpu the
 * array the program made the tensor from (or read with `dataSync()`) is left as it was.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { TensorLike } from '../../runtime/tensorReader';
import { type StorageEngine, storedValues, writeStorage } from '../../runtime/tensorStorage';

const engine = (): StorageEngine => tf.engine() as unknown as StorageEngine;
const write = (tensor: tf.Tensor, offset: number, dtype: string, values: number[]): boolean =>
  writeStorage(engine(), tensor as unknown as TensorLike, offset, storedValues(dtype, values));

describe('tensor storage', () => {
  it('converts values as tf.cast does: truncated for int32, 0 or 1 for bool', () => {
    assert.deepEqual(Array.from(storedValues('int32', [1.7, -2.5])), [1, -2]);
    assert.deepEqual(Array.from(storedValues('bool', [2, 0, -1])), [1, 0, 1]);
    assert.deepEqual(Array.from(storedValues('float32', [0.5])), [0.5]);
  });

  for (const backend of ['cpu', 'wasm']) {
    describe(`on the ${backend} backend`, () => {
      before(async () => {
        if (backend === 'wasm') setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
        await tf.setBackend(backend);
      });
      after(async () => {
        await tf.setBackend('cpu');
      });

      it("writes a region in place: same tensor, same counts, its reshape sees it, the program's array does not change", () => {
        const source = new Float32Array([1, 2, 3, 4]);
        const x = tf.tensor2d(source, [2, 2]);
        const read = x.dataSync();
        const flat = x.reshape([4]);
        const { numTensors, numBytes } = tf.memory();
        assert.equal(write(x, 1, 'float32', [9]), true);
        assert.deepEqual(Array.from(x.dataSync()), [1, 9, 3, 4]);
        assert.deepEqual(Array.from(flat.dataSync()), [1, 9, 3, 4]);
        assert.deepEqual(Array.from(source), [1, 2, 3, 4]);
        assert.deepEqual(Array.from(read), [1, 2, 3, 4]);
        assert.deepEqual([tf.memory().numTensors, tf.memory().numBytes], [numTensors, numBytes]);
        // What runs on it next computes with the new values.
        assert.deepEqual(Array.from(tf.sum(x).dataSync()), [17]);
        tf.dispose([x, flat]);
      });

      it('writes int32 and bool tensors in their own types', () => {
        const ints = tf.tensor1d([1, 2, 3], 'int32');
        const flags = tf.tensor1d([true, false], 'bool');
        assert.equal(write(ints, 0, 'int32', [7, 8, 9]), true);
        assert.equal(write(flags, 1, 'bool', [5]), true);
        assert.deepEqual(Array.from(ints.dataSync()), [7, 8, 9]);
        assert.deepEqual(Array.from(flags.dataSync()), [1, 1]);
        tf.dispose([ints, flags]);
      });

      it('leaves a string tensor to the caller', () => {
        const text = tf.tensor1d(['a']);
        assert.equal(write(text, 0, 'string', [1]), false);
        text.dispose();
      });
    });
  }
});
