/**
 * A stop inside the loss function of optimizer.minimize, where users stop: `tfjs/tape` shows
 * the tape being recorded, marked in progress, with its forward nodes so far; once the step
 * ends, the same tape is whole.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TapeBody } from '../../protocol/customRequests';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, runToBreakpoint } from './support';

const program = fixture('minimizeLoop.js');
const line = (marker: string): number => lineOf(program, marker);

for (const backend of ['cpu', 'wasm'])
  describe(`the tape being recorded, on the ${backend} backend`, function () {
    this.timeout(60_000);
    let client: DebugClient;
    clientPerTest((started) => (client = started));

    it('shows the forward nodes so far while stopped in the first loss function, then the whole tape', async () => {
      await runToBreakpoint(client, { program, env: { TFJS_BACKEND: backend } }, program, [line('LOSS_LINE')]);
      const recording = (await client.customRequest('tfjs/tape')).body as TapeBody;
      assert.equal(recording.inProgress, true);
      assert.equal(recording.count, 1);
      assert.ok(recording.nodes.length >= 2, JSON.stringify(recording.nodes));
      assert.deepEqual([...new Set(recording.nodes.map((node) => node.source?.line))], [line('PREDICT_LINE')]);
      assert.ok(recording.nodes.every((node) => node.gradient === undefined));
      // Adam's two trainable step counters, which tfjs numbers, are named by what made them.
      const adam = `AdamOptimizer #%s (minimizeLoop.js:${line('ADAM_LINE')})`;
      assert.deepEqual(
        recording.sources.map((source) => source.label ?? source.name),
        [
          adam.replace('%s', recording.sources[0].name ?? ''),
          adam.replace('%s', recording.sources[1].name ?? ''),
          'hidden/kernel',
          'hidden/bias',
          'out/kernel',
          'out/bias',
        ],
      );
      assert.deepEqual(recording.sources.map((source) => source.name).slice(0, 2), ['0', '1']);

      await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: line('END_LINE') }] });
      const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await client.continueRequest({ threadId: 1 });
      await stopped;
      const whole = (await client.customRequest('tfjs/tape')).body as TapeBody;
      assert.equal(whole.inProgress, undefined);
      assert.equal(whole.count, 2);
      const lines = new Set(whole.nodes.map((node) => node.source?.line));
      assert.deepEqual([...lines].sort(), [line('PREDICT_LINE'), line('LOSS_LINE')].sort());
      assert.ok(whole.nodes.some((node) => node.gradient !== undefined));
      // The first tape, recorded while the program was stopped in it, is whole too.
      const first = (await client.customRequest('tfjs/tape', { index: 0 })).body as TapeBody;
      assert.equal(first.inProgress, undefined);
      assert.deepEqual(
        first.nodes.map((node) => node.op),
        whole.nodes.map((node) => node.op),
      );
    });
  });
