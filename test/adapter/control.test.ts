/**
 * Execution control through the real adapter: stop on entry, stepping, pause, output
 * events, exit codes, hovers, and terminate/disconnect leaving no process behind.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { markersOf } from '../lineMarkers';
import { clientPerTest, fixture, isAlive, repl, runToBreakpoint, topFrame, waitForOutput } from './support';

const steps = fixture('steps.js');
const line = markersOf(steps);

describe('execution control', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  async function nextStop(request: () => Promise<unknown>): Promise<DebugProtocol.StackFrame> {
    const stopped = client.waitForEvent('stopped');
    await request();
    await stopped;
    return topFrame(client);
  }

  it('stops on entry at the program’s first statement', async () => {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([client.waitForEvent('initialized').then(() => client.configurationDoneRequest()), client.launch({ program: steps, stopOnEntry: true })]);
    assert.equal((await stopped).body.reason, 'entry');
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, steps);
    assert.equal(frame.line, line('REQUIRE_LINE'));
  });

  it('steps over, into and out of functions', async () => {
    await runToBreakpoint(client, { program: steps }, steps, [line('SCALE_CALL_LINE')]);
    let frame = await nextStop(() => client.stepInRequest({ threadId: 1 }));
    assert.equal(frame.name, 'scale');
    assert.equal(frame.line, line('MUL_LINE'));
    frame = await nextStop(() => client.nextRequest({ threadId: 1 }));
    assert.equal(frame.line, line('RETURN_SCALED_LINE'));
    assert.match(await repl(client, 'scaled', frame.id), /^float32\[2,2\] min=2 max=8 mean=5 std=2.236$/);
    frame = await nextStop(() => client.stepOutRequest({ threadId: 1 }));
    // Back in the caller, at the first statement after the call returned.
    assert.equal(frame.name, 'run');
    assert.equal(frame.line, line('LOG_SUM_LINE'));
  });

  it('sends stdout and stderr as output events and the exit code', async () => {
    const stdout = waitForOutput(client, 'stdout', 'sum 20');
    const stderr = waitForOutput(client, 'stderr', 'done on stderr');
    const exited = client.waitForEvent('exited');
    const terminated = client.waitForEvent('terminated');
    await Promise.all([
      client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
      client.launch({ program: steps, env: { EXIT_CODE: '3' } }),
    ]);
    await Promise.all([stdout, stderr]);
    assert.equal((await exited).body.exitCode, 3);
    await terminated;
  });

  it('pauses a running program', async () => {
    await Promise.all([
      client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
      client.launch({ program: steps, env: { LINGER_MS: '30000' } }),
    ]);
    await waitForOutput(client, 'stderr', 'done on stderr');
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await client.pauseRequest({ threadId: 1 });
    assert.equal((await stopped).body.reason, 'pause');
    // It stops wherever the program was: in its timer callback or in Node's timer internals
    // that run it.
    const { body } = await client.stackTraceRequest({ threadId: 1 });
    assert.ok(body.stackFrames.length > 0);
    assert.ok(body.stackFrames.every((frame) => frame.source?.path === steps || frame.source?.name?.startsWith('node:')));
    assert.equal(await repl(client, '6 * 7', body.stackFrames[0].id), '42');
  });

  it("shows a tensor in VS Code's debug hover without side effects (tensorHover: debug)", async () => {
    await runToBreakpoint(client, { program: steps, tensorHover: 'debug' }, steps, [line('LOG_SUM_LINE')]);
    const frame = await topFrame(client);
    const { body } = await client.evaluateRequest({ expression: 'doubled', frameId: frame.id, context: 'hover' });
    assert.equal(body.result, 'float32[2,2] min=2 max=8 mean=5 std=2.236');
    assert.equal(body.type, 'tf.Tensor');
    await assert.rejects(client.evaluateRequest({ expression: 'globalThis.touched = 1', frameId: frame.id, context: 'hover' }), /Possible side-effect/);
  });

  it("leaves a hovered tensor to the extension's thumbnail hover by default, and answers other hovers", async () => {
    await runToBreakpoint(client, { program: steps }, steps, [line('LOG_SUM_LINE')]);
    const frame = await topFrame(client);
    await assert.rejects(client.evaluateRequest({ expression: 'doubled', frameId: frame.id, context: 'hover' }), /shown by the TF\.js thumbnail hover/);
    const { body } = await client.evaluateRequest({ expression: 'doubled.shape', frameId: frame.id, context: 'hover' });
    assert.equal(body.result, '[2, 2]');
    // Watch and the Debug Console still show the tensor.
    assert.equal(
      (await client.evaluateRequest({ expression: 'doubled', frameId: frame.id, context: 'watch' })).body.result,
      'float32[2,2] min=2 max=8 mean=5 std=2.236',
    );
  });

  for (const request of ['terminate', 'disconnect'] as const) {
    it(`${request} while paused leaves no process`, async () => {
      await runToBreakpoint(client, { program: steps }, steps, [line('LOG_SUM_LINE')]);
      const pid = Number(await repl(client, 'process.pid'));
      assert.ok(isAlive(pid));
      if (request === 'terminate') {
        const terminated = client.waitForEvent('terminated');
        await client.terminateRequest({});
        await terminated;
      } else {
        await client.disconnectRequest({});
      }
      assert.equal(isAlive(pid), false);
    });
  }
});
