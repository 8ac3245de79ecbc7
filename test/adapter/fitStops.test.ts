/**
 * model.fit awareness (`tfjs/fitStops`, `ModelInfo.training`): with no callback of the
 * program's for it, a fit stops at the end of each batch, then of each epoch, naming the batch,
 * the epoch, the logs and the line that called fit; `tfjs/models` says where the fit is, and
 * its curve holds each batch's loss exactly as the program's own callback got it.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FitProgressInfo, ModelInfo } from '../../protocol/runtimeApi';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, runToBreakpoint } from './support';

const program = fixture('trainingHistory.js');
const fitLine = lineOf(program, 'FIT_LINE');

describe('model.fit awareness (tfjs/fitStops)', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  async function continueToStop(): Promise<string> {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await client.continueRequest({ threadId: 1 });
    return (await stopped).body.description ?? '';
  }

  async function training(): Promise<FitProgressInfo | undefined> {
    const { models } = (await client.customRequest('tfjs/models')).body as { models: ModelInfo[] };
    return models[0].training;
  }

  it('stops at the end of each batch, then of each epoch, and follows the fit', async () => {
    let stdout = '';
    client.on('output', (event: { body: { category?: string; output: string } }) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
    });
    await runToBreakpoint(client, { program }, program, [lineOf(program, 'STOP_BEFORE')]);
    assert.equal(await training(), undefined, 'no fit yet');
    assert.deepEqual((await client.customRequest('tfjs/fitStops', { at: 'batch' })).body, { at: 'batch' });

    const firstBatch = await continueToStop();
    assert.match(firstBatch, new RegExp(`^End of batch 1/6 of epoch 1/2 of history: loss=[0-9.]+ \\(in the model call at trainingHistory\\.js:${fitLine}\\)$`));
    const atBatch = await training();
    assert.deepEqual(
      [atBatch?.method, atBatch?.running, atBatch?.epoch, atBatch?.epochs, atBatch?.batch, atBatch?.batches, atBatch?.step],
      ['fit', true, 1, 2, 1, 6, 1],
    );
    assert.match(await continueToStop(), /^End of batch 2\/6 of epoch 1\/2 of history: loss=/);

    await client.customRequest('tfjs/fitStops', { at: 'epoch' });
    assert.match(await continueToStop(), new RegExp(`^End of epoch 1/2 of history: loss=[0-9.]+ \\(in the model call at trainingHistory\\.js:${fitLine}\\)$`));
    const atEpoch = await training();
    assert.deepEqual([atEpoch?.epoch, atEpoch?.batch, atEpoch?.epochLogs.length, atEpoch?.curve?.length], [1, 6, 1, 6]);

    await client.customRequest('tfjs/fitStops', { at: 'off' });
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf(program, 'STOP_AFTER') }] });
    await continueToStop();
    const done = await training();
    assert.equal(done?.running, false);
    assert.equal(done?.step, 12);
    const ended = client.waitForEvent('terminated');
    await client.continueRequest({ threadId: 1 });
    await ended;
    const losses = JSON.parse(/^losses (\[.*\])$/m.exec(stdout)?.[1] ?? '[]') as number[];
    assert.equal(losses.length, 12);
    assert.deepEqual(
      done?.curve?.map((point) => point.logs.loss),
      losses,
    );
    assert.deepEqual(
      done?.curve?.map((point) => [point.epoch, point.batch]),
      losses.map((_, i) => [Math.floor(i / 6) + 1, (i % 6) + 1]),
    );
    assert.match(firstBatch, new RegExp(`loss=${Number(losses[0].toPrecision(4))} `));
  });

  it('answers a bad stop with what it takes', async () => {
    await runToBreakpoint(client, { program }, program, [lineOf(program, 'STOP_BEFORE')]);
    await assert.rejects(client.customRequest('tfjs/fitStops', { at: 'step' }), /^Error: at: expected off, batch or epoch, got "step"$/);
  });
});
