/**
 * Fault suite, long runs: a training loop of 1,500 steps under the debugger with the recorder
 * on (profile, tapes, source lines) keeps its memory bounded: the kernel ring at its
 * `maxProfileEvents` with the rest counted as dropped, `maxTapes` tapes kept, the program's tensor
 * count and heap flat. The full 10,000 steps run in bench/ (soak.bench.ts).
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TapeBody } from '../../protocol/customRequests';
import type { ProfileBody } from '../../protocol/runtimeApi';
import { clientPerTest, runToBreakpoint } from '../adapter/support';
import { lineOf } from '../lineMarkers';
import { faultFixture } from './faultSupport';

const program = faultFixture('soak.js');
const steps = 1500;
const maxProfileEvents = 20_000;

describe('faults: a long training run under the debugger', function () {
  this.timeout(120_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  it('keeps the recorder and the program bounded over 1,500 steps', async () => {
    let stdout = '';
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
    });
    await runToBreakpoint(client, { program, env: { SOAK_STEPS: String(steps) }, runtimeArgs: ['--expose-gc'], maxProfileEvents, maxTapes: 4 }, program, [
      lineOf(program, 'SOAK_DONE_LINE'),
    ]);
    const profile = (await client.customRequest('tfjs/profile')).body as ProfileBody;
    assert.equal(profile.events, maxProfileEvents);
    assert.ok(profile.droppedEvents > 2 * maxProfileEvents, `${profile.droppedEvents} dropped`);
    const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
    assert.equal(tape.count, 4);
    assert.ok(tape.nodes.some((node) => /MatMul/.test(node.op) && node.gradient));
    const reports = [...stdout.matchAll(/^step (\d+) loss \S+ tensors (\d+) heapMB (\S+)$/gm)].map((match) => ({
      step: Number(match[1]),
      tensors: Number(match[2]),
      heapMb: Number(match[3]),
    }));
    assert.deepEqual(
      reports.map((report) => report.step),
      [250, 500, 750, 1000, 1250, 1500],
    );
    assert.deepEqual(new Set(reports.map((report) => report.tensors)).size, 1, `tensor counts ${reports.map((report) => report.tensors).join(', ')}`);
    const growth = reports[reports.length - 1].heapMb - reports[0].heapMb;
    assert.ok(growth < 3, `the heap grew by ${growth.toFixed(1)} MB from step 250 to ${steps}`);
  });
});
