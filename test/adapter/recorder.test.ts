/**
 * The instrumented runtime through the real adapter: `tfjs/profile` (flame tree, per-kernel
 * totals, Chrome trace), `tfjs/tape` with gradients per node, and stopping where a NaN is
 * born, on the cpu backend.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TapeBody, TapeTensorKind, TensorResponseBody } from '../../protocol/customRequests';
import type { FlameNode, ProfileBody, SpeedscopeFile, TraceEvent } from '../../protocol/runtimeApi';
import { lineOf } from '../lineMarkers';
import { assertNestsExactly } from '../unit/traceNesting';
import { clientPerTest, fixture, floats, runToBreakpoint, topFrame } from './support';

const program = fixture('profiled.js');
const lastLine = lineOf(program, 'DONE_LINE');
const beforeGradLine = lineOf(program, 'VARIABLE_LINE');
const layerLine = lineOf(program, 'LAYER_LINE');
const gradsLine = lineOf(program, 'GRADS_LINE');
const logLine = lineOf(program, 'LOG_LINE');

function find(node: FlameNode, predicate: (node: FlameNode) => boolean): FlameNode | undefined {
  if (predicate(node)) return node;
  for (const child of node.children) {
    const found = find(child, predicate);
    if (found) return found;
  }
  return undefined;
}

for (const backend of ['cpu', 'wasm'])
  describe(`recorder on the ${backend} backend: profile, tapes and the NaN sentinel`, function () {
    this.timeout(60_000);
    let client: DebugClient;
    clientPerTest((started) => (client = started));
    const env = { TFJS_BACKEND: backend };

    it('shows in byOp that MatMul costs many times Add, with the source line in the flame tree', async () => {
      await runToBreakpoint(client, { program, env }, program, [lastLine]);
      const profile = (await client.customRequest('tfjs/profile')).body as ProfileBody;
      const matMul = profile.byOp.find((op) => /MatMul/.test(op.op));
      const add = profile.byOp.find((op) => op.op === 'Add');
      assert.ok(matMul && add, JSON.stringify(profile.byOp));
      assert.equal(matMul.count, 2);
      assert.ok(matMul.totalMs > 5 * add.totalMs, `MatMul ${matMul.totalMs} ms vs Add ${add.totalMs} ms`);
      assert.equal(profile.root.name, 'program');
      const line = find(profile.root, (node) => node.source?.line === layerLine);
      assert.equal(line?.source?.path, program);
      const matMulOp = line?.children.find((op) => op.name === 'matMul');
      const matMulKernel = matMulOp?.children.find((kernel) => /MatMul/.test(kernel.name));
      assert.ok(matMulKernel, JSON.stringify(line));
      assert.deepEqual(matMulKernel.shapes, ['[512,512] [512,512] → [512,512]']);
      assert.deepEqual(matMulOp?.shapes, matMulKernel.shapes);
      // Calls per frame: layer() ran twice, one matMul and one add each time.
      assert.equal(line?.children.find((op) => op.name === 'matMul')?.count, 2);
      assert.equal(line?.count, 4);
      assert.ok(profile.events >= 4);
      assert.equal(profile.droppedEvents, 0);
    });

    it('exports a Chrome trace whose events nest exactly', async () => {
      await runToBreakpoint(client, { program, env }, program, [lastLine]);
      const { traceEvents } = (await client.customRequest('tfjs/profile', { format: 'chrome-trace' })).body as { traceEvents: TraceEvent[] };
      assert.ok(traceEvents.length > 0);
      assertNestsExactly(traceEvents);
      assert.ok(traceEvents.some((event) => /MatMul/.test(event.name) && event.args.source === `${program}:${layerLine}`));
    });

    it('exports a speedscope file whose opens and closes pair up', async () => {
      await runToBreakpoint(client, { program, env }, program, [lastLine]);
      const file = (await client.customRequest('tfjs/profile', { format: 'speedscope' })).body as SpeedscopeFile;
      assert.equal(file.$schema, 'https://www.speedscope.app/file-format-schema.json');
      const [profile] = file.profiles;
      assert.equal(profile.type, 'evented');
      const open: number[] = [];
      for (const event of profile.events) {
        if (event.type === 'O') open.push(event.frame);
        else assert.equal(open.pop(), event.frame);
      }
      assert.equal(open.length, 0);
      assert.ok(file.shared.frames.some((frame) => frame.line === layerLine && frame.file === program));
      await assert.rejects(client.customRequest('tfjs/profile', { format: 'pprof' }), /format: expected tree, chrome-trace or speedscope, got pprof/);
    });

    it('records the gradient tape of variableGrads with the gradient into each node', async () => {
      await runToBreakpoint(client, { program, env }, program, [lastLine]);
      const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
      assert.equal(tape.count, 1);
      const ops = tape.nodes.map((node) => node.op).filter((op) => op !== 'Identity');
      assert.deepEqual(ops, ['Multiply', 'Square', 'Sum']);
      const square = tape.nodes.find((node) => node.op === 'Square');
      assert.ok(square);
      assert.deepEqual(square.outputs[0].shape, [4]);
      assert.equal(square.source?.line, gradsLine);
      // Without the tape panel's request, forward values are kept where reading them costs no copy.
      const value = client.customRequest('tfjs/tensor', { tape: tape.id, tensorId: square.outputs[0].id, kind: 'value' });
      if (backend === 'cpu') await value;
      else
        await assert.rejects(
          value,
          /the value of tensor \d+ was not kept: on wasm, forward values are kept for the tapes recorded once the tape panel is open \(the next step's, now that it is\)/,
        );
      // d(sum)/d(square) is all ones.
      assert.deepEqual(square.gradient, { shape: [4], stats: { min: 1, max: 1, mean: 1, std: 0, nanCount: 0, infCount: 0 }, norm: 2 });
      // d(sum((2v)²))/dv = 8v for v = [1, 2, 3, 4].
      assert.equal(tape.sources.length, 1);
      const [v] = tape.sources;
      assert.equal(v.name, 'v');
      assert.equal(v.variable, true);
      assert.deepEqual(v.gradient?.stats, { min: 8, max: 32, mean: 20, std: Math.sqrt(80), nanCount: 0, infCount: 0 });
      assert.ok(Math.abs((v.gradient?.norm ?? 0) - Math.sqrt(1920)) < 1e-9);
    });

    it("shows a tape node's forward value and the gradients through tfjs/tensor by tape and tensor id, creating none and leaving the tape as it was", async () => {
      // Asked before the tape is recorded: forward values are then kept on wasm too.
      await runToBreakpoint(client, { program, env }, program, [beforeGradLine, lastLine]);
      await assert.rejects(client.customRequest('tfjs/tape', { values: true }), /no gradient tape recorded yet/);
      const stopped = client.waitForEvent('stopped');
      await client.continueRequest({ threadId: 1 });
      await stopped;
      const frameId = (await topFrame(client)).id;
      const numTensors = async (): Promise<number> =>
        Number((await client.evaluateRequest({ expression: 'tf.memory().numTensors', frameId, context: 'watch' })).body.result);
      const before = await numTensors();
      const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
      const square = tape.nodes.find((node) => node.op === 'Square');
      assert.ok(square);
      const read = async (tensorId: number, kind: TapeTensorKind): Promise<TensorResponseBody> =>
        (await client.customRequest('tfjs/tensor', { tape: tape.id, tensorId, kind, frameId })).body as TensorResponseBody;
      const value = await read(square.outputs[0].id, 'value');
      assert.deepEqual([value.shape, value.dtype, floats(value)], [[4], 'float32', [4, 16, 36, 64]]);
      assert.deepEqual(value.stats, { min: 4, max: 64, mean: 30, std: value.stats.std, nanCount: 0, infCount: 0 });
      const intoSquare = await read(square.outputs[0].id, 'gradient');
      assert.deepEqual([intoSquare.shape, floats(intoSquare)], [[4], [1, 1, 1, 1]]);
      const intoV = await read(tape.sources[0].id, 'gradient');
      assert.deepEqual([intoV.shape, floats(intoV)], [[4], [8, 16, 24, 32]]);
      assert.equal(await numTensors(), before);
      assert.deepEqual((await client.customRequest('tfjs/tape')).body, tape);
    });

    it('answers a tape tensor that is not there, or an edit of one, with the problem and the fix', async () => {
      await runToBreakpoint(client, { program, env }, program, [lastLine]);
      const frameId = (await topFrame(client)).id;
      const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
      const square = tape.nodes.find((node) => node.op === 'Square');
      assert.ok(square);
      const refused = async (name: string, args: Record<string, unknown>, message: string): Promise<void> => {
        await assert.rejects(client.customRequest(name, args), (error: Error) => {
          assert.equal(error.message, message);
          return true;
        });
      };
      await refused(
        'tfjs/tensor',
        { tape: tape.id + 1, tensorId: 1, kind: 'gradient', frameId },
        `tape ${tape.id + 1} was never recorded (the newest is tape ${tape.id}): take a tape's id from tfjs/tape`,
      );
      await refused(
        'tfjs/tensor',
        { tape: tape.id, tensorId: 999_999, kind: 'gradient', frameId },
        `tensor 999999 is not a node output or a source of tape ${tape.id}: take a tensor id from that tape's nodes or sources (tfjs/tape)`,
      );
      await refused('tfjs/tensor', { tape: tape.id, tensorId: square.outputs[0].id, kind: 'grad', frameId }, 'kind: expected value or gradient, got "grad"');
      await refused('tfjs/tensor', { tape: -1, tensorId: 1, kind: 'value' }, `tape: expected a tape's id from tfjs/tape, got -1`);
      await refused('tfjs/tensor', { tape: tape.id, kind: 'value' }, 'tensorId: expected the id of a node output or a source of the tape, got undefined');
      await refused(
        'tfjs/tensor',
        { expression: 'v', tape: tape.id, tensorId: 1, kind: 'value' },
        'expression and tape, tensorId, kind were both given: name the tensor by an expression, or by tape, tensorId and kind, not both',
      );
      const target = { tape: tape.id, tensorId: square.outputs[0].id, kind: 'gradient' };
      await refused(
        'tfjs/setTensor',
        { ...target, frameId, index: [0], value: 5 },
        `the gradient into tensor ${square.outputs[0].id} on tape ${tape.id} cannot be edited: the tape keeps a snapshot taken when the step ran, which the program never reads again; edit the tensor the program holds (in Variables, Watch or the Debug Console)`,
      );
      assert.deepEqual(floats((await client.customRequest('tfjs/tensor', target)).body as TensorResponseBody), [1, 1, 1, 1]);
    });

    it('stops where a NaN is born, naming the kernel and the line', async () => {
      const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await Promise.all([
        client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
        client.launch({ program, breakOnNaN: true, env: { ...env, NAN: '1' } }),
      ]);
      const event = await stopped;
      assert.equal(event.body.reason, 'exception');
      assert.equal(event.body.description, `NaN/Inf in output of Log (profiled.js:${logLine})`);
      const frame = await topFrame(client);
      assert.equal(frame.source?.path, program);
      assert.equal(frame.line, logLine);
      assert.equal(frame.name, 'unstable');
    });

    it('stops on a NaN with the nan exception filter, and reads the profile at that stop', async () => {
      const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await Promise.all([
        client.waitForEvent('initialized').then(async () => {
          await client.setExceptionBreakpointsRequest({ filters: ['nan'] });
          await client.configurationDoneRequest();
        }),
        client.launch({ program, env: { ...env, NAN: '1' } }),
      ]);
      assert.equal((await stopped).body.description, `NaN/Inf in output of Log (profiled.js:${logLine})`);
      await client.setExceptionBreakpointsRequest({ filters: [] });
      const profile = (await client.customRequest('tfjs/profile')).body as ProfileBody;
      assert.ok(profile.byOp.some((op) => op.op === 'Log'));
    });
  });
