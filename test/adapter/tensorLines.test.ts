/**
 * The leak finder through `tfjs/memory` with `byLine`: a training loop that leaks one tensor
 * per step at a known line shows that line first, with its growth since the previous stop
 * and per training step; lines whose tensors are disposed show no growth. The leaking line's
 * tensors themselves (`tfjs/tensor` with `madeAt`) are the ones the program kept, stacked
 * oldest first. Reading it makes no tensor, and a bad argument answers with what was expected.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { MemoryInfo, TensorLines, TensorResponseBody } from '../../protocol/runtimeApi';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, floats, runToBreakpoint, topFrame } from './support';

const program = fixture('leakPerStep.js');
const leakLine = lineOf(program, 'LEAK_LINE');
const stepLine = lineOf(program, 'STEP_LINE');

describe('live tensors by the line that made them (leak finder)', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  const memory = async (byLine?: boolean): Promise<MemoryInfo> =>
    (await client.customRequest('tfjs/memory', byLine === undefined ? {} : { byLine })).body as MemoryInfo;

  async function continueToStop(): Promise<void> {
    const stopped = client.waitForEvent('stopped');
    await client.continueRequest({ threadId: 1 });
    await stopped;
  }

  /** Runs the fixture with `leak` to its stops after steps 0, 2 and 4 (two training steps between stops); answers the first stop's report. */
  async function runToThirdStop(leak: string): Promise<TensorLines> {
    await runToBreakpoint(client, { program, env: { LEAK: leak } }, program, [{ line: stepLine, condition: 'step % 2 === 0' }]);
    const first = (await memory(true)).byLine as TensorLines;
    await continueToStop();
    await continueToStop();
    return first;
  }

  it('names the line that leaks one tensor per training step, with +1 per step', async () => {
    const first = await runToThirdStop('output');
    assert.equal(first.steps, 1);
    assert.equal(first.stepsSincePreviousStop, undefined);

    const before = await memory();
    const report = (await memory(true)).byLine as TensorLines;
    assert.equal(report.steps, 5);
    assert.equal(report.tracking, true);
    assert.equal(report.stepsSincePreviousStop, 2);
    // Every tensor the program holds was made by it, after the runtime's hooks: all are tracked.
    assert.equal(report.tracked, before.numTensors);
    const top = report.lines[0];
    assert.equal(top.name, `leakPerStep.js:${leakLine}`);
    assert.deepEqual(top.source, { path: program, line: leakLine, column: top.source?.column });
    assert.deepEqual(
      { tensors: top.tensors, bytes: top.bytes, made: top.made, disposed: top.disposed, since: top.sincePreviousStop, perStep: top.perStep },
      // tf.mul makes the scalar 2 a tensor of its own and disposes it: one made and disposed per step.
      { tensors: 5, bytes: 5 * 8 * 3 * 4, made: 10, disposed: 5, since: { tensors: 2, bytes: 2 * 8 * 3 * 4 }, perStep: 1 },
    );
    // The model's weights, the data and the training step's own tensors do not grow.
    for (const line of report.lines.slice(1)) assert.equal(line.sincePreviousStop?.tensors, 0, JSON.stringify(line));
    // The step's tensors are made and disposed: the loss line made many and holds none.
    const step = report.lines.find((line) => line.disposed > 0);
    assert.ok(step, JSON.stringify(report.lines));

    // The leaking line's tensors, shown together: the 5 the program kept, as its own stack of them gives.
    assert.equal(top.key, `${program}:${leakLine}`);
    const shown = (await client.customRequest('tfjs/tensor', { madeAt: top.key, full: true })).body as TensorResponseBody;
    assert.deepEqual(shown.shape, [5, 8, 3]);
    const frameId = (await topFrame(client)).id;
    const kept = (await client.customRequest('tfjs/tensor', { expression: 'tf.stack(kept)', frameId, full: true })).body as TensorResponseBody;
    assert.deepEqual(floats(shown), floats(kept));
    await assert.rejects(
      client.customRequest('tfjs/setTensor', { madeAt: top.key, index: [0, 0, 0], value: 1 }),
      /the tensors made at .* are shown together, read-only/,
    );
    await assert.rejects(client.customRequest('tfjs/tensor', { madeAt: `${program}:1` }), new RegExp(`no live tensor was made at ${program}:1`));
    assert.equal((await memory()).numTensors, before.numTensors);
  });

  it('credits the gradients backprop made to the line that asked for them', async () => {
    await runToThirdStop('grads');
    const report = (await memory(true)).byLine as TensorLines;
    const growth = report.lines.filter((line) => line.sincePreviousStop?.tensors).map((line) => [line.name, line.perStep]);
    assert.deepEqual(growth, [
      [`leakPerStep.js:${lineOf(program, 'GRADS_LINE')}`, 4],
      [`leakPerStep.js:${lineOf(program, 'LOSS_LINE')}`, 1],
    ]);
  });

  it('notes nothing with the launch argument trackTensors false, and says so', async () => {
    await runToBreakpoint(client, { program, trackTensors: false }, program, [stepLine]);
    const report = (await memory(true)).byLine as TensorLines;
    assert.deepEqual([report.tracking, report.tracked, report.lines], [false, 0, []]);
    // Training steps are counted all the same.
    assert.equal(report.steps, 1);
  });

  it('answers a byLine that is not true or false with what it expects', async () => {
    await runToBreakpoint(client, { program }, program, [stepLine]);
    await assert.rejects(client.customRequest('tfjs/memory', { byLine: 'yes' }), { message: 'byLine: expected true or false, got "yes"' });
    assert.equal((await memory()).byLine, undefined);
  });
});
