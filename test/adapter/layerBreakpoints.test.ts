/**
 * Layer breakpoints (DAP function breakpoints `layer:<name>` and `layer:<name>:nan`): the
 * program stops before the named layer runs on tensors (not while the model is built), and
 * when a layer's output holds NaN; the stop names the layer and the breakpoint, and the call
 * stack starts at the user's line that ran the model. A name that is no layer breakpoint is
 * answered unverified with how to write one.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, topFrame } from './support';

const program = fixture('layerBreaks.js');

describe('layer breakpoints (layer:<name>)', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  /** Launches with `names` as function breakpoints; answers what setFunctionBreakpoints said. */
  async function launchWith(names: string[]): Promise<DebugProtocol.Breakpoint[]> {
    let answered: DebugProtocol.Breakpoint[] = [];
    await Promise.all([
      client.waitForEvent('initialized').then(async () => {
        answered = (await client.setFunctionBreakpointsRequest({ breakpoints: names.map((name) => ({ name })) })).body.breakpoints;
        await client.configurationDoneRequest();
      }),
      client.launch({ program }),
    ]);
    return answered;
  }

  it('stops before a layer runs, at the line that ran the model, and not while the model is built', async () => {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const answered = await launchWith(['layer:out', 'conv1', 'layer:']);
    assert.deepEqual(
      answered.map(({ verified, message }) => [verified, message]),
      [
        [false, 'no layer named "out" yet: it stops once a layer of that name runs'],
        [
          false,
          '"conv1" is not a layer breakpoint: name one as layer:<name> (stop before the layer runs) or layer:<name>:nan (stop when its output holds NaN or Inf)',
        ],
        [false, 'layer: names no layer: write layer:<name>, e.g. layer:conv1'],
      ],
    );
    const event = await stopped;
    assert.equal(event.body.reason, 'function breakpoint');
    // model.fit runs its layers after its first await: no line of the program is on the stack,
    // so the stop names the line that called fit, and its top frame holds the layer and its inputs.
    assert.equal(event.body.description, `Paused before layer out (Dense) runs (in the model call at layerBreaks.js:${lineOf(program, 'FIT_LINE')})`);
    assert.deepEqual(event.body.hitBreakpointIds, [answered[0].id]);
    const frame = await topFrame(client);
    assert.equal(frame.name, 'tfjsDebuggerLayerApply');
    // The layer and its inputs, in the frame's scopes.
    const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
    const variables = new Map<string, DebugProtocol.Variable>();
    for (const scope of scopes.filter((scope) => scope.name !== 'Global' && scope.name !== 'Closure')) {
      for (const variable of (await client.variablesRequest({ variablesReference: scope.variablesReference })).body.variables)
        variables.set(variable.name, variable);
    }
    assert.match(variables.get('layer')?.value ?? '', /^Dense /);
    const inputs = variables.get('inputs');
    assert.ok(inputs?.variablesReference);
    const [input] = (await client.variablesRequest({ variablesReference: inputs.variablesReference })).body.variables;
    assert.match(input.value, /^float32\[4,4\] /);
    // The breakpoint is on a known layer now.
    const again = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'layer:out' }] })).body.breakpoints;
    assert.equal(again[0].verified, true);
  });

  it("stops when a layer's output holds NaN, naming the layer and the count", async () => {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await launchWith(['layer:hidden:nan']);
    const event = await stopped;
    assert.equal(event.body.reason, 'function breakpoint');
    // The second example's 4 units.
    assert.equal(event.body.description, 'NaN/Inf in output of layer hidden (Dense): 4 NaN');
    const frame = await topFrame(client);
    assert.equal(frame.line, lineOf(program, 'PREDICT_LINE'));
    const ended = client.waitForEvent('terminated');
    await client.setFunctionBreakpointsRequest({ breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
    await ended;
  });
});
