/**
 * The recorder's hooks in a program of their own (test/fixtures/recorderHooks.js, preloaded
 * with the built runtime), on the cpu and the wasm backend: a custom gradient's kernels nest
 * under one kernel and its tape node is one node with the user's line; the hooks keep recording
 * across `tf.setBackend` and `engine.reset()`; a profile reset starts a new recording; the
 * newest `maxTapes` tapes are kept and the ring keeps `maxProfileEvents` events, counting the
 * dropped ones.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { markersOf } from '../lineMarkers';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const program = path.join(repoRoot, 'test', 'fixtures', 'recorderHooks.js');
const line = markersOf(program);

interface HooksReport {
  custom: { gradient: number[]; nodes: { op: string; line?: number }[]; kernels: string[] };
  afterSetBackend: string[];
  afterReset: { kernels: string[]; nodes: { op: string; line?: number }[] };
  emptyAfterReset: { events: number; byOp: number };
  tapesKept: number;
  bounded: { events: number; dropped: number };
}

function run(backend: string): HooksReport {
  const output = execFileSync('node', ['-r', path.join(repoRoot, 'dist', 'runtime.js'), program], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env: {
      ...process.env,
      TFJS_BACKEND: backend,
      TFJS_DEBUGGER_SETTINGS: JSON.stringify({ profile: true, captureTape: true, maxTapes: 3, maxProfileEvents: 60 }),
    },
  });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as HooksReport;
}

for (const backend of ['cpu', 'wasm']) {
  describe(`recorder hooks on the ${backend} backend`, () => {
    let report: HooksReport;
    before(function () {
      this.timeout(60_000);
      report = run(backend);
    });

    it("records a custom gradient as one kernel holding its own, and one tape node with the user's line", () => {
      // The custom gradient passes dy · sign(x) for x = [1, -2, 3].
      assert.deepEqual(report.custom.gradient, [1, -1, 1]);
      // The engine's clones of the tensors saved for backprop are bookkeeping, not recorded.
      const gradsLine = line('CUSTOM_GRADS_LINE');
      assert.deepEqual(report.custom.nodes, [
        { op: 'customGrad', line: gradsLine },
        { op: 'Sum', line: gradsLine },
      ]);
      const { kernels } = report.custom;
      assert.equal(kernels[0], `customGrad:forward:1@${gradsLine}`);
      assert.ok(kernels.indexOf(`Multiply:forward:2@${gradsLine}`) > 0, kernels.join(' '));
      // The custom gradient function's own kernel runs in the backward pass.
      assert.ok(kernels.includes('Sign:backward:1'), kernels.join(' '));
    });

    it("keeps recording across tf.setBackend, with each op's line", () => {
      assert.deepEqual(report.afterSetBackend, [`Square:forward:1@${line('SQUARE_OTHER_BACKEND_LINE')}`, `Neg:forward:1@${line('NEG_LINE')}`]);
    });

    it('keeps recording kernels and tapes across engine.reset()', () => {
      const stepLine = line('STEP_GRADS_LINE');
      assert.equal(report.afterReset.kernels[0], `Multiply:forward:1@${stepLine}`);
      assert.ok(
        report.afterReset.kernels.some((kernel) => kernel.endsWith(':backward:1')),
        report.afterReset.kernels.join(' '),
      );
      assert.deepEqual(report.afterReset.nodes, [
        { op: 'Multiply', line: stepLine },
        { op: 'Sum', line: stepLine },
      ]);
    });

    it('starts a new recording when the profile is read with reset', () => {
      assert.deepEqual(report.emptyAfterReset, { events: 0, byOp: 0 });
    });

    it('keeps the newest maxTapes tapes and maxProfileEvents kernels, counting those dropped', () => {
      assert.equal(report.tapesKept, 3);
      assert.equal(report.bounded.events, 60);
      // 100 Neg kernels alone came after the last reset.
      assert.ok(report.bounded.dropped >= 40, String(report.bounded.dropped));
    });
  });
}
