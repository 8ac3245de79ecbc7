/**
 * Fault suite, during a session: the program crashes, exits inside a continue, is killed;
 * the adapter dies or loses its client; the session is stopped while a long op runs. Each
 * ends with `terminated` and leaves no process and no socket folder behind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, isAlive, runToBreakpoint, startClient, topFrame, waitForOutput } from '../adapter/support';
import { lineOf } from '../lineMarkers';
import { adapterPid, assertNothingLeft, childPids, faultFixture, gone, programOf } from './faultSupport';

const longRunning = faultFixture('longRunning.js');
/** Where longRunning.js stops in each step. */
const stepLine = lineOf(longRunning, 'STEP_LINE');

describe('faults: during a session', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  /** Launches `program` and returns its process once it stops at `line` (or is running, without a line). */
  async function started(program: string, line: number): Promise<{ pid: number; socket: string }> {
    await runToBreakpoint(client, { program }, program, [line]);
    return programOf(client, (await topFrame(client)).id);
  }

  /** Lets a paused program run on, with its breakpoints cleared. */
  async function runOn(program: string): Promise<void> {
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
  }

  it('ends the session when the program crashes, with the error on stderr and exit code 1', async () => {
    const program = faultFixture('crash.js');
    const left = await started(program, lineOf(program, 'SUM_LOG_LINE'));
    let stderr = '';
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stderr') stderr += event.body.output;
    });
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    const terminated = client.waitForEvent('terminated');
    await client.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 1);
    await terminated;
    assert.match(stderr, /Error: loss diverged at step 3/);
    await assertNothingLeft(client, left);
  });

  it('ends the session when the program calls process.exit in a continue', async () => {
    const program = faultFixture('exitInContinue.js');
    const left = await started(program, lineOf(program, 'TOTAL_LOG_LINE'));
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    const terminated = client.waitForEvent('terminated');
    await client.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 7);
    await terminated;
    await assertNothingLeft(client, left);
  });

  for (const state of ['paused', 'running'] as const) {
    it(`ends the session when the program is killed with SIGKILL while ${state}`, async () => {
      const left = await started(longRunning, stepLine);
      if (state === 'running') await runOn(longRunning);
      const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
      const terminated = client.waitForEvent('terminated');
      process.kill(left.pid, 'SIGKILL');
      assert.equal((await exited).body.exitCode, 137);
      await terminated;
      await assertNothingLeft(client, left);
    });
  }

  it('terminates a program busy in a long op when the session is stopped', async () => {
    const program = faultFixture('longRunning.js');
    const left = await started(program, stepLine);
    await runOn(program);
    const terminated = client.waitForEvent('terminated');
    await client.terminateRequest({});
    await terminated;
    await assertNothingLeft(client, left);
  });

  it('ends the program when the client disconnects while it runs', async () => {
    const program = faultFixture('longRunning.js');
    const left = await started(program, stepLine);
    await runOn(program);
    await client.disconnectRequest({});
    await assertNothingLeft(client, left);
  });

  it('ends the program when the adapter dies abruptly (SIGKILL), removing its socket folder', async () => {
    // A client of its own: the killed adapter cannot be stopped politely after.
    const own = await startClient();
    const program = faultFixture('longRunning.js');
    await runToBreakpoint(own, { program }, program, [stepLine]);
    const left = await programOf(own, (await topFrame(own)).id);
    const adapter = adapterPid(own);
    process.kill(adapter, 'SIGKILL');
    await gone(adapter);
    await gone(left.pid);
    assert.equal(fs.existsSync(path.dirname(left.socket)), false);
  });

  it("ends the program when the client goes away without a disconnect (the adapter's input closes)", async () => {
    const own = await startClient();
    try {
      const program = faultFixture('longRunning.js');
      const running = waitForOutput(own, 'stdout', 'training');
      await Promise.all([own.waitForEvent('initialized').then(() => own.configurationDoneRequest()), own.launch({ program })]);
      await running;
      const adapter = adapterPid(own);
      const [pid] = childPids(adapter);
      assert.ok(pid, 'the program is running');
      const input = (own as unknown as { _adapterProcess: { stdin: NodeJS.WritableStream } })._adapterProcess.stdin;
      input.end();
      await gone(pid);
      await gone(adapter);
    } finally {
      // A DebugClient cannot stop an adapter whose input is closed: make sure it is gone.
      if (isAlive(adapterPid(own))) process.kill(adapterPid(own), 'SIGKILL');
    }
  });
});
