/**
 * `tfjs/tensor` and `tfjs/setTensor` (docs/protocol.md, Custom requests) through the real
 * adapter: float32 bytes of sliced and block-reduced views, full-tensor statistics, clear
 * messages for bad input, and no tensor created or changed by looking.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { TensorResponseBody } from '../../protocol/customRequests';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, floats, repl, runToBreakpoint, topFrame } from './support';

const program = fixture('views.js');
const returnLine = lineOf(program, 'RETURN_LINE');

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
      [{ expression: 'cube', frameId, slice: '0,:' }, /^slice: expected one entry per axis \(3\)/],
      [{ expression: 'cube', frameId, slice: '5,:,:' }, /^slice: index 5 of axis 0 is outside 0\.\.1$/],
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
