/**
 * The gradients of test/fixtures/tapeTensors.js's first batch, known in advance (weights of
 * ones, inputs [[1,2],[3,4]], loss mean(prediction²)), checked through `tfjs/tensor` as the
 * tape panel opens them, on whichever backend the fixture ran.
 */
import * as assert from 'node:assert/strict';
import type { TapeBody, TapeTensorKind, TensorResponseBody } from '../../protocol/customRequests';
import { floats } from './support';

/** Reads a tensor of the tape by id. */
export type TapeRead = (tensorId: number, kind: TapeTensorKind) => Promise<TensorResponseBody>;

/** The prediction's node: the output layer's matMul, [2, 1]. */
export function predictionNode(tape: TapeBody): TapeBody['nodes'][number] {
  const prediction = tape.nodes.find((node) => /MatMul/i.test(node.op) && node.outputs[0].shape.join() === '2,1');
  assert.ok(prediction, JSON.stringify(tape.nodes.map((node) => [node.op, node.outputs[0]?.shape])));
  return prediction;
}

/** The gradient into the prediction ([9, 21], its own statistics as the tape lists them) and into the output layer's kernel. */
export async function checkFirstBatchGradients(tape: TapeBody, read: TapeRead): Promise<void> {
  const prediction = predictionNode(tape);
  // The loss is mean(prediction²): the gradient into the prediction is the prediction itself.
  const intoPrediction = await read(prediction.outputs[0].id, 'gradient');
  assert.deepEqual(
    [intoPrediction.shape, floats(intoPrediction)],
    [
      [2, 1],
      [9, 21],
    ],
  );
  assert.deepEqual(intoPrediction.stats, prediction.gradient?.stats);
  // Into the output layer's kernel: hiddenᵀ · [9, 21] = 3·9 + 7·21 per unit.
  const kernel = tape.sources.find((source) => source.name?.startsWith('out/kernel'));
  assert.ok(kernel, JSON.stringify(tape.sources.map((source) => source.name)));
  const intoKernel = await read(kernel.id, 'gradient');
  assert.deepEqual(
    [intoKernel.shape, floats(intoKernel)],
    [
      [3, 1],
      [174, 174, 174],
    ],
  );
}
