/**
 * Just-my-code: stepping into tfjs calls lands in the user's code they call back (a custom
 * layer's call(), a tf.tidy callback), stepping over a tfjs op stays in the user's function,
 * and tfjs frames in the call stack are dimmed.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, fixture, runToBreakpoint, topFrame } from './support';

const program = fixture('layers.js');

describe('just my code (skipFiles)', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  async function stepIn(): Promise<DebugProtocol.StackFrame> {
    const stopped = client.waitForEvent('stopped');
    await client.stepInRequest({ threadId: 1 });
    await stopped;
    return topFrame(client);
  }

  it('steps into model.predict() to the custom layer’s call(), with tfjs frames dimmed', async () => {
    await runToBreakpoint(client, { program }, program, [19]);
    const frame = await stepIn();
    assert.equal(frame.name, 'call');
    assert.equal(frame.line, 6);
    const { body } = await client.stackTraceRequest({ threadId: 1 });
    const tfjsFrames = body.stackFrames.filter((f) => f.source?.path?.includes('@tensorflow'));
    assert.ok(tfjsFrames.length > 0);
    assert.ok(tfjsFrames.every((f) => f.presentationHint === 'subtle' && f.source?.presentationHint === 'deemphasize'));
    const own = body.stackFrames.find((f) => f.name === 'run');
    assert.equal(own?.presentationHint, undefined);
  });

  it('steps into tf.tidy(fn) to fn', async () => {
    await runToBreakpoint(client, { program }, program, [20]);
    const frame = await stepIn();
    assert.equal(frame.line, 21);
    assert.equal(frame.source?.path, program);
  });

  it('steps into tfjs internals when skipFiles is empty', async () => {
    await runToBreakpoint(client, { program, skipFiles: [] }, program, [19]);
    const frame = await stepIn();
    assert.match(frame.source?.path ?? '', /@tensorflow/);
  });
});
