/**
 * `tfjs/tensor` and `tfjs/setTensor` (docs/protocol.md, Custom requests) through the real
 * adapter: float32 bytes of sliced, ranged and block-reduced views, full-tensor statistics,
 * clear messages for bad input, an edit of a ranged view's cell, and no tensor created or
 * changed by looking.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { fullIndex, parseSlice } from '../../common/tensorSlices';
import type { TensorResponseBody } from '../../protocol/customRequests';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, floats, repl, runToBreakpoint, topFrame } from './support';

const program = fixture('views.js');
const returnLine = lineOf(program, 'RETURN_LINE');
const convProgram = fixture('convKernel.js');
const viewLine = lineOf(convProgram, 'VIEW_LINE');

describe('tensor requests', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  async function view(args: Record<string, unknown>): Promise<TensorResponseBody> {
    return (await client.customRequest('tfjs/tensor', args)).body as TensorResponseBody;
  }

  it('answers slices of an N-D tensor as float32 bytes, with full statistics', async () => {
    await runToBreakpoint(client, { program }, program, [returnLine]);
    const frameId = (await topFrame(client)).id;
    const before = (await client.customRequest('tfjs/memory')).body.numTensors;
    const first = await view({ expression: 'cube', frameId });
    assert.deepEqual(first.shape, [2, 3, 4]);
    assert.equal(first.dtype, 'float32');
    assert.deepEqual(first.view.shape, [3, 4]);
    assert.equal(first.view.slice, '0,:,:');
    assert.deepEqual(floats(first), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.equal(first.stats.mean, 11.5);
    const column = await view({ expression: 'cube', frameId, slice: '1,:,2' });
    assert.deepEqual(column.view.shape, [1, 3]);
    assert.deepEqual(floats(column), [14, 18, 22]);
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before);
  });

  it('counts NaN and Inf apart and block-reduces large views', async () => {
    await runToBreakpoint(client, { program }, program, [returnLine]);
    const frameId = (await topFrame(client)).id;
    const odd = await view({ expression: 'odd', frameId });
    assert.deepEqual(odd.stats, { min: 1, max: 5, mean: 3.25, std: odd.stats.std, nanCount: 1, infCount: 1 });
    assert.ok(Number.isNaN(floats(odd)[1]));
    const big = await view({ expression: 'big', frameId, maxSize: [100, 100] });
    assert.deepEqual(big.view.shape, [100, 100]);
    assert.deepEqual(big.view.blocks, [10, 7]);
    // A range of a large tensor is viewed on the agent's thread, block-reduced within the range.
    const window = await view({ expression: 'big', frameId, slice: '100:300, ::7', maxSize: [50, 50] });
    assert.deepEqual(
      { shape: window.view.shape, slice: window.view.slice, blocks: window.view.blocks },
      { shape: [50, 50], slice: '100:300,0:700:7', blocks: [4, 2] },
    );
    assert.deepEqual(new Set(floats(window)), new Set([1]));
    const full = await view({ expression: 'big', frameId, full: true });
    assert.equal(floats(full).length, 700_000);
    const expression = await view({ expression: 'tf.mul(odd, 2)', frameId });
    assert.equal(floats(expression)[0], 2);
  });

  it('answers bad requests with what is wrong', async () => {
    await runToBreakpoint(client, { program }, program, [returnLine]);
    const frameId = (await topFrame(client)).id;
    const before = (await client.customRequest('tfjs/memory')).body.numTensors;
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { expression: 'cube', frameId, slice: '0,:' },
        /^slice: 2 axes given, the tensor has rank 3 \(shape \[2,3,4\]\): give one index, ':' or range per axis$/,
      ],
      [{ expression: 'cube', frameId, slice: '5,:,:' }, /^slice: index 5 of axis 0 is outside 0\.\.1$/],
      [{ expression: 'cube', frameId, slice: '0,1:3,9:' }, /^slice: range 9: of axis 2 holds no element of 0\.\.3$/],
      [{ expression: 'cube', frameId, slice: ':,:,1:3' }, /^slice: pick two axes to span with ':' or a range .*; got 3$/],
      [{ expression: 'cube', frameId, maxSize: [0, 3] }, /^maxSize: expected \[rows, cols\] of whole numbers of at least 1, got \[0,3\]$/],
      [{ expression: 'label', frameId }, /^a string tensor has no real numbers to show$/],
      [{ expression: 'nope', frameId }, /^ReferenceError: nope is not defined$/],
      [{ frameId }, /^expression: expected an expression giving a tensor, got undefined$/],
      [{ expression: '[1, 2]', frameId }, /^the expression does not give a tensor$/],
    ];
    for (const [args, message] of cases) {
      await assert.rejects(client.customRequest('tfjs/tensor', args), (error: Error) => {
        assert.match(error.message, message);
        return true;
      });
    }
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before);
  });

  it('sets one element, or a whole tensor, with tfjs/setTensor', async () => {
    await runToBreakpoint(client, { program }, program, [returnLine]);
    const frameId = (await topFrame(client)).id;
    const set = await client.customRequest('tfjs/setTensor', { expression: 'cube', frameId, index: [1, 2, 3], value: 100 });
    assert.match(set.body.value, /^float32\[2,3,4\] min=0 max=100 /);
    assert.equal(await repl(client, 'cube.bufferSync().get(1, 2, 3)', frameId), '100');
    await client.customRequest('tfjs/setTensor', { expression: 'odd', frameId, value: '[[0, 0, 0], [0, 0, 0]]' });
    assert.equal(await repl(client, 'odd.sum().dataSync()[0]', frameId), '0');
    await assert.rejects(
      client.customRequest('tfjs/setTensor', { expression: 'cube', frameId, index: [2, 0, 0], value: 1 }),
      /index \[2,0,0\] is outside the shape \[2,3,4\]/,
    );
  });
});

for (const backend of ['cpu', 'wasm'])
  describe(`ranged tensor views on the ${backend} backend`, function () {
    this.timeout(60_000);
    let client: DebugClient;
    clientPerTest((started) => (client = started));
    const view = async (args: Record<string, unknown>) => (await client.customRequest('tfjs/tensor', args)).body as TensorResponseBody;

    it("views a range of a conv kernel, and an edit of the view's cell sets that element alone", async () => {
      await runToBreakpoint(client, { program: convProgram, env: { TFJS_BACKEND: backend } }, convProgram, [viewLine]);
      const frameId = (await topFrame(client)).id;
      const before = (await client.customRequest('tfjs/memory')).body.numTensors;
      const whole = await view({ expression: 'kernel', frameId, full: true });
      assert.deepEqual(whole.shape, [2, 8, 4]);
      const all = floats(whole);
      const at = (i: number, j: number, k: number) => all[i * 32 + j * 4 + k];
      const ranged = await view({ expression: 'kernel', frameId, slice: '1,2:5,:' });
      assert.deepEqual(ranged.view.shape, [3, 4]);
      assert.equal(ranged.view.slice, '1,2:5,:');
      assert.deepEqual(ranged.view.blocks, [1, 1]);
      const expected = [2, 3, 4].flatMap((j) => [0, 1, 2, 3].map((k) => at(1, j, k)));
      assert.deepEqual(floats(ranged), expected);
      assert.ok(new Set(expected).size > 1, 'the kernel has distinct values to tell cells apart');
      const stepped = await view({ expression: 'kernel', frameId, slice: ':, -1, ::2', maxSize: [1, 1] });
      assert.deepEqual(
        { shape: stepped.view.shape, slice: stepped.view.slice, blocks: stepped.view.blocks },
        { shape: [1, 1], slice: ':,7,0:4:2', blocks: [2, 2] },
      );
      const corners = [at(0, 7, 0), at(0, 7, 2), at(1, 7, 0), at(1, 7, 2)];
      assert.ok(Math.abs(floats(stepped)[0] - corners.reduce((a, b) => a + b, 0) / 4) < 1e-6);
      // Row 1, column 2 of the view, as the heatmap maps it: kernel[1, 3, 2].
      const index = fullIndex(parseSlice(ranged.view.slice, ranged.shape).parts, 1, 2);
      assert.deepEqual(index, [1, 3, 2]);
      await client.customRequest('tfjs/setTensor', { expression: 'kernel', frameId, index, value: 1234 });
      const after = floats(await view({ expression: 'kernel', frameId, full: true }));
      const changed = after.flatMap((value, i) => (value === all[i] ? [] : [i]));
      assert.deepEqual(changed, [1 * 32 + 3 * 4 + 2]);
      assert.equal(after[46], 1234);
      assert.equal(floats(await view({ expression: 'kernel', frameId, slice: '1,2:5,:' }))[1 * 4 + 2], 1234);
      // The layer's own variable took the value: the edit assigned, it did not rebind a copy.
      assert.equal(await repl(client, 'conv.getWeights()[0].bufferSync().get(1, 3, 2)', frameId), '1234');
      assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before);
    });
  });
