/**
 * Tensors wherever they sit and of every kind, as Variables shows them (docs/protocol.md,
 * Tensors in Variables).
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../lineMarkers';
import { fixture, localVariables, runToBreakpoint, startClient, topFrame } from './support';

const program = fixture('kinds.js');

describe('tensors of every kind, wherever they sit', function () {
  this.timeout(60_000);
  let client: DebugClient;
  let locals: Map<string, DebugProtocol.Variable>;
  let frameId: number;

  before(async () => {
    client = await startClient();
    await runToBreakpoint(client, { program }, program, [lineOf(program, 'RETURN_LINE')]);
    frameId = (await topFrame(client)).id;
    locals = await localVariables(client, frameId);
  });
  after(async () => {
    await client.stop();
  });

  async function children(variable: DebugProtocol.Variable | undefined): Promise<Map<string, DebugProtocol.Variable>> {
    assert.ok(variable && variable.variablesReference > 0, 'an expandable variable');
    const { body } = await client.variablesRequest({ variablesReference: variable.variablesReference });
    return new Map(body.variables.map((v) => [v.name, v]));
  }

  it('presents 0-d, empty, int32, bool, string, complex and disposed tensors', () => {
    const value = (name: string): string | undefined => locals.get(name)?.value;
    assert.equal(value('scalar'), 'float32[] 0.5');
    assert.equal(value('empty'), 'float32[0,3] (empty)');
    assert.equal(value('counts'), 'int32[3] min=1 max=3 mean=2 std=0.8165');
    assert.equal(value('mask'), 'bool[4] true=3 false=1');
    assert.equal(value('words'), 'string[3]');
    assert.equal(value('complex'), 'complex64[2]');
    assert.equal(value('disposed'), 'float32[2,2] (disposed)');
    assert.equal(locals.get('disposed')?.type, 'tf.Tensor');
  });

  it('expands leaves of each dtype', async () => {
    const leaves = async (name: string): Promise<string[]> =>
      [...(await children(locals.get(name))).values()].filter((v) => v.name.startsWith('[')).map((v) => v.value);
    assert.deepEqual(await leaves('counts'), ['1', '2', '3']);
    assert.deepEqual(await leaves('mask'), ['true', 'false', 'true', 'true']);
    assert.deepEqual(await leaves('words'), ['"a"', '"bc"', '"def"']);
    assert.deepEqual(await leaves('complex'), ['1+3i', '-2+4i']);
  });

  it('finds tensors in arrays, a map of gradients, a Map and a model’s weights', async () => {
    const list = await children(locals.get('list'));
    assert.equal(list.get('0')?.value, 'float32[] 0.5');
    assert.equal(list.get('1')?.type, 'tf.Tensor');

    const grads = await children(locals.get('grads'));
    const gradMap = await children(grads.get('grads'));
    const kernelGrad = [...gradMap.values()].find((v) => v.name.includes('kernel'));
    assert.equal(kernelGrad?.value, 'float32[2,3] min=1 max=1 mean=1 std=0');

    const weights = await children(locals.get('weights'));
    assert.equal(weights.get('0')?.type, 'tf.Variable');
    assert.equal(weights.get('0')?.value, 'float32[2,3] min=1 max=1 mean=1 std=0');
    assert.equal(weights.get('1')?.value, 'float32[3] min=0 max=0 mean=0 std=0');

    const closure = (await client.scopesRequest({ frameId })).body.scopes.find((s) => s.name === 'Closure');
    const closureVars = new Map(
      (await client.variablesRequest({ variablesReference: closure?.variablesReference ?? 0 })).body.variables.map((v) => [v.name, v]),
    );
    const byName = await children(closureVars.get('byName'));
    assert.equal(byName.get('scale')?.value, 'float32[] 2.5');
    assert.equal(byName.get('scale')?.evaluateName, 'byName.get("scale")');
    assert.equal(byName.get('offsets')?.value, 'float32[3] min=1 max=3 mean=2 std=0.8165');
  });
});
