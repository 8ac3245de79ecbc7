/**
 * The training history (`tfjs/history`, `tfjs/pin`, `tfjs/tensor` on a model's weight): a
 * Sequential model trained with model.fit, whose program keeps its own copy of two kernels
 * before training and after every batch. Pinned before fit, the small kernel's values at an
 * earlier step equal the program's copy exactly, and the wide one's (more than a snapshot holds
 * whole) are the block means of its copy; every step's summary of a weight equals the
 * statistics of the copy at that step. Names the history does not know are answered with the
 * names it does, and reading it makes no tensor.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { ModelHistory, ModelInfo, TensorResponseBody, WeightHistory } from '../../protocol/runtimeApi';
import { blockMeans } from '../../runtime/recorder/trainingHistory';
import { computeStats } from '../../runtime/tensorStats';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, floats, runToBreakpoint } from './support';

const program = fixture('trainingHistory.js');
const beforeLine = lineOf(program, 'STOP_BEFORE');
const afterLine = lineOf(program, 'STOP_AFTER');
/** 2 epochs of 24 examples in batches of 4. */
const steps = 12;

type Saved = { hidden: number[]; wide: number[] }[];

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

async function failure(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('the request was answered without an error');
}

describe('training history (tfjs/history, tfjs/pin)', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  it('keeps every step of a pinned weight, equal to the copies the program saved', async () => {
    let stdout = '';
    client.on('output', (event: { body: { category?: string; output: string } }) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
    });
    await runToBreakpoint(client, { program }, program, [beforeLine]);
    const { models } = (await client.customRequest('tfjs/models')).body as { models: ModelInfo[] };
    const model = models[0].id;
    for (const weight of ['hidden/kernel', 'wide/kernel']) {
      const pinned = (await client.customRequest('tfjs/pin', { model, weight, pinned: true })).body;
      assert.deepEqual(pinned, { pinned: true, snapshotSteps: [0] });
    }

    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: afterLine }] });
    const stopped = client.waitForEvent('stopped');
    await client.continueRequest({ threadId: 1 });
    await stopped;
    const before = (await client.customRequest('tfjs/memory')).body.numTensors as number;

    const history = (await client.customRequest('tfjs/history', { model })).body as ModelHistory;
    assert.equal(history.step, steps);
    assert.deepEqual(
      history.layers.map((layer) => layer.name),
      ['hidden', 'spread', 'wide'],
    );
    const everyStep = Array.from({ length: steps }, (_, i) => i + 1);
    for (const layer of history.layers) {
      assert.deepEqual(layer.output?.steps, everyStep, `${layer.name} output steps`);
      for (const weight of layer.weights) {
        assert.deepEqual(weight.value?.steps, everyStep, `${weight.name} value steps`);
        assert.deepEqual(weight.gradient?.steps, everyStep, `${weight.name} gradient steps`);
      }
    }
    const hidden = history.layers[0].weights.find((weight) => weight.name === 'hidden/kernel') as WeightHistory;
    assert.equal(hidden.pinned, true);
    assert.deepEqual(hidden.snapshotSteps, [0, ...everyStep]);
    assert.equal(history.layers[1].weights[0].pinned, false);

    // Each step cut to fewer points for a sparkline: the first and last steps stay.
    const cut = (await client.customRequest('tfjs/history', { model, layer: 'hidden', points: 4 })).body as ModelHistory;
    assert.deepEqual(cut.layers[0].weights[0].value?.steps, [1, 5, 8, 12]);

    // The program's copies come in a long line, whole once it ends.
    const done = client.waitForEvent('terminated');
    // The values at each step, read before the program prints its copies.
    const shown: { small: TensorResponseBody; wide: TensorResponseBody }[] = [];
    for (let step = 0; step <= steps; step++) {
      const small = (await client.customRequest('tfjs/tensor', { model, weight: 'hidden/kernel', step, full: true })).body as TensorResponseBody;
      const wide = (await client.customRequest('tfjs/tensor', { model, weight: 'wide/kernel', step, full: true })).body as TensorResponseBody;
      shown.push({ small, wide });
    }
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before, 'reading the history makes no tensor');
    await client.continueRequest({ threadId: 1 });
    await done;
    const saved = JSON.parse(/^saved (\[.*\])$/m.exec(stdout)?.[1] ?? '[]') as Saved;
    assert.equal(saved.length, steps + 1);

    for (let step = 0; step <= steps; step++) {
      const { small, wide } = shown[step];
      assert.deepEqual(small.shape, [4, 8]);
      assert.deepEqual(floats(small), Array.from(Float32Array.from(saved[step].hidden)), `hidden/kernel at step ${step}`);
      if (step % 100 === 0) {
        // Every 100th step keeps a larger weight whole.
        assert.deepEqual(wide.shape, [40, 32]);
        assert.deepEqual(floats(wide), Array.from(Float32Array.from(saved[step].wide)), `wide/kernel at step ${step}`);
      } else {
        const means = blockMeans(Float32Array.from(saved[step].wide), 40, 32);
        assert.deepEqual(wide.shape, means.shape, 'the wide kernel kept as the block means of its view');
        assert.deepEqual(floats(wide), Array.from(means.values), `wide/kernel at step ${step}`);
      }
      if (step === 0) continue;
      // The summary of each step is that of the weight's values after the step's update.
      const summary = hidden.value?.summaries[step - 1];
      const expected = computeStats(Float32Array.from(saved[step].hidden));
      assert.ok(summary);
      for (const key of ['min', 'max', 'mean', 'std'] as const) assert.ok(close(summary[key], expected[key]), `step ${step} ${key}`);
    }
  });

  it('answers names and steps it does not know with the ones it does', async () => {
    await runToBreakpoint(client, { program }, program, [afterLine]);
    const { models } = (await client.customRequest('tfjs/models')).body as { models: ModelInfo[] };
    const model = models[0].id;
    const before = (await client.customRequest('tfjs/memory')).body.numTensors as number;

    assert.equal(await failure(client.customRequest('tfjs/history', { model: 99 })), `no model with id 99: the program's models are ${model} (history)`);
    assert.equal(
      await failure(client.customRequest('tfjs/history', { model, layer: 'nope' })),
      'no layer named "nope" in model history: its layers are hidden, spread, wide',
    );
    assert.match(
      await failure(client.customRequest('tfjs/pin', { model, weight: 'nope', pinned: true })),
      /^no weight named "nope" in model history: its weights are hidden\/kernel, hidden\/bias, /,
    );
    assert.equal(
      await failure(client.customRequest('tfjs/tensor', { model, weight: 'hidden/kernel', step: 3 })),
      'hidden/kernel is not pinned, so its values by step are not kept: pin it ("Pin" in the model panel, or tfjs/pin) and they are from then on',
    );
    await client.customRequest('tfjs/pin', { model, weight: 'hidden/kernel', pinned: true });
    assert.equal(
      await failure(client.customRequest('tfjs/tensor', { model, weight: 'hidden/kernel', step: 5000 })),
      `step 5000 is outside the history of hidden/kernel: it holds step ${steps}`,
    );
    assert.match(
      await failure(client.customRequest('tfjs/setTensor', { model, weight: 'hidden/kernel', step: steps, value: 1 })),
      /^hidden\/kernel at step 12 cannot be edited/,
    );
    assert.match(await failure(client.customRequest('tfjs/history', { model: 'first' })), /^model: expected a model's id from tfjs\/models, got "first"/);
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before);

    // The weight as it is now: shown, and edited in place.
    await client.customRequest('tfjs/setTensor', { model, weight: 'hidden/kernel', index: [0, 0], value: 5 });
    const live = (await client.customRequest('tfjs/tensor', { model, weight: 'hidden/kernel', full: true })).body;
    assert.equal(floats(live)[0], 5);
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before, 'an edit in place makes no tensor');
  });
});
