/**
 * Breakpoint kinds through the real adapter: conditions, hit conditions, logpoints that
 * print tensors without stopping, breakpoints set while the program runs, and exceptions.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { markersOf } from '../lineMarkers';
import { clientPerTest, fixture, repl, topFrame, waitForOutput } from './support';

const program = fixture('loop.js');
const line = markersOf(program);
const loopLine = line('LOSS_READ_LINE');

describe('breakpoints of every kind', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  /** Launches with the given breakpoints at the loop line; resolves their answers. */
  async function launchWith(
    breakpoints: DebugProtocol.SourceBreakpoint[],
    env: Record<string, string> = {},
    backend = 'auto',
  ): Promise<DebugProtocol.Breakpoint[]> {
    let answers: DebugProtocol.Breakpoint[] = [];
    await Promise.all([
      client.waitForEvent('initialized').then(async () => {
        answers = (await client.setBreakpointsRequest({ source: { path: program }, breakpoints })).body.breakpoints;
        await client.setExceptionBreakpointsRequest({ filters: env.THROW ? ['uncaught'] : env.CATCH ? ['all'] : [] });
        await client.configurationDoneRequest();
      }),
      client.launch({ program, env, backend }),
    ]);
    return answers;
  }

  async function stoppedAt(): Promise<{ reason: string; i: string }> {
    const event = (await client.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    const frame = await topFrame(client);
    return { reason: event.body.reason, i: await repl(client, 'i', frame.id) };
  }

  it('stops only where the condition holds', async () => {
    const stopped = stoppedAt();
    await launchWith([{ line: loopLine, condition: 'i === 3' }]);
    assert.deepEqual(await stopped, { reason: 'breakpoint', i: '3' });
  });

  it('counts hits: a plain count stops from that hit on, % stops every n-th', async () => {
    let stopped = stoppedAt();
    await launchWith([{ line: loopLine, hitCondition: '% 3' }]);
    assert.deepEqual(await stopped, { reason: 'breakpoint', i: '2' });
    stopped = stoppedAt();
    await client.continueRequest({ threadId: 1 });
    assert.deepEqual(await stopped, { reason: 'breakpoint', i: '5' });
  });

  it('refuses a hit condition it cannot read', async () => {
    const [answer] = await launchWith([{ line: loopLine, hitCondition: 'often' }]);
    assert.equal(answer.verified, false);
    assert.equal(answer.message, 'hitCondition: expected a count such as 5, >= 5, == 5, < 5 or % 5, got often');
  });

  it('logs tensors from a logpoint without stopping', async () => {
    const logs: DebugProtocol.OutputEvent[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'console') logs.push(event);
    });
    const terminated = client.waitForEvent('terminated');
    let stops = 0;
    client.on('stopped', () => stops++);
    await launchWith([{ line: loopLine, logMessage: 'step {i}: loss {loss} ({nope})', condition: 'i < 3' }], { STEPS: '5' });
    await terminated;
    assert.equal(stops, 0);
    assert.deepEqual(
      logs.map((event) => event.body.output),
      [
        'step 0: loss float32[] 0 (ReferenceError: nope is not defined)\n',
        'step 1: loss float32[] 0.5 (ReferenceError: nope is not defined)\n',
        'step 2: loss float32[] 1 (ReferenceError: nope is not defined)\n',
      ],
    );
    assert.equal(logs[0].body.source?.path, program);
    assert.equal(logs[0].body.line, loopLine);
  });

  it('sets and removes breakpoints while the program runs', async () => {
    const started = waitForOutput(client, 'stdout', 'started');
    await launchWith([], { SLOW_MS: '20', STEPS: '60' });
    await started;
    const stopped = stoppedAt();
    const { body } = await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: loopLine }] });
    assert.deepEqual(
      body.breakpoints.map((b) => [b.verified, b.line]),
      [[true, loopLine]],
    );
    const first = await stopped;
    assert.equal(first.reason, 'breakpoint');
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    const exited = client.waitForEvent('exited');
    await client.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 0);
  });

  it('stops on an uncaught exception and describes it', async () => {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await launchWith([], { THROW: '1', STEPS: '1' });
    const event = await stopped;
    assert.equal(event.body.reason, 'exception');
    assert.equal(event.body.description, 'RangeError: learning rate 5 is out of range');
    const frame = await topFrame(client);
    assert.equal(frame.name, 'checkLearningRate');
    const info = (await client.send('exceptionInfo', { threadId: 1 })) as DebugProtocol.ExceptionInfoResponse;
    assert.equal(info.body.exceptionId, 'RangeError');
    assert.equal(info.body.breakMode, 'unhandled');
    assert.equal(info.body.description, 'RangeError: learning rate 5 is out of range');
  });

  it('stops on a caught exception with the all filter', async () => {
    let stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await launchWith([], { CATCH: '1', STEPS: '1' });
    let event = await stopped;
    // With all exceptions, a caught one in the program's other code (module loading) may come
    // first: go on to the program's own.
    for (let more = 0; more < 5 && event.body.description !== 'RangeError: learning rate 2 is out of range'; more++) {
      stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await client.continueRequest({ threadId: 1 });
      event = await stopped;
    }
    assert.equal(event.body.reason, 'exception');
    assert.equal(event.body.description, 'RangeError: learning rate 2 is out of range');
    const info = (await client.send('exceptionInfo', { threadId: 1 })) as DebugProtocol.ExceptionInfoResponse;
    assert.equal(info.body.breakMode, 'always');
    const exited = client.waitForEvent('exited');
    await client.setExceptionBreakpointsRequest({ filters: [] });
    await client.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 0);
  });

  it('moves a breakpoint on a line without code to the next line that has some', async () => {
    const changed = new Promise<DebugProtocol.Breakpoint>((resolve) =>
      client.on('breakpoint', (event: DebugProtocol.BreakpointEvent) => resolve(event.body.breakpoint)),
    );
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    // The blank line above train(): a blank line cannot carry a marker, so it is found from the next.
    await launchWith([{ line: line('TRAIN_FUNCTION_LINE') - 1 }]);
    const moved = await changed;
    assert.equal(moved.verified, true);
    assert.equal(moved.line, line('TOTAL_LINE'));
    assert.equal((await stopped).body.reason, 'breakpoint');
    assert.equal((await topFrame(client)).line, line('TOTAL_LINE'));
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`tells the tensors leaked since the previous stop (${backend})`, async () => {
      let stopped = stoppedAt();
      await launchWith([{ line: loopLine }], { LEAK: '1', STEPS: '3' }, backend);
      await stopped;
      stopped = stoppedAt();
      await client.continueRequest({ threadId: 1 });
      await stopped;
      const memory = (await client.customRequest('tfjs/memory')).body;
      assert.deepEqual(memory.sincePreviousStop, { numTensors: 1, numBytes: 4 });
      assert.equal(memory.backend, backend);
    });

    it(`answers tfjs/profile while the program runs (${backend})`, async () => {
      const started = waitForOutput(client, 'stdout', 'started');
      await launchWith([], { SLOW_MS: '5', STEPS: '400' }, backend);
      await started;
      await new Promise((resolve) => setTimeout(resolve, 200));
      const profile = (await client.customRequest('tfjs/profile')).body as { byOp: { op: string; count: number }[] };
      assert.ok((profile.byOp.find((op) => op.op === 'Multiply')?.count ?? 0) > 0, JSON.stringify(profile.byOp));
    });
  }
});
