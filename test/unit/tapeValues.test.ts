/**
 * Reading tensors' values during a training step: the arena's copies stay right as it grows
 * and as the tensors they came from are disposed and their memory reused; on wasm the values
 * are a view of the wasm heap (to be copied), on cpu the backend's own array.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { Arena, valueReading } from '../../runtime/recorder/tapeValues';
import type { TensorLike } from '../../runtime/tensorReader';

describe('tape values', () => {
  it('keeps each copy as it was while the arena grows, and starts over when reset', () => {
    const arena = new Arena(0);
    const first = arena.copy(Float32Array.from([1, 2, 3]));
    const at = arena.append(Float32Array.from([4, 5]));
    const big = arena.copy(new Float32Array(5000).fill(7));
    assert.deepEqual(Array.from(first), [1, 2, 3]);
    assert.equal(at, 3);
    assert.deepEqual(Array.from(arena.view(at, 2)), [4, 5]);
    assert.equal(big.length, 5000);
    assert.ok(big.every((v) => v === 7));
    assert.equal(arena.size, 5005);
    assert.equal(arena.reset().size, 0);
    assert.deepEqual(Array.from(arena.copy(Float32Array.from([9]))), [9]);
  });

  describe('on the wasm backend', () => {
    before(async () => {
      setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
      await tf.setBackend('wasm');
    });
    after(async () => {
      await tf.setBackend('cpu');
    });

    it('reads the wasm heap, and a copy into the arena outlives the tensor and the reuse of its memory', () => {
      const arena = new Arena(0);
      const { read, transient } = valueReading(tf.engine() as unknown as { backendName: string; backend: unknown });
      assert.equal(transient, true);
      const before = tf.memory().numTensors;
      const t = tf.range(0, 6, 1, 'float32');
      const now = read(t as unknown as TensorLike);
      assert.ok(now);
      const values = arena.copy(now);
      t.dispose();
      // The freed heap memory is taken by the next tensor of the same size.
      const other = tf.fill([6], -1);
      assert.deepEqual(Array.from(values ?? []), [0, 1, 2, 3, 4, 5]);
      assert.equal(arena.size, 6);
      const ints = tf.tensor1d([1, 2], 'int32');
      assert.equal(read(ints as unknown as TensorLike), undefined);
      tf.dispose([other, ints]);
      assert.equal(tf.memory().numTensors, before);
    });
  });

  it("gives the cpu backend's own array on cpu, read from its storage", async () => {
    await tf.setBackend('cpu');
    const { read, transient } = valueReading(tf.engine() as unknown as { backendName: string; backend: unknown });
    assert.equal(transient, false);
    const t = tf.tensor1d([4, 5]);
    assert.equal(read(t as unknown as TensorLike), t.dataSync());
    t.dispose();
  });
});
