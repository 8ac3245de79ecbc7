/**
 * Just-my-code: stepping into tfjs calls lands in the user's code they call back (a custom
 * layer's call(), a tf.tidy callback), stepping over a tfjs op stays in the user's function,
 * stepping off the end of a callback that tfjs awaits goes on to the user's next line, and
 * tfjs frames in the call stack are dimmed.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, repl, runToBreakpoint, topFrame } from './support';

const program = fixture('layers.js');
const line = (marker: string): number => lineOf(program, marker);
const fit = fixture('fitCallbacks.js');
/** Lines of fitCallbacks.js: the callback's log and closing, and the line after `await model.fit`. */
const logLine = lineOf(fit, 'CALLBACK_LOG_LINE');
const callbackEnd = lineOf(fit, 'CALLBACK_END_LINE');
const afterFit = lineOf(fit, 'AFTER_FIT_LINE');
/** A loose guard against a step that wanders through skipped code for seconds. */
const stepBudgetMs = 3000;

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
    await runToBreakpoint(client, { program }, program, [line('PREDICT_LINE')]);
    const frame = await stepIn();
    assert.equal(frame.name, 'call');
    assert.equal(frame.line, line('CALL_LINE'));
    const { body } = await client.stackTraceRequest({ threadId: 1 });
    const tfjsFrames = body.stackFrames.filter((f) => f.source?.path?.includes('@tensorflow'));
    assert.ok(tfjsFrames.length > 0);
    assert.ok(tfjsFrames.every((f) => f.presentationHint === 'subtle' && f.source?.presentationHint === 'deemphasize'));
    const own = body.stackFrames.find((f) => f.name === 'run');
    assert.equal(own?.presentationHint, undefined);
  });

  it('steps into tf.tidy(fn) to fn', async () => {
    await runToBreakpoint(client, { program }, program, [line('TIDY_LINE')]);
    const frame = await stepIn();
    assert.equal(frame.line, line('TIDY_CALLBACK_LINE'));
    assert.equal(frame.source?.path, program);
  });

  it('steps into tfjs internals when skipFiles is empty', async () => {
    await runToBreakpoint(client, { program, skipFiles: [] }, program, [line('PREDICT_LINE')]);
    const frame = await stepIn();
    assert.match(frame.source?.path ?? '', /@tensorflow/);
  });

  describe('stepping off the end of an async model.fit callback', () => {
    type Step = 'next' | 'in' | 'out';

    /** Runs to the callback's log line in epoch 0 and clears the breakpoint, so every later stop is a step's. */
    async function stopInCallback(): Promise<void> {
      await runToBreakpoint(client, { program: fit }, fit, [logLine]);
      await client.setBreakpointsRequest({ source: { path: fit }, breakpoints: [] });
    }

    /** Takes one step and returns the line it stopped on, after checking where and how fast. */
    async function step(kind: Step): Promise<number> {
      const started = Date.now();
      const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      if (kind === 'next') await client.nextRequest({ threadId: 1 });
      else if (kind === 'in') await client.stepInRequest({ threadId: 1 });
      else await client.stepOutRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'step');
      const elapsed = Date.now() - started;
      const frame = await topFrame(client);
      const where = `${frame.source?.path ?? frame.source?.name}:${frame.line}`;
      assert.ok(elapsed < stepBudgetMs, `${kind} took ${elapsed} ms to stop at ${where}`);
      assert.equal(frame.source?.path, fit, `${kind} stopped outside the program, at ${where}`);
      return frame.line;
    }

    async function epoch(): Promise<string> {
      return repl(client, 'epoch', (await topFrame(client)).id);
    }

    it('steps over from the log line through each epoch’s callback to the line after await model.fit', async () => {
      await stopInCallback();
      const lines: number[] = [];
      for (let i = 0; i < 6; i++) lines.push(await step('next'));
      assert.deepEqual(lines, [callbackEnd, logLine, callbackEnd, logLine, callbackEnd, afterFit]);
    });

    it('steps in at the log line to the callback’s end (nothing of the user’s to enter), then into the next epoch’s callback', async () => {
      await stopInCallback();
      assert.equal(await step('in'), callbackEnd);
      assert.equal(await step('in'), logLine);
      assert.equal(await epoch(), '1');
    });

    it('steps out of the callback to the next epoch’s callback, and from the last one to the line after await model.fit', async () => {
      await stopInCallback();
      assert.equal(await step('out'), logLine);
      assert.equal(await epoch(), '1');
      assert.equal(await step('out'), logLine);
      assert.equal(await epoch(), '2');
      assert.equal(await step('out'), afterFit);
      // The breakpoints that ended the steps are gone: the program runs to its end.
      const stoppedAgain = new Promise<string>((resolve) => client.once('stopped', () => resolve('stopped')));
      await client.continueRequest({ threadId: 1 });
      assert.equal(await Promise.race([client.waitForEvent('terminated').then(() => 'terminated'), stoppedAgain]), 'terminated');
    });
  });
});
