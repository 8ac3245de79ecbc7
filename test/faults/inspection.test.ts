/**
 * Fault suite, bad inspection input: one paused program (test/fixtures/faults/inspect.js)
 * takes every kind of bad request in turn. Each case asserts the message the user reads and
 * then that nothing was lost: the frame's tensors keep their ids and values, and
 * `tf.memory().numTensors` is unchanged. At the end the program's own result is the same as
 * an undebugged run's.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { localVariables, repl, repoRoot, runToBreakpoint, startClient, topFrame } from '../adapter/support';
import { lineOf } from '../lineMarkers';
import { faultFixture } from './faultSupport';

const program = faultFixture('inspect.js');
const stopLine = lineOf(program, 'STOP_LINE');

/** What must never change: the tensors' ids and values, and the engine's tensor count. */
const stateExpression =
  'JSON.stringify([[x.id, w.id, y.id, scalar.id], Array.from(x.dataSync()), Array.from(w.dataSync()), Array.from(y.dataSync()), tf.memory().numTensors])';

describe('faults: bad inspection input changes nothing', function () {
  this.timeout(60_000);
  let client: DebugClient;
  let frameId: number;
  let original: string;
  let stdout = '';

  before(async () => {
    client = await startClient();
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
    });
    await runToBreakpoint(client, { program }, program, [stopLine]);
    frameId = (await topFrame(client)).id;
    original = await repl(client, stateExpression, frameId);
  });

  after(async () => {
    await client?.stop();
  });

  afterEach(async function () {
    // The last case lets the program finish.
    if (this.currentTest?.title.startsWith('finishes')) return;
    assert.equal(await repl(client, stateExpression, frameId), original, 'a tensor of the paused frame changed');
  });

  /** Asserts that `request` fails with a message matching `message`. */
  async function refused(request: Promise<unknown>, message: RegExp | string): Promise<void> {
    await assert.rejects(request, (error: Error) => {
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    });
  }

  const setExpression = (expression: string, value: string): Promise<unknown> => client.send('setExpression', { expression, value, frameId });
  const evaluate = (expression: string, context = 'repl'): Promise<DebugProtocol.EvaluateResponse> => client.evaluateRequest({ expression, frameId, context });

  it('answers a syntax error in the Debug Console', async () => {
    await refused(evaluate('x.add('), /^SyntaxError: Unexpected end of input$/);
  });

  it('answers an expression that throws with its error', async () => {
    await refused(evaluate("(() => { throw new RangeError('bad step'); })()"), 'RangeError: bad step');
  });

  it("answers a failing tf op with tfjs's message", async () => {
    await refused(evaluate('tf.matMul(x, x)'), /^Error in matMul: inner shapes \(3\) and \(2\) of Tensors with shapes 2,3 and 2,3/);
  });

  it('stops an endless loop in a Watch expression after its time limit, and goes on answering', async () => {
    await refused(evaluate('(() => { while (true) {} })()', 'watch'), /stopped after 5 s without a result \(an endless loop\?\)/);
    assert.equal((await evaluate('x.shape', 'watch')).body.result, '[2, 3]');
  });

  it('shows a disposed tensor as disposed, and refuses ops on it', async () => {
    assert.equal((await localVariables(client, frameId)).get('gone')?.value, 'float32[2,2] (disposed)');
    await refused(evaluate('gone.add(1)'), 'Tensor is disposed.');
  });

  it('presents every dtype and the 0-d and empty shapes', async () => {
    const locals = await localVariables(client, frameId);
    assert.equal(locals.get('scalar')?.value, 'int32[] 7');
    assert.equal(locals.get('empty')?.value, 'float32[0,3] (empty)');
    assert.equal(locals.get('flags')?.value, 'bool[3] true=2 false=1');
    assert.equal(locals.get('words')?.value, 'string[2]');
    assert.equal(locals.get('x')?.value, 'float32[2,3] min=1 max=6 mean=3.5 std=1.708');
  });

  it('refuses tfjs/tensor for a value that is not a tensor', async () => {
    await refused(client.customRequest('tfjs/tensor', { expression: 'numbers', frameId }), 'the expression does not give a tensor');
  });

  it('refuses tfjs/tensor for a string tensor', async () => {
    await refused(client.customRequest('tfjs/tensor', { expression: 'words', frameId }), 'a string tensor has no real numbers to show');
  });

  it('refuses tfjs/tensor for a disposed tensor', async () => {
    await refused(client.customRequest('tfjs/tensor', { expression: 'gone', frameId }), 'float32[2,2] is disposed');
  });

  it('refuses tfjs/tensor with a slice of the wrong rank', async () => {
    await refused(
      client.customRequest('tfjs/tensor', { expression: 'x', frameId, slice: '0,:,:' }),
      "slice: 3 axes given, the tensor has rank 2 (shape [2,3]): give one index, ':' or range per axis",
    );
  });

  it('refuses tfjs/tensor with an index outside the tensor', async () => {
    await refused(client.customRequest('tfjs/tensor', { expression: 'x', frameId, slice: '5,:' }), 'slice: index 5 of axis 0 is outside 0..1');
  });

  it('refuses tfjs/tensor with a maxSize of zero', async () => {
    await refused(
      client.customRequest('tfjs/tensor', { expression: 'x', frameId, maxSize: [0, 0] }),
      'maxSize: expected [rows, cols] of whole numbers of at least 1, got [0,0]',
    );
  });

  it('refuses an edit of the wrong shape', async () => {
    await refused(setExpression('x', '[[1, 2], [3, 4], [5, 6]]'), 'shape mismatch: expected [2,3], got [3,2]');
  });

  it('refuses an edit whose value is not a number', async () => {
    await refused(setExpression('x', 'banana'), 'ReferenceError: banana is not defined');
  });

  it('refuses an edit with text for a float tensor', async () => {
    await refused(setExpression('x', "'seven'"), 'expected a number, a nested array or a tensor of shape [2,3], got "seven"');
  });

  it('refuses an edit of a disposed tensor', async () => {
    await refused(setExpression('gone', '1'), /disposed/);
  });

  it('refuses an element edit outside the tensor', async () => {
    await refused(client.customRequest('tfjs/setTensor', { expression: 'x', frameId, index: [5, 0], value: 1 }), 'index [5,0] is outside the shape [2,3]');
  });

  it('refuses a request it does not know', async () => {
    await refused(client.customRequest('tfjs/nope'), 'unknown request tfjs/nope');
  });

  it('says when no gradient tape was recorded yet', async () => {
    await refused(
      client.customRequest('tfjs/tape'),
      'no gradient tape recorded yet: tapes are recorded for tf.grad, tf.variableGrads and optimizer.minimize calls',
    );
  });

  it('refuses an evaluation in a frame that does not exist', async () => {
    await refused(
      client.evaluateRequest({ expression: 'x', frameId: 987654, context: 'repl' }),
      'frameId: 987654 is not a frame of the current stop (the program has moved on, or never had it)',
    );
  });

  it('finishes with the same result as an undebugged run', async () => {
    const undebugged = execFileSync('node', [program], { cwd: path.dirname(program), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 0);
    const line = (text: string): string | undefined => text.split('\n').find((entry) => entry.startsWith('result '));
    assert.equal(line(stdout), line(undebugged));
    assert.equal(line(stdout), 'result 11.5,16 tensors 9');
  });
});

describe('faults: a 16M-element tensor in Variables', function () {
  this.timeout(60_000);

  it('is summarised without statistics (nothing read), and viewed with them', async () => {
    const client = await startClient();
    try {
      const big = path.join(repoRoot, 'bench', 'fixtures', 'bigTensor.js');
      await runToBreakpoint(client, { program: big, env: { SIZE: '4096' } }, big, [lineOf(big, 'HOLD_RETURN_LINE')]);
      const frameId = (await topFrame(client)).id;
      assert.equal((await localVariables(client, frameId)).get('x')?.value, 'float32[4096,4096] (16.8M elements: statistics in Show as Heatmap)');
      const view = (await client.customRequest('tfjs/tensor', { expression: 'x', frameId })).body;
      assert.deepEqual(view.view.shape, [512, 512]);
      assert.ok(Math.abs(view.stats.mean) < 0.01 && Math.abs(view.stats.std - 1) < 0.01, JSON.stringify(view.stats));
    } finally {
      await client.stop();
    }
  });
});
