/**
 * A gradient tape's tensors through `tfjs/tensor`, named by data (the tape's id, the tensor's
 * id, value or gradient) as the tape panel opens them in the heatmap: a model.fit step's
 * forward values and gradients with their shapes and values, read without creating a tensor
 * or changing the tape, and a tape no longer kept answered with what to do, on cpu and wasm.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { TapeBody, TapeTensorKind, TensorResponseBody } from '../../protocol/customRequests';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, floats, runToBreakpoint, topFrame } from './support';
import { checkFirstBatchGradients, predictionNode } from './tapeFixtureGradients';

const program = fixture('tapeTensors.js');
const readyLine = lineOf(program, 'READY_LINE');
const batchLine = lineOf(program, 'BATCH_LINE');

for (const backend of ['cpu', 'wasm'])
  describe(`tape tensors by id on the ${backend} backend`, function () {
    this.timeout(60_000);
    let client: DebugClient;
    clientPerTest((started) => (client = started));
    const env = { TFJS_BACKEND: backend };

    async function continueToStop(): Promise<number> {
      const stopped = client.waitForEvent('stopped');
      await client.continueRequest({ threadId: 1 });
      await stopped;
      return (await topFrame(client)).id;
    }

    const numTensors = async (): Promise<number> => (await client.customRequest('tfjs/memory')).body.numTensors;

    it("opens a model.fit step's forward value and gradients, creating no tensor and leaving the tape as it was", async () => {
      await runToBreakpoint(client, { program, env }, program, [readyLine, batchLine]);
      // As the tape panel does before the step, so that wasm keeps forward values too.
      await assert.rejects(client.customRequest('tfjs/tape', { values: true }), /no gradient tape recorded yet/);
      const frameId = await continueToStop();
      const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
      const before = await numTensors();
      const read = async (tensorId: number, kind: TapeTensorKind): Promise<TensorResponseBody> =>
        (await client.customRequest('tfjs/tensor', { tape: tape.id, tensorId, kind, frameId })).body as TensorResponseBody;
      // What tf.layers keeps alive to the end of the forward pass: the Relu's output and the prediction.
      const relu = tape.nodes.find((node) => node.op === 'Relu');
      const prediction = predictionNode(tape);
      assert.ok(relu, JSON.stringify(tape.nodes.map((node) => [node.op, node.outputs[0]?.shape])));

      const hidden = await read(relu.outputs[0].id, 'value');
      assert.deepEqual([hidden.shape, hidden.dtype, floats(hidden)], [[2, 3], 'float32', [3, 3, 3, 7, 7, 7]]);
      // The hidden layer's matMul, disposed inside the layer's tf.tidy: cpu still holds its data
      // (backprop's clone shares it) and reads it there; wasm has freed it, and says so.
      const matMul = tape.nodes.find((node) => /MatMul/i.test(node.op) && node.outputs[0].shape.join() === '2,3');
      assert.ok(matMul);
      if (backend === 'cpu') assert.deepEqual(floats(await read(matMul.outputs[0].id, 'value')), [3, 3, 3, 7, 7, 7]);
      else {
        await assert.rejects(read(matMul.outputs[0].id, 'value'), {
          message: `the value of tensor ${matMul.outputs[0].id} was not kept: its memory was freed while the forward pass ran (an intermediate inside a layer or a tf.tidy that backprop does not need)`,
        });
      }
      const predicted = await read(prediction.outputs[0].id, 'value');
      assert.deepEqual(
        [predicted.shape, floats(predicted)],
        [
          [2, 1],
          [9, 21],
        ],
      );
      await checkFirstBatchGradients(tape, read);
      const intoHidden = await read(relu.outputs[0].id, 'gradient');
      assert.deepEqual(
        [intoHidden.shape, floats(intoHidden)],
        [
          [2, 3],
          [9, 9, 9, 21, 21, 21],
        ],
      );

      assert.equal(await numTensors(), before);
      assert.deepEqual((await client.customRequest('tfjs/tape')).body, tape);
    });

    it('answers a tape no longer kept with maxTapes and where to find the kept ones', async () => {
      await runToBreakpoint(client, { program, env, maxTapes: 1 }, program, [batchLine]);
      const first = (await client.customRequest('tfjs/tape')).body as TapeBody;
      const tensorId = first.sources[0].id;
      await continueToStop();
      const second = (await client.customRequest('tfjs/tape')).body as TapeBody;
      assert.equal(second.id, first.id + 1);
      await assert.rejects(client.customRequest('tfjs/tensor', { tape: first.id, tensorId, kind: 'gradient' }), (error: Error) => {
        assert.equal(
          error.message,
          `tape ${first.id} is no longer kept: maxTapes keeps the newest 1; open a newer one (tfjs/tape lists them), or raise maxTapes`,
        );
        return true;
      });
      const kept = (await client.customRequest('tfjs/tensor', { tape: second.id, tensorId: second.sources[0].id, kind: 'gradient' }))
        .body as TensorResponseBody;
      assert.deepEqual(kept.shape, second.sources[0].shape);
    });
  });
