/**
 * A TypeScript program run by tsx, which emits each module as one generated line: the
 * profile, the tape and a NaN stop name the authored lines (and the profile names an
 * arrow function by its authored line), not the generated line 2.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TapeBody } from '../../protocol/customRequests';
import type { FlameNode, ProfileBody } from '../../protocol/runtimeApi';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, runToBreakpoint } from './support';

const program = fixture('ts-profile/main.ts');
const line = (marker: string): number => lineOf(program, marker);

function names(node: FlameNode, found: string[] = []): string[] {
  found.push(node.name);
  node.children.forEach((child) => names(child, found));
  return found;
}

describe('TypeScript through tsx: authored lines in recordings', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  it('names the authored lines in the profile and the tape', async () => {
    await runToBreakpoint(client, { program }, program, [line('END_LINE')]);
    const { root } = (await client.customRequest('tfjs/profile')).body as ProfileBody;
    const all = names(root);
    const minimize = root.children.find((frame) => frame.name === `(top level) main.ts:${line('MINIMIZE_LINE')}`);
    assert.ok(minimize, all.join('\n'));
    const arrow = minimize.children.find((frame) => frame.name === `<anonymous> line ${line('MINIMIZE_LINE')} main.ts:${line('MINIMIZE_LINE')}`);
    assert.ok(arrow, all.join('\n'));
    const lossFrames = arrow.children.map((frame) => frame.name);
    assert.deepEqual(lossFrames.sort(), [`loss main.ts:${line('MATMUL_LINE')}`, `loss main.ts:${line('MEAN_LINE')}`]);
    const mean = arrow.children.find((frame) => frame.name === `loss main.ts:${line('MEAN_LINE')}`);
    // Three ops on one authored line are one frame, its source at the first call's column (V8's
    // column of a call is that of the function's name: `mean`).
    assert.deepEqual(mean?.children.map((op) => op.name).sort(), ['mean', 'square', 'sub']);
    assert.deepEqual(mean?.source, { path: program, line: line('MEAN_LINE'), column: 13 });
    assert.ok(!all.some((name) => /main\.ts:2$/.test(name)), all.join('\n'));

    const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
    assert.deepEqual(
      tape.nodes.map((node) => `${node.op}:${node.source?.line}`),
      [`BatchMatMul:${line('MATMUL_LINE')}`, `Sub:${line('MEAN_LINE')}`, `Square:${line('MEAN_LINE')}`, `Mean:${line('MEAN_LINE')}`],
    );
  });

  it('stops on a NaN naming its authored line', async () => {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
      client.launch({ program, env: { NAN: '1' }, breakOnNaN: true }),
    ]);
    const { body } = await stopped;
    assert.equal(body.description, `NaN/Inf in output of Log (main.ts:${line('NAN_LINE')})`);
  });
});
