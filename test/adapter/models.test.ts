/**
 * `tfjs/models`: the tf.layers models the program built, found without a change to the
 * program, layer by layer as tf.layers itself describes them (class, output shape, parameters)
 * with each weight's statistics equal to those of the values the program reads after the
 * stop: a Sequential conv net, a functional model with a custom layer, an LSTM, each trained
 * with model.fit. Reading them makes no tensor.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { ModelInfo } from '../../protocol/runtimeApi';
import { computeStats } from '../../runtime/tensorStats';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, runToBreakpoint, waitForOutput } from './support';

const program = fixture('layersModels.js');
const stopLine = lineOf(program, 'STOP_LINE');

interface PrintedLayer {
  name: string;
  className: string;
  outputShape: string;
  params: number;
  weights: { name: string; values: number[] }[];
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

describe('tf.layers models (tfjs/models)', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  /** Stops the fixture after fit with `kind`; answers the models the adapter reports and the layers the program prints after the stop. */
  async function modelsOf(kind: string): Promise<{ models: ModelInfo[]; printed: PrintedLayer[] }> {
    let stdout = '';
    client.on('output', (event: { body: { category?: string; output: string } }) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
    });
    await runToBreakpoint(client, { program, env: { MODEL: kind } }, program, [stopLine]);
    const before = (await client.customRequest('tfjs/memory')).body.numTensors as number;
    const { models } = (await client.customRequest('tfjs/models')).body as { models: ModelInfo[] };
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before);
    const printedLine = waitForOutput(client, 'stdout', 'layers [');
    await client.continueRequest({ threadId: 1 });
    await printedLine;
    const printed = JSON.parse(/^layers (\[.*\])$/m.exec(stdout)?.[1] ?? '[]') as PrintedLayer[];
    return { models, printed };
  }

  /** The one model's layers equal what tf.layers prints, and each weight's statistics those of its printed values. */
  function checkLayers(model: ModelInfo, printed: PrintedLayer[]): void {
    assert.deepEqual(
      model.layers.map(({ name, className, outputShape, params }) => ({ name, className, outputShape, params })),
      printed.map(({ name, className, outputShape, params }) => ({ name, className, outputShape, params })),
    );
    for (const [i, layer] of model.layers.entries()) {
      assert.deepEqual(
        layer.weights.map((weight) => weight.name),
        printed[i].weights.map((weight) => weight.name),
      );
      for (const [j, weight] of layer.weights.entries()) {
        const expected = computeStats(Float32Array.from(printed[i].weights[j].values));
        assert.ok(weight.stats, `${weight.name} has no statistics`);
        for (const key of ['min', 'max', 'mean', 'std'] as const)
          assert.ok(close(weight.stats[key], expected[key]), `${weight.name} ${key}: ${weight.stats[key]} vs ${expected[key]}`);
      }
    }
    const total = printed.reduce((sum, layer) => sum + layer.params, 0);
    assert.equal(model.trainableParams + model.nonTrainableParams, total);
  }

  it('describes a Sequential conv net trained with model.fit', async () => {
    const { models, printed } = await modelsOf('conv');
    assert.deepEqual(
      models.map((model) => [model.name, model.className]),
      [['convnet', 'Sequential']],
    );
    checkLayers(models[0], printed);
    assert.deepEqual(models[0].layers[0], { ...models[0].layers[0], outputShape: '[null,6,6,4]', params: 3 * 3 * 4 + 4, trainable: true });
  });

  it('describes a functional model with a custom layer and its own weight', async () => {
    const { models, printed } = await modelsOf('functional');
    assert.deepEqual(
      models.map((model) => [model.name, model.className]),
      [['scaled', 'Model']],
    );
    checkLayers(models[0], printed);
    const scale = models[0].layers.find((layer) => layer.className === 'Scale');
    assert.ok(scale);
    assert.deepEqual([scale.outputShape, scale.params, scale.weights.map((weight) => weight.shape)], ['[null,8]', 8, [[8]]]);
  });

  it('describes an LSTM over sequences', async () => {
    const { models, printed } = await modelsOf('lstm');
    assert.deepEqual(
      models.map((model) => [model.name, model.className]),
      [['sequences', 'Sequential']],
    );
    checkLayers(models[0], printed);
    // Kernel, recurrent kernel and bias of four gates: 4·4·(3 + 4 + 1).
    assert.equal(models[0].layers[0].params, 4 * 4 * (3 + 4 + 1));
  });
});
