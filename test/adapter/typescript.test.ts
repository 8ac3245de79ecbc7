/**
 * TypeScript (through tsx) and ES module programs: breakpoints in the authored files bind
 * before their lines run, stack frames and steps are shown in the authored files, and the
 * tensors read as in JavaScript.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, fixture, localVariables, repl, topFrame } from './support';

describe('TypeScript and ES modules', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  /** Launches with breakpoints in several files and waits for the first stop. */
  async function launchWith(program: string, breakpoints: Record<string, number[]>): Promise<DebugProtocol.StackFrame> {
    const stopped = client.waitForEvent('stopped');
    await Promise.all([
      client.waitForEvent('initialized').then(async () => {
        for (const [file, lines] of Object.entries(breakpoints)) {
          await client.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
        }
        await client.configurationDoneRequest();
      }),
      client.launch({ program }),
    ]);
    await stopped;
    return topFrame(client);
  }

  it('stops in a CommonJS TypeScript file at the authored line, with its tensors', async () => {
    const program = fixture('ts/model.ts');
    const changed: DebugProtocol.BreakpointEvent[] = [];
    client.on('breakpoint', (event: DebugProtocol.BreakpointEvent) => changed.push(event));
    const frame = await launchWith(program, { [program]: [13] });
    assert.equal(frame.source?.path, program);
    assert.equal(frame.line, 13);
    assert.equal(frame.name, 'project');
    const locals = await localVariables(client, frame.id);
    assert.equal(locals.get('weights')?.value, 'float32[4,3] min=1 max=1 mean=1 std=0');
    assert.equal(await repl(client, 'shapes.cols', frame.id), '4');
    assert.ok(changed.some((event) => event.body.breakpoint.verified && event.body.breakpoint.line === 13));
    const { body } = await client.stackTraceRequest({ threadId: 1 });
    const caller = body.stackFrames.find((f) => f.source?.path === program && f.name !== 'project');
    assert.equal(caller?.line, 17);
  });

  it('stops in an ES module TypeScript file and in a module it imports without extension', async () => {
    const program = fixture('ts-esm/main.ts');
    const helpers = fixture('ts-esm/helpers.ts');
    let frame = await launchWith(program, { [program]: [14], [helpers]: [6] });
    assert.equal(frame.source?.path, program);
    assert.equal(frame.line, 14);
    assert.equal((await localVariables(client, frame.id)).get('base')?.value, 'float32[2,2] min=1 max=4 mean=2.5 std=1.118');

    const next = client.waitForEvent('stopped');
    await client.nextRequest({ threadId: 1 });
    await next;
    frame = await topFrame(client);
    assert.equal(frame.line, 15);

    const again = client.waitForEvent('stopped');
    await client.continueRequest({ threadId: 1 });
    await again;
    frame = await topFrame(client);
    assert.equal(frame.source?.path, helpers);
    assert.equal(frame.line, 6);
    assert.match(await repl(client, 'tensor.shape', frame.id), /^\[2, 2\]$/);
  });

  it('stops in a plain JavaScript ES module', async () => {
    const program = fixture('esm.mjs');
    const frame = await launchWith(program, { [program]: [6] });
    assert.equal(frame.source?.path, program);
    assert.equal(frame.line, 6);
    assert.equal((await localVariables(client, frame.id)).get('tensor')?.value, 'float32[4] min=1 max=4 mean=2.5 std=1.118');
  });
});
