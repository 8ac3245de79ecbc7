/**
 * Fault suite, launch: every way a launch can be wrong answers with a message that names the
 * argument, its value and the problem, and starts nothing; programs that cannot run (a
 * syntax error, an exit at once) end the session cleanly; a program without tfjs or with two
 * copies of tfjs-core is still debugged.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, localVariables, repl, runToBreakpoint, topFrame } from '../adapter/support';
import { lineOf } from '../lineMarkers';
import { adapterPid, assertNothingLeft, childPids, faultFixture, programOf } from './faultSupport';

const exampleDir = path.join(__dirname, '..', '..', '..', 'examples', 'mlp');
const good = path.join(exampleDir, 'train.js');

/** Launch arguments that cannot start, and the message each must give. */
const refused: [string, Record<string, unknown>, string][] = [
  ['a missing program', { program: '/work/nowhere/nope.js' }, 'program: /work/nowhere/nope.js does not exist'],
  ['a relative program, resolved against cwd', { program: 'nope.js', cwd: exampleDir }, `program: ${path.join(exampleDir, 'nope.js')} does not exist`],
  ['a folder as the program', { program: exampleDir }, `program: ${exampleDir} is not a file`],
  [
    'a program that is not JavaScript or TypeScript',
    { program: path.join(exampleDir, '..', '..', 'package.json') },
    `program: ${path.resolve(exampleDir, '..', '..', 'package.json')} is not a .js, .cjs, .mjs, .ts, .mts file`,
  ],
  ['no program at all', {}, 'program: missing; set "program" to '],
  ['an unknown backend', { program: good, backend: 'gpu' }, 'backend: expected one of auto, cpu, wasm, tensorflow, webgpu, got gpu'],
  ['args that are not an array', { program: good, args: '--epochs 3' }, 'args: expected an array of strings, got --epochs 3'],
  ['env that is an array', { program: good, env: ['A=1'] }, 'env: expected an object of string values, got ["A=1"]'],
  ['an env value that is not a string', { program: good, env: { EPOCHS: 3 } }, 'env: expected an object of string values, got {"EPOCHS":3}'],
  ['stopOnEntry that is not a boolean', { program: good, stopOnEntry: 'yes' }, 'stopOnEntry: expected true or false, got yes'],
  [
    'runtimeArgs with a number',
    { program: good, runtimeArgs: ['--max-old-space-size', 4096] },
    'runtimeArgs: expected an array of strings, got ["--max-old-space-size",4096]',
  ],
  ['profile as a string', { program: good, profile: 'true' }, 'profile: expected true or false, got true'],
  ['maxProfileEvents of zero', { program: good, maxProfileEvents: 0 }, 'maxProfileEvents: expected a number of at least 1, got 0'],
  ['maxTapes that is not a whole number', { program: good, maxTapes: 2.5 }, 'maxTapes: expected a whole number of at least 1, got 2.5'],
  ['maxProfileEvents as text', { program: good, maxProfileEvents: 'many' }, 'maxProfileEvents: expected a number, got many'],
  ['a cwd that does not exist', { program: good, cwd: '/work/nowhere' }, 'cwd: /work/nowhere does not exist'],
  [
    'a runtimeExecutable that does not exist',
    { program: good, runtimeExecutable: '/opt/no-node/bin/node' },
    'Cannot launch the program: runtimeExecutable: /opt/no-node/bin/node was not found; install Node.js or set "runtimeExecutable" to its path',
  ],
];

describe('faults: launch', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  for (const [what, args, message] of refused) {
    it(`refuses ${what}, naming the problem, and starts nothing`, async () => {
      await client.initializeRequest();
      const events: string[] = [];
      for (const event of ['process', 'exited', 'stopped']) client.on(event, () => events.push(event));
      await assert.rejects(client.launch(args), (error: Error) => {
        assert.ok(error.message.startsWith(message), `"${error.message}" does not start with "${message}"`);
        return true;
      });
      // Events sent just after the refusal (a failed spawn still closes) must be caught too.
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(events, []);
      assert.deepEqual(childPids(adapterPid(client)), []);
    });
  }

  it('reports a program that does not parse, with its line, and ends the session', async () => {
    const program = faultFixture('syntaxError.js');
    let stderr = '';
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stderr') stderr += event.body.output;
    });
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    const terminated = client.waitForEvent('terminated');
    await Promise.all([client.waitForEvent('initialized').then(() => client.configurationDoneRequest()), client.launch({ program })]);
    assert.equal((await exited).body.exitCode, 1);
    await terminated;
    assert.ok(stderr.includes(`syntaxError.js:${lineOf(program, 'BROKEN_LINE')}`), stderr);
    assert.match(stderr, /SyntaxError: Unexpected token ';'/);
    assert.deepEqual(childPids(adapterPid(client)), []);
  });

  it('ends the session of a program that exits at once, with its exit code', async () => {
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    const terminated = client.waitForEvent('terminated');
    await Promise.all([
      client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
      client.launch({ program: faultFixture('exitsAtOnce.js') }),
    ]);
    assert.equal((await exited).body.exitCode, 3);
    await terminated;
    assert.deepEqual(childPids(adapterPid(client)), []);
  });

  it('debugs a program that never loads tfjs, saying so where tensors are asked for', async () => {
    const program = faultFixture('plain.js');
    const returnLine = lineOf(program, 'AVERAGE_RETURN_LINE');
    await runToBreakpoint(client, { program }, program, [returnLine]);
    const frame = await topFrame(client);
    assert.equal(frame.line, returnLine);
    assert.equal((await localVariables(client, frame.id)).get('total')?.value, '10');
    await assert.rejects(client.customRequest('tfjs/memory'), /tfjs is not loaded in the program yet: tensor memory is known once it loads @tensorflow\/tfjs/);
    await assert.rejects(client.customRequest('tfjs/profile'), /tfjs is not loaded in the program yet: nothing has been recorded/);
    assert.equal(await repl(client, '1 + 1', frame.id), '2');
    const left = await programOf(client, frame.id);
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 0);
    await assertNothingLeft(client, left);
  });

  it('shows tensors of two copies of tfjs-core in one program', async () => {
    const program = faultFixture('twoCopies.js');
    await runToBreakpoint(client, { program }, program, [lineOf(program, 'JOIN_RETURN_LINE')]);
    const frame = await topFrame(client);
    const locals = await localVariables(client, frame.id);
    assert.equal(locals.get('a')?.value, 'float32[3] min=1 max=3 mean=2 std=0.8165');
    assert.equal(locals.get('b')?.value, 'float32[3] min=10 max=30 mean=20 std=8.165');
    assert.equal(locals.get('sum')?.value, 'float32[3] min=11 max=33 mean=22 std=8.981');
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, 3);
  });
});
