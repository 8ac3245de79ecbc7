/**
 * Editing tensors (docs/protocol.md, Editing tensors) through the real adapter: variables
 * assigned in place, other tensors given the new values in their own storage, single elements
 * set, wrong shapes and values refused with a message and nothing changed, and the program
 * computing with the new values after continue; after an edit by any path the Variables view
 * reads the new value and is told to refetch.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, repl, runToBreakpoint, startClient, topFrame } from './support';

const program = fixture('edit.js');
const addBiasLine = lineOf(program, 'ADD_BIAS_LINE');

describe('editing tensors', function () {
  this.timeout(60_000);
  let client: DebugClient;
  let stdout: string;

  beforeEach(async () => {
    client = await startClient();
    stdout = '';
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
      if (process.env.SHOW_OUTPUT) process.stderr.write(event.body.output);
    });
  });
  afterEach(async () => {
    await client.stop();
  });

  async function scopes(frameId: number): Promise<Map<string, number>> {
    const { body } = await client.scopesRequest({ frameId });
    return new Map(body.scopes.map((scope) => [scope.name, scope.variablesReference]));
  }

  async function variable(reference: number, name: string): Promise<DebugProtocol.Variable> {
    const { body } = await client.variablesRequest({ variablesReference: reference });
    const found = body.variables.find((v) => v.name === name);
    assert.ok(found, `variable ${name}`);
    return found;
  }

  async function runToEnd(): Promise<string> {
    const terminated = client.waitForEvent('terminated');
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
    await terminated;
    return stdout;
  }

  async function numTensors(): Promise<number> {
    return (await client.customRequest('tfjs/memory')).body.numTensors;
  }

  it('sets a local tensor in place, keeping its id, and assigns a tf.Variable in place', async () => {
    await runToBreakpoint(client, { program }, program, [addBiasLine]);
    const frame = await topFrame(client);
    const refs = await scopes(frame.id);
    const local = refs.get('Local') as number;

    const id = await repl(client, 'scaled.id', frame.id);
    const before = await numTensors();
    const set = await client.setVariableRequest({ variablesReference: local, name: 'scaled', value: '[[10, 20], [30, 40]]' });
    assert.equal(set.body.value, 'float32[2,2] min=10 max=40 mean=25 std=11.18');
    assert.equal(set.body.type, 'tf.Tensor');
    assert.equal(await repl(client, 'JSON.stringify([scaled.id, scaled.arraySync()])', frame.id), `'[${id},[[10,20],[30,40]]]'`);
    assert.equal(await numTensors(), before);

    const closure = refs.get('Closure') as number;
    const weights = await variable(closure, 'weights');
    assert.equal(weights.type, 'tf.Variable');
    const assigned = await client.setVariableRequest({ variablesReference: closure, name: 'weights', value: '0' });
    assert.equal(assigned.body.value, 'float32[2,2] min=0 max=0 mean=0 std=0');
    assert.equal(assigned.body.type, 'tf.Variable');
    assert.equal(await numTensors(), before);

    const output = await runToEnd();
    assert.match(output, /^out \[\[10,20\],\[30,40\]\]$/m);
    assert.match(output, /^weights \[\[0,0\],\[0,0\]\] weights$/m);
  });

  it('sets one element of a tensor held by an object property', async () => {
    await runToBreakpoint(client, { program }, program, [addBiasLine]);
    const frame = await topFrame(client);
    const closure = (await scopes(frame.id)).get('Closure') as number;
    const state = await variable(closure, 'state');
    const bias = await variable(state.variablesReference, 'bias');
    assert.equal(bias.value, 'float32[2] min=0 max=0 mean=0 std=0');
    const set = await client.setVariableRequest({ variablesReference: bias.variablesReference, name: '[1]', value: '5' });
    assert.equal(set.body.value, 'float32[2] min=0 max=5 mean=2.5 std=2.5');
    const output = await runToEnd();
    assert.match(output, /^bias \[0,5\]$/m);
    assert.match(output, /^out \[\[2,9\],\[6,13\]\]$/m);
  });

  it('refuses a wrong shape or a non-numeric value, changing nothing', async () => {
    await runToBreakpoint(client, { program }, program, [addBiasLine]);
    const frame = await topFrame(client);
    const local = (await scopes(frame.id)).get('Local') as number;
    const before = await numTensors();
    const values = await repl(client, 'JSON.stringify([scaled.id, scaled.arraySync()])', frame.id);
    await assert.rejects(
      client.setVariableRequest({ variablesReference: local, name: 'scaled', value: '[[1, 2, 3]]' }),
      /shape mismatch: expected \[2,2\], got \[1,3\]/,
    );
    await assert.rejects(
      client.setVariableRequest({ variablesReference: local, name: 'scaled', value: "'abc'" }),
      /expected a number, a nested array or a tensor of shape \[2,2\], got "abc"/,
    );
    await assert.rejects(
      client.setVariableRequest({ variablesReference: local, name: 'scaled', value: 'tf.zeros([4])' }),
      /shape mismatch: expected \[2,2\], got \[4\]/,
    );
    assert.equal(await numTensors(), before);
    assert.equal(await repl(client, 'JSON.stringify([scaled.id, scaled.arraySync()])', frame.id), values);
  });

  it('assigns a Watch expression with setExpression, converting the dtype', async () => {
    await runToBreakpoint(client, { program }, program, [addBiasLine]);
    const frame = await topFrame(client);
    const args: DebugProtocol.SetExpressionArguments = { expression: 'scaled', value: "tf.ones([2, 2], 'int32')", frameId: frame.id };
    const set = (await client.send('setExpression', args)) as DebugProtocol.SetExpressionResponse;
    assert.equal(set.body.value, 'float32[2,2] min=1 max=1 mean=1 std=0');
    const output = await runToEnd();
    assert.match(output, /^out \[\[1,1\],\[1,1\]\]$/m);
  });

  it('edits the whole tensor when a heatmap of a sub-tensor opened from Variables sets a cell, also at a later stop', async () => {
    await runToBreakpoint(client, { program }, program, [addBiasLine]);
    const frame = await topFrame(client);
    const local = (await scopes(frame.id)).get('Local') as number;
    const scaled = await variable(local, 'scaled');
    const rows = await client.variablesRequest({ variablesReference: scaled.variablesReference, filter: 'indexed', start: 0, count: 2 });
    const row = rows.body.variables[1];
    assert.equal(row.evaluateName, 'tf.gather(scaled, 1)');
    const element = (await client.variablesRequest({ variablesReference: row.variablesReference, filter: 'indexed' })).body.variables[0];
    const before = await numTensors();
    // The heatmap sends its target (the name Variables gave the row) and the cell's index in it.
    const set = await client.customRequest('tfjs/setTensor', { expression: row.evaluateName, frameId: frame.id, index: [0], value: 50 });
    assert.equal(set.body.value, 'float32[2,2] min=2 max=50 mean=16 std=19.75');
    // Watch's Set Value on an element Variables named edits the whole tensor too.
    await client.send('setExpression', { expression: element.evaluateName, value: '60', frameId: frame.id });
    assert.equal(await repl(client, 'JSON.stringify(scaled.arraySync())', frame.id), "'[[2,4],[60,8]]'");
    assert.equal(await numTensors(), before);
    // The panel keeps its target across stops: an edit after a step still reaches `scaled`.
    const stopped = client.waitForEvent('stopped');
    await client.nextRequest({ threadId: 1 });
    await stopped;
    const next = await topFrame(client);
    await client.customRequest('tfjs/setTensor', { expression: row.evaluateName, frameId: next.id, index: [1], value: 70 });
    assert.equal(await repl(client, 'JSON.stringify(scaled.arraySync())', next.id), "'[[2,4],[60,70]]'");
  });

  it('evaluates a Watch expression the user wrote as written, even when it reads like a part Variables names', async () => {
    await runToBreakpoint(client, { program }, program, [addBiasLine]);
    const frame = await topFrame(client);
    const set = (await client.send('setExpression', {
      expression: 'tf.gather(scaled, 1)',
      value: '[50, 60]',
      frameId: frame.id,
    })) as DebugProtocol.SetExpressionResponse;
    assert.equal(set.body.value, 'float32[2] min=50 max=60 mean=55 std=5');
    // The edit went to the row `tf.gather` made, not to `scaled`.
    assert.equal(await repl(client, 'JSON.stringify(scaled.arraySync())', frame.id), "'[[2,4],[6,8]]'");
  });

  it('keeps edits and bound REPL results made inside tf.tidy alive after the tidy ends', async () => {
    await runToBreakpoint(client, { program }, program, [lineOf(program, 'TIDY_MUL_LINE')]);
    const frame = await topFrame(client);
    const local = (await scopes(frame.id)).get('Local') as number;
    await client.setVariableRequest({ variablesReference: local, name: 'inner', value: '[[1, 1], [1, 1]]' });
    await repl(client, 'globalThis.kept = tf.ones([2])', frame.id);
    const output = await runToEnd();
    assert.match(output, /^tidy \[\[3,3\],\[3,3\]\]$/m);
    assert.match(output, /^kept \[1,1\]$/m);
  });

  it('edits the value a function is returning inside optimizer.minimize, keeping the gradients flowing', async () => {
    const program = fixture('returnEdit.js');
    await runToBreakpoint(client, { program }, program, [lineOf(program, 'RETURN_OUTPUT_LINE')]);
    const frame = await topFrame(client);
    const local = (await scopes(frame.id)).get('Local') as number;
    await client.setVariableRequest({ variablesReference: local, name: 'output', value: '[10, 20]' });
    const terminated = client.waitForEvent('terminated');
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
    await terminated;
    // The loss is the edited sum; the gradient w.r.t. w is still 3 per element.
    assert.match(stdout, /^loss 30 w \[0\.699999988079071,1\.7000000476837158\]$/m);
  });
});

describe('views after an edit', function () {
  this.timeout(60_000);
  let client: DebugClient;
  let invalidated: DebugProtocol.InvalidatedEvent[];
  clientPerTest((started) => {
    client = started;
    invalidated = [];
    client.on('invalidated', (event: DebugProtocol.InvalidatedEvent) => invalidated.push(event));
  });

  /** Launches edit.js as VS Code does (telling whether it handles `invalidated`) and stops on `line`. */
  async function stopAt(line: number, supportsInvalidatedEvent: boolean): Promise<{ frameId: number; local: number }> {
    await client.initializeRequest({ adapterID: 'tfjs', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsInvalidatedEvent });
    const stopped = client.waitForEvent('stopped');
    await Promise.all([
      client.waitForEvent('initialized').then(async () => {
        await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] });
        await client.configurationDoneRequest();
      }),
      client.launchRequest({ program } as DebugProtocol.LaunchRequestArguments),
    ]);
    await stopped;
    const frame = await topFrame(client);
    return { frameId: frame.id, local: await localScope(frame.id) };
  }

  async function localScope(frameId: number): Promise<number> {
    const { body } = await client.scopesRequest({ frameId });
    return body.scopes.find((scope) => scope.name === 'Local')?.variablesReference ?? 0;
  }

  async function valueOf(reference: number, name: string): Promise<string> {
    const { body } = await client.variablesRequest({ variablesReference: reference });
    return body.variables.find((v) => v.name === name)?.value ?? `no ${name}`;
  }

  const edited = 'float32[2,2] min=2 max=1000 mean=253 std=431.3';

  it('shows a heatmap cell edit (tfjs/setTensor with an index) in Variables and tells the client to refetch', async () => {
    const { frameId, local } = await stopAt(addBiasLine, true);
    assert.equal(await valueOf(local, 'scaled'), 'float32[2,2] min=2 max=8 mean=5 std=2.236');
    const told = client.waitForEvent('invalidated') as Promise<DebugProtocol.InvalidatedEvent>;
    const set = await client.customRequest('tfjs/setTensor', { expression: 'scaled', frameId, index: [1, 1], value: 1000 });
    assert.equal(set.body.value, edited);
    assert.deepEqual((await told).body.areas, ['variables']);
    // VS Code refetches the scope it already has, and a scope it asks for anew.
    assert.equal(await valueOf(local, 'scaled'), edited);
    assert.equal(await valueOf(await localScope(frameId), 'scaled'), edited);
    assert.equal((await client.evaluateRequest({ expression: 'scaled', frameId, context: 'watch' })).body.result, edited);
  });

  it('shows an element set through Variables in the scope above it and tells the client to refetch', async () => {
    const { frameId, local } = await stopAt(addBiasLine, true);
    const scaled = (await client.variablesRequest({ variablesReference: local })).body.variables.find((v) => v.name === 'scaled');
    const rows = await client.variablesRequest({ variablesReference: scaled?.variablesReference ?? 0, filter: 'indexed', start: 0, count: 2 });
    const told = client.waitForEvent('invalidated') as Promise<DebugProtocol.InvalidatedEvent>;
    const set = await client.setVariableRequest({ variablesReference: rows.body.variables[1].variablesReference, name: '[1]', value: '1000' });
    assert.equal(set.body.value, edited);
    assert.deepEqual((await told).body.areas, ['variables']);
    assert.equal(await valueOf(local, 'scaled'), edited);
    assert.equal(await valueOf(await localScope(frameId), 'scaled'), edited);
  });

  it('tells the client nothing after a failed edit', async () => {
    const { frameId, local } = await stopAt(addBiasLine, true);
    await assert.rejects(client.customRequest('tfjs/setTensor', { expression: 'scaled', frameId, index: [1, 1], value: 'nope' }), /nope is not defined/);
    await assert.rejects(client.setVariableRequest({ variablesReference: local, name: 'scaled', value: '[[1, 2, 3]]' }), /shape mismatch/);
    await client.setVariableRequest({ variablesReference: local, name: 'activations', value: '1' });
    // Each edit's event comes before its answer: one event, for the one edit that worked.
    assert.equal(invalidated.length, 1);
  });

  it('sends no invalidated event to a client that did not say it handles one', async () => {
    const { frameId, local } = await stopAt(addBiasLine, false);
    await client.customRequest('tfjs/setTensor', { expression: 'scaled', frameId, index: [1, 1], value: 1000 });
    await client.setVariableRequest({ variablesReference: local, name: 'activations', value: '1' });
    assert.equal(await valueOf(local, 'scaled'), edited);
    assert.equal(invalidated.length, 0);
  });
});
