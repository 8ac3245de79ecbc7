/**
 * The one-line tensor text js-debug shows (runtime/tensorDescription.ts through the generator
 * of runtime/adapterCode.ts), on the cpu and wasm backends: exact texts, no tensor made, and
 * the generator run as js-debug runs it for the values of a scope or object, under V8's
 * side-effect check (`throwOnSideEffect`), through this process's own inspector.
 */
import * as assert from 'node:assert/strict';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { runtimeGlobal } from '../../protocol/runtimeApi';
import type { BackendsEngine } from '../../runtime/residentValues';
import { useSettings } from '../../runtime/settings';
import { descriptionOf } from '../../runtime/tensorDescription';
import { type CheckedCall, checkedCall, defaultPreview } from '../jsDebugDescriptions';

/** Runs `declaration` on the global `target` as js-debug runs its generator for nested values: V8's side-effect check on. */
async function callChecked(session: Session, target: string, declaration?: string): Promise<CheckedCall> {
  const post = <T>(method: string, params: object): Promise<T> =>
    new Promise((done, fail) => session.post(method, params, (error, result) => (error ? fail(error) : done(result as T))));
  const { result } = await post<{ result: { objectId: string } }>('Runtime.evaluate', { expression: `globalThis.${target}` });
  try {
    return await post<CheckedCall>('Runtime.callFunctionOn', checkedCall(result.objectId, declaration));
  } finally {
    await post('Runtime.releaseObject', { objectId: result.objectId });
  }
}

describe('tensor descriptions for js-debug', () => {
  const engine = (): BackendsEngine => tf.engine() as unknown as BackendsEngine;
  const global = globalThis as Record<string, unknown>;

  after(() => useSettings({}));

  for (const backend of ['cpu', 'wasm']) {
    describe(`on the ${backend} backend`, () => {
      let session: Session;

      before(async () => {
        if (backend === 'wasm') setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
        await tf.setBackend(backend);
        session = new Session();
        session.connect();
      });

      after(async () => {
        session.disconnect();
        delete global[runtimeGlobal];
        delete global.described;
        await tf.setBackend('cpu');
      });

      it('describes tensors of each dtype, a layer variable and a disposed tensor, and nothing else, making no tensor', () => {
        const matrix = tf.tensor2d([
          [1, 2, 3],
          [4, 5, 6],
        ]);
        const ints = tf.tensor1d([1, -7, 2], 'int32');
        const flags = tf.tensor1d([true, false, true], 'bool');
        const scalar = tf.scalar(0.5);
        const empty = tf.zeros([0, 3]);
        const words = tf.tensor1d(['a', 'b']);
        const disposed = tf.ones([2]);
        disposed.dispose();
        const dense = tf.layers.dense({ units: 2, inputShape: [3], kernelInitializer: 'ones' });
        dense.build([null, 3]);
        const numTensors = tf.memory().numTensors;
        const describe = (value: unknown): string | undefined => descriptionOf(engine(), value);
        assert.deepEqual([matrix, ints, flags, scalar, empty, words, disposed, dense.weights[0]].map(describe), [
          'float32[2,3] min=1 max=6 mean=3.5 std=1.708',
          'int32[3] min=-7 max=2 mean=-1.333 std=4.028',
          'bool[3] true=2 false=1',
          'float32[] 0.5',
          'float32[0,3] (empty)',
          'string[2]',
          'float32[2] (disposed)',
          'float32[3,2] min=1 max=1 mean=1 std=0',
        ]);
        assert.deepEqual([{ shape: [2] }, [1, 2], 3, undefined].map(describe), [undefined, undefined, undefined, undefined]);
        assert.equal(tf.memory().numTensors, numTensors);
        tf.dispose([matrix, ints, flags, scalar, empty, words, ...dense.weights.map((weight) => weight.read())]);
      });

      it('leaves out statistics when they are off (a scalar keeps its value) and for a tensor past the size bound', () => {
        const matrix = tf.tensor2d([[1, 2]]);
        const scalar = tf.scalar(3, 'int32');
        const huge = tf.zeros([4097, 1024]);
        useSettings({ tensorStatistics: false });
        try {
          assert.deepEqual([descriptionOf(engine(), matrix), descriptionOf(engine(), scalar)], ['float32[1,2]', 'int32[] 3']);
        } finally {
          useSettings({});
        }
        assert.equal(descriptionOf(engine(), huge), 'float32[4097,1024] (4.2M elements, no statistics)');
        tf.dispose([matrix, scalar, huge]);
      });

      it("gives js-debug the description under V8's side-effect check, which refuses a write", async () => {
        global[runtimeGlobal] = { descriptionOf: (value: unknown) => descriptionOf(engine(), value) };
        const weights = tf.tensor2d([
          [1, 2],
          [3, 5],
        ]);
        const count = tf.scalar(4, 'int32');
        global.described = { weights, count, step: 3, name: 'run', options: { lr: 0.1 } };
        const numTensors = tf.memory().numTensors;
        const { result, exceptionDetails } = await callChecked(session, 'described');
        assert.equal(exceptionDetails, undefined, exceptionDetails?.exception?.description);
        assert.deepEqual(result.value, {
          weights: 'float32[2,2] min=1 max=5 mean=2.75 std=1.479',
          count: 'int32[] 4',
          step: defaultPreview,
          name: defaultPreview,
          options: defaultPreview,
        });
        assert.equal(tf.memory().numTensors, numTensors);
        // The check is on: a write is refused, and the whole call with it.
        const refused = await callChecked(session, 'described', 'function () { return ++this.step; }');
        assert.match(refused.exceptionDetails?.exception?.description ?? '', /^EvalError: Possible side-effect in debug-evaluate/);
        tf.dispose([weights, count]);
      });
    });
  }
});
