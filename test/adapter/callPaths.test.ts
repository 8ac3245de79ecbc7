/**
 * Call paths in a tf.layers program through the real adapter: every op is credited to the
 * user's line however deep tfjs-layers calls it (predict, fit after its first await, a custom
 * layer's call), nested under the model method and the layer that ran it; anonymous
 * functions are named by where they are defined; tapes recorded inside fit name the fit line;
 * the ops right after `await model.fit(...)` name their own lines.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { TapeBody } from '../../protocol/customRequests';
import type { FlameNode, ProfileBody } from '../../protocol/runtimeApi';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, runToBreakpoint } from './support';

const program = fixture('layers-fit/train.js');
const line = (marker: string): number => lineOf(program, marker);
const functional = fixture('layers-functional/train.js');
const afterFit = fixture('layers-after-fit/train.js');

/** The frames under `node` (itself included) that `predicate` holds for. */
function findAll(node: FlameNode, predicate: (node: FlameNode) => boolean, found: FlameNode[] = []): FlameNode[] {
  if (predicate(node)) found.push(node);
  for (const child of node.children) findAll(child, predicate, found);
  return found;
}

function child(node: FlameNode | undefined, name: string): FlameNode {
  const found = node?.children.find((candidate) => candidate.name === name);
  assert.ok(found, `no frame ${name} under ${node?.name}: ${node?.children.map((c) => c.name).join(', ')}`);
  return found;
}

function kernels(node: FlameNode): number {
  return findAll(node, (frame) => frame.kind === 'kernel').reduce((sum, frame) => sum + (frame.count ?? 0), 0);
}

for (const backend of ['cpu', 'wasm'])
  describe(`call paths in a tf.layers program on the ${backend} backend`, function () {
    this.timeout(60_000);
    let client: DebugClient;
    clientPerTest((started) => (client = started));
    const launch = { program, env: { TFJS_BACKEND: backend } };

    it('nests predict, fit, layers, a custom layer and callbacks under the user lines that ran them', async () => {
      await runToBreakpoint(client, launch, program, [line('END_LINE')]);
      const { root, byOp } = (await client.customRequest('tfjs/profile')).body as ProfileBody;
      // Dense's fused matMul is one row, by tfjs's kernel name, not also by its custom gradient's op.
      const rows = byOp.map((row) => row.op);
      assert.ok(rows.includes('_FusedMatMul') && !rows.includes('fusedMatMul'), rows.join(' '));
      // run() goes on after its first await: its frames are the roots.
      const top = root;
      const predictLine = child(top, `run train.js:${line('PREDICT_LINE')}`);
      assert.equal(predictLine.kind, 'call');
      const predict = child(predictLine, 'predict');
      assert.equal(predict.kind, 'api');
      const hidden = child(predict, 'hidden (Dense)');
      assert.equal(hidden.kind, 'layer');
      assert.ok(findAll(hidden, (frame) => frame.kind === 'kernel' && /MatMul/.test(frame.name)).length > 0, JSON.stringify(hidden));
      // The custom layer's call() is the user's code: its line, under its layer.
      const scaleCall = child(child(predict, 'scale (Scale)'), `call train.js:${line('SCALE_LINE')}`);
      assert.deepEqual(scaleCall.source, { path: program, line: line('SCALE_LINE'), column: 15 });
      assert.equal(child(scaleCall, 'mul').kind, 'op');

      // An arrow function is named by where it is defined, never as the file's top level.
      const run = child(top, `run train.js:${line('TIDY_LINE')}`);
      child(child(run, `<anonymous> line ${line('TIDY_LINE')} train.js:${line('TIDY_LINE')}`), 'sum');

      // fit's batches run after its first await: still under the fit line, per layer.
      const fit = child(child(top, `run train.js:${line('FIT_LINE')}`), 'fit');
      const fitHidden = child(fit, 'hidden (Dense)');
      // 2 epochs × 2 batches, at least one matMul each in hidden's forward pass.
      assert.ok(kernels(fitHidden) >= 4, JSON.stringify(fitHidden));
      child(fit, 'scale (Scale)');
      child(fit, 'out (Dense)');
      // The async callback, called by fit, under fit.
      const callback = child(fit, `onEpochEnd train.js:${line('CALLBACK_LINE')}`);
      assert.equal(child(callback, 'square').count, 2);

      // Nothing of the model's was left to "(tfjs)".
      const library = root.children.find((frame) => frame.name === '(tfjs)');
      if (library)
        assert.deepEqual(
          findAll(library, (frame) => frame.kind === 'layer'),
          [],
        );
    });

    it("nests a functional model's LSTM and a tf.data generator under fitDataset", async () => {
      const at = (marker: string): number => lineOf(functional, marker);
      await runToBreakpoint(client, { program: functional, env: { TFJS_BACKEND: backend } }, functional, [at('END_LINE')]);
      const { root } = (await client.customRequest('tfjs/profile')).body as ProfileBody;
      const fitDataset = child(child(root, `run train.js:${at('FIT_DATASET_LINE')}`), 'fitDataset');
      const encoder = child(fitDataset, 'encoder (LSTM)');
      // 3 batches, 5 time steps each: the LSTM cell's matMuls, forward.
      assert.ok(kernels(child(encoder, 'fusedMatMul')) >= 15, JSON.stringify(encoder.children.map((op) => [op.name, op.count])));
      child(fitDataset, 'head (Dense)');
      // The generator runs inside tf.data, called by fitDataset: 3 batches of 2 muls, each told
      // apart from the optimizer's mul that comes after the same path (by tfjs's scope depth).
      const generator = child(child(fitDataset, `batches train.js:${at('GENERATOR_LINE')}`), 'mul');
      assert.equal(generator.count, 6);
      // Building the model ran the LSTM's orthogonal initializer, under build's line.
      child(child(child(root, `run train.js:${at('BUILD_LINE')}`), `build train.js:${at('LSTM_LINE')}`), 'apply');
    });

    it("credits the tape of a fit batch to the fit line, and the custom layer's op to its own line", async () => {
      await runToBreakpoint(client, launch, program, [line('END_LINE')]);
      const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
      const lines = tape.nodes.map((node) => `${node.op}:${node.source?.line}`);
      assert.ok(lines.includes(`BatchMatMul:${line('FIT_LINE')}`), lines.join(' '));
      assert.ok(lines.includes(`Multiply:${line('SCALE_LINE')}`), lines.join(' '));
      assert.deepEqual(
        lines.filter((text) => !text.endsWith(`:${line('FIT_LINE')}`) && !text.endsWith(`:${line('SCALE_LINE')}`)),
        [],
      );
    });

    it("credits the ops right after `await model.fit(...)` to their own lines, not fit's", async () => {
      const at = (marker: string): number => lineOf(afterFit, marker);
      await runToBreakpoint(client, { program: afterFit, env: { TFJS_BACKEND: backend } }, afterFit, [at('END_LINE')]);
      const { root } = (await client.customRequest('tfjs/profile')).body as ProfileBody;
      const opsAt = (marker: string): string[] =>
        findAll(child(root, `run train.js:${at(marker)}`), (frame) => frame.kind === 'op')
          .map((op) => `${op.name}×${op.count}`)
          .sort();
      // The loss function's ops, forward; its backward pass is tfjs's.
      assert.deepEqual(opsAt('GRADS_LINE'), ['mean×1', 'mul×1']);
      assert.deepEqual(opsAt('SCALED_LINE'), ['mul×1', 'sum×1']);
      const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
      const forward = tape.nodes.filter((node) => node.source?.line !== undefined).map((node) => `${node.op}:${node.source?.line}`);
      assert.deepEqual(forward, [`Multiply:${at('GRADS_LINE')}`, `Mean:${at('GRADS_LINE')}`]);
    });
  });
