/**
 * `tfjs/models`: the tf.layers models the program built, found without a change to the
 * program, layer by layer as tf.layers itself describes them (class, output shape, parameters)
 * with each weight's statistics equal to those of the values the program reads after the
 * stop: a Sequential conv net, a functional model with a custom layer, an LSTM, each trained
 * with model.fit. What the last step did equals what the program computes anew from the
 * weights it saved as the last batch began: each layer's output (statistics, zeros, histogram,
 * dead ReLU units), each weight's gradient, and its update ratio ‖Δw‖/‖w‖. Reading them makes
 * no tensor.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { ModelInfo, TensorStatsBody } from '../../protocol/runtimeApi';
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

/** What the program computes anew for the last batch (test/fixtures/layersModels.js). */
interface PrintedActivity {
  /** By layer, in order. */
  outputs: { shape: number[]; values: number[] }[];
  /** By trainable weight's name. */
  gradients: Record<string, number[]>;
  /** Every weight's values as the last batch began, by name. */
  before: Record<string, number[]>;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

function assertStatsClose(actual: TensorStatsBody, values: number[], what: string): void {
  const expected = computeStats(Float32Array.from(values));
  for (const key of ['min', 'max', 'mean', 'std'] as const) assert.ok(close(actual[key], expected[key]), `${what} ${key}: ${actual[key]} vs ${expected[key]}`);
  assert.deepEqual([actual.nanCount, actual.infCount], [0, 0], what);
}

/** 32 equal bins from min to max, the top edge in the last: counted here, apart from the runtime's code. */
function histogramOf(values: number[]): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const bins = new Array<number>(32).fill(0);
  for (const v of values) bins[max === min ? 0 : Math.min(31, Math.floor(((v - min) / (max - min)) * 32))]++;
  return bins;
}

const norm = (values: number[]): number => Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));

/** The layers' last outputs, the weights' gradients and update ratios equal what the program computed anew. */
function checkActivity(model: ModelInfo, printed: PrintedLayer[], activity: PrintedActivity, reluLayers: string[], steps: number): void {
  for (const [i, layer] of model.layers.entries()) {
    const expected = activity.outputs[i];
    if (layer.className === 'InputLayer') {
      assert.equal(layer.output, undefined, 'an input layer is fed, never run');
      continue;
    }
    const output = layer.output;
    assert.ok(output?.summary, `${layer.name} has no output summary`);
    assert.deepEqual(output.shape, expected.shape, `${layer.name} output shape`);
    assertStatsClose(output.summary, expected.values, `${layer.name} output`);
    assert.equal(output.summary.zeroCount, expected.values.filter((v) => v === 0).length, `${layer.name} zeros`);
    assert.deepEqual(output.summary.histogram, histogramOf(Float32Array.from(expected.values) as unknown as number[]), `${layer.name} histogram`);
    assert.equal(output.step, steps, `${layer.name}: made in the last step`);
    if (reluLayers.includes(layer.name)) {
      const units = expected.shape.at(-1) ?? 0;
      const alive = new Set(expected.values.flatMap((v, at) => (v > 0 ? [at % units] : [])));
      assert.deepEqual(output.deadUnits, { dead: units - alive.size, units }, `${layer.name} dead units`);
    } else {
      assert.equal(output.deadUnits, undefined, `${layer.name} is not ReLU-like`);
    }
    for (const [j, weight] of layer.weights.entries()) {
      const gradient = activity.gradients[weight.name];
      assert.ok(weight.gradient, `${weight.name} has no gradient`);
      assertStatsClose(weight.gradient.stats, gradient, `${weight.name} gradient`);
      assert.ok(close(weight.gradient.norm, norm(gradient)), `${weight.name} gradient norm ${weight.gradient.norm} vs ${norm(gradient)}`);
      const before = activity.before[weight.name];
      const after = printed[i].weights[j].values;
      const ratio = norm(after.map((v, at) => v - before[at])) / norm(before);
      assert.ok(weight.update && Math.abs(weight.update.ratio - ratio) <= 1e-4 * ratio, `${weight.name} update ratio ${weight.update?.ratio} vs ${ratio}`);
      assert.equal(weight.update.step, steps);
    }
  }
}

describe('tf.layers models (tfjs/models)', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  /** Stops the fixture after fit with `kind`; answers the models the adapter reports and the layers the program prints after the stop. */
  async function modelsOf(kind: string): Promise<{ models: ModelInfo[]; printed: PrintedLayer[]; activity: PrintedActivity }> {
    let stdout = '';
    client.on('output', (event: { body: { category?: string; output: string } }) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
    });
    await runToBreakpoint(client, { program, env: { MODEL: kind } }, program, [stopLine]);
    const before = (await client.customRequest('tfjs/memory')).body.numTensors as number;
    const { models } = (await client.customRequest('tfjs/models')).body as { models: ModelInfo[] };
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before);
    const printedLine = waitForOutput(client, 'stdout', 'activity {');
    await client.continueRequest({ threadId: 1 });
    await printedLine;
    const printed = JSON.parse(/^layers (\[.*\])$/m.exec(stdout)?.[1] ?? '[]') as PrintedLayer[];
    const activity = JSON.parse(/^activity (\{.*\})$/m.exec(stdout)?.[1] ?? '{}') as PrintedActivity;
    return { models, printed, activity };
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
    const { models, printed, activity } = await modelsOf('conv');
    assert.deepEqual(
      models.map((model) => [model.name, model.className]),
      [['convnet', 'Sequential']],
    );
    checkLayers(models[0], printed);
    // 2 epochs of 8 examples in batches of 4.
    checkActivity(models[0], printed, activity, ['conv'], 4);
    assert.deepEqual(models[0].layers[0], { ...models[0].layers[0], outputShape: '[null,6,6,4]', params: 3 * 3 * 4 + 4, trainable: true });
  });

  it('describes a functional model with a custom layer and its own weight', async () => {
    const { models, printed, activity } = await modelsOf('functional');
    assert.deepEqual(
      models.map((model) => [model.name, model.className]),
      [['scaled', 'Model']],
    );
    checkLayers(models[0], printed);
    // 2 epochs of 16 examples in batches of 4.
    checkActivity(models[0], printed, activity, ['hidden'], 8);
    const scale = models[0].layers.find((layer) => layer.className === 'Scale');
    assert.ok(scale);
    assert.deepEqual([scale.outputShape, scale.params, scale.weights.map((weight) => weight.shape)], ['[null,8]', 8, [[8]]]);
  });

  it('describes an LSTM over sequences', async () => {
    const { models, printed, activity } = await modelsOf('lstm');
    assert.deepEqual(
      models.map((model) => [model.name, model.className]),
      [['sequences', 'Sequential']],
    );
    checkLayers(models[0], printed);
    checkActivity(models[0], printed, activity, [], 4);
    // Kernel, recurrent kernel and bias of four gates: 4·4·(3 + 4 + 1).
    assert.equal(models[0].layers[0].params, 4 * 4 * (3 + 4 + 1));
  });
});
