/**
 * The Debug Console on a paused frame: `tf` is the program's tfjs even where the frame has
 * none, temporaries are disposed, evaluating inside a gradient computation records nothing
 * on its tape (the program's results and tensor count stay as in an undebugged run), and
 * completions list tfjs ops and frame variables.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../lineMarkers';
import { clientPerTest, exampleLine, exampleProgram, fixture, repl, runToBreakpoint, topFrame } from './support';

/** Line of `return tf.losses.meanSquaredError(...)` in loss(), run inside optimizer.minimize. */
const lossLine = exampleLine('LOSS_LINE');

describe('Debug Console', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  async function numTensors(): Promise<number> {
    return (await client.customRequest('tfjs/memory')).body.numTensors;
  }

  it('resolves tf to the program’s tfjs where the frame has no tf binding', async () => {
    const program = fixture('noTf.js');
    await runToBreakpoint(client, { program }, program, [lineOf(program, 'SUM_LINE')]);
    const frame = await topFrame(client);
    assert.equal(await repl(client, 'typeof tfjs', frame.id), "'object'");
    assert.equal(await repl(client, 'tf.add(values, 1).shape', frame.id), '[3]');
    // Only while evaluating: the program's globals are left as they were.
    const hover = await client.evaluateRequest({ expression: 'typeof globalThis.tf', frameId: frame.id, context: 'hover' });
    assert.equal(hover.body.result, "'undefined'");
  });

  it('keeps only the result’s own tensors', async () => {
    await runToBreakpoint(client, { program: exampleProgram, env: { MLP_STEPS: '1' } }, exampleProgram, [exampleLine('MODEL_RETURN_LINE')]);
    const frame = await topFrame(client);
    const before = await numTensors();
    assert.match(await repl(client, 'tf.relu(tf.sub(tf.mul(output, 2), 1))', frame.id), /^float32\[64,1\] min=/);
    assert.equal(await numTensors(), before + 1);
    assert.equal(await repl(client, 'tf.mean(tf.square(output)).dataSync()[0] > 0', frame.id), 'true');
    assert.equal(await numTensors(), before + 1);
  });

  it('records nothing on an active gradient tape: the program computes as if undebugged', async () => {
    const env = { MLP_STEPS: '3' };
    const undebugged = execFileSync('node', [exampleProgram], { env: { ...process.env, ...env }, encoding: 'utf8' });
    let stdout = '';
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
      if (event.body.category === 'stderr') stdout += `[stderr] ${event.body.output}`;
    });
    await runToBreakpoint(client, { program: exampleProgram, env }, exampleProgram, [lossLine]);
    const frame = await topFrame(client);
    for (const expression of [
      'tf.mul(prediction, 2).sum()',
      'tf.losses.meanSquaredError(target, tf.zerosLike(prediction))',
      'tf.grad((p) => tf.sum(tf.square(p)))(prediction)',
    ]) {
      assert.match(await repl(client, expression, frame.id), /^float32\[/);
    }
    const terminated = client.waitForEvent('terminated');
    await client.setBreakpointsRequest({ source: { path: exampleProgram }, breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
    await terminated;
    const lines = (text: string) => text.split('\n').filter((line) => /^(step|tensors) /.test(line));
    // The three results stay alive (they are the user's); everything else is as undebugged.
    const expected = lines(undebugged).map((line) => line.replace(/^tensors (\d+)$/, (_, n) => `tensors ${Number(n) + 3}`));
    assert.deepEqual(lines(stdout), expected, stdout);
  });

  it('completes tf ops and frame variables', async () => {
    await runToBreakpoint(client, { program: exampleProgram, env: { MLP_STEPS: '1' } }, exampleProgram, [exampleLine('MODEL_RETURN_LINE')]);
    const frame = await topFrame(client);
    const complete = async (text: string): Promise<DebugProtocol.CompletionItem[]> =>
      (await client.send('completions', { text, column: text.length + 1, frameId: frame.id })).body.targets;
    const ops = await complete('tf.mat');
    assert.ok(
      ops.some((item) => item.label === 'matMul' && item.type === 'function'),
      JSON.stringify(ops.slice(0, 5)),
    );
    const names = (await complete('hid')).map((item) => item.label);
    assert.deepEqual(names, ['hidden']);
    const methods = (await complete('output.resh')).map((item) => item.label);
    assert.deepEqual(methods, ['reshape', 'reshapeAs']);
  });
});
