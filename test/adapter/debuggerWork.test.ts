/**
 * What the debugger runs is not the program's work (docs/protocol.md, Watch, hover and REPL):
 * Debug Console, Watch and hover evaluations, logpoints, conditions, `tfjs/tensor` views and
 * every edit path leave the profile, the tapes, the memory deltas and the NaN sentinel as a run
 * without them records them, on the cpu and wasm backends. An edit made inside the loss
 * function of `optimizer.minimize` changes the tape only by the new value: the next op still
 * reads the node that produced the edited tensor, and the gradients flow through it.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TapeBody, TensorResponseBody } from '../../protocol/customRequests';
import type { FlameNode, MemoryInfo, ProfileBody } from '../../protocol/runtimeApi';
import { lineOf } from '../lineMarkers';
import { fixture, floats, repl, startClient, topFrame, waitForOutput } from './support';

const program = fixture('trainingStep.js');
/** `const prediction = tf.matMul(hidden, w2);` inside the loss function: `hidden` is made, the next BatchMatMul not yet run. */
const lossLine = lineOf(program, 'LOSS_LINE');
/** `return tf.mean(...)` inside the loss function. */
const returnLine = lineOf(program, 'RETURN_LINE');
/** `console.log(step ... loss ...)` after each training step. */
const afterStepLine = lineOf(program, 'AFTER_STEP_LINE');
/** The program's own NaN (with NAN set). */
const nanLine = lineOf(program, 'NAN_LINE');

/** A flame frame without its times. */
interface FrameShape {
  name: string;
  count?: number;
  shapes?: string[];
  line?: number;
  children: FrameShape[];
}

/** A tape node by its op, line and where its inputs come from: `#k` (node k's output), a variable's name, or an outside tensor's shape. */
interface NodeShape {
  op: string;
  line?: number;
  inputs: string[];
  outputs: string[];
}

/** What the tests compare: everything the recorder and the memory deltas answer, less the times. */
interface Recording {
  backend: string;
  events: number;
  byOp: string[];
  tree: FrameShape;
  tapes: NodeShape[][];
  sincePreviousStop: MemoryInfo['sincePreviousStop'];
}

function frameShape(node: FlameNode): FrameShape {
  const children = node.children.map(frameShape).sort((a, b) => `${a.line}:${a.name}`.localeCompare(`${b.line}:${b.name}`));
  return { name: node.name, count: node.count, shapes: node.shapes, line: node.source?.line, children };
}

function tapeShape(tape: TapeBody): NodeShape[] {
  const producer = new Map<number, number>();
  tape.nodes.forEach((node, place) => node.outputs.forEach((output) => producer.set(output.id, place)));
  const names = new Map(tape.sources.map((source) => [source.id, source.name ?? `source ${source.id}`]));
  return tape.nodes.map((node) => ({
    op: node.op,
    line: node.source?.line,
    inputs: node.inputs.map((input) =>
      producer.has(input.id) ? `#${producer.get(input.id)}` : (names.get(input.id) ?? `${input.dtype}[${input.shape.join(',')}]`),
    ),
    outputs: node.outputs.map((output) => `${output.dtype}[${output.shape.join(',')}]`),
  }));
}

/** A small matrix product, for the values the program should compute after an edit. */
function matMul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((sum, value, k) => sum + value * b[k][j], 0)));
}

const transpose = (a: number[][]): number[][] => a[0].map((_, j) => a.map((row) => row[j]));

function assertClose(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-5, `${what}[${i}]: ${value} vs ${expected[i]} (${JSON.stringify(actual)})`));
}

/** The debugger's work done at the stop inside the loss function, given the client and the frame. */
type Work = (client: DebugClient, frameId: number) => Promise<void>;

/** One run of the fixture, and what it recorded at the stops around the work. */
interface Run {
  /** At the loss function's stop of the second step, before and after the work. */
  beforeWork: Recording;
  afterWork: Recording;
  /** At the stop after the second step. */
  afterStep: Recording;
  stdout: string;
  console: string;
}

for (const backend of ['cpu', 'wasm'])
  describe(`the debugger's own work on the ${backend} backend`, function () {
    this.timeout(120_000);
    const env = { TFJS_BACKEND: backend };
    let client: DebugClient;
    let stdout = '';
    let consoleOutput = '';

    async function start(): Promise<void> {
      client = await startClient();
      stdout = '';
      consoleOutput = '';
      client.on('output', (event: DebugProtocol.OutputEvent) => {
        if (event.body.category === 'stdout') stdout += event.body.output;
        if (event.body.category === 'console') consoleOutput += event.body.output;
        if (process.env.SHOW_OUTPUT) process.stderr.write(event.body.output);
      });
    }
    afterEach(async () => {
      await client?.stop();
    });

    async function record(): Promise<Recording> {
      const profile = (await client.customRequest('tfjs/profile')).body as ProfileBody;
      const memory = (await client.customRequest('tfjs/memory')).body as MemoryInfo;
      const tapes: NodeShape[][] = [];
      const last = (await client.customRequest('tfjs/tape').catch(() => undefined))?.body as TapeBody | undefined;
      for (let index = 0; last && index < last.count; index++) tapes.push(tapeShape((await client.customRequest('tfjs/tape', { index })).body as TapeBody));
      return {
        backend: memory.backend,
        events: profile.events,
        byOp: profile.byOp.map((op) => `${op.op} ×${op.count}`).sort(),
        tree: frameShape(profile.root),
        tapes,
        sincePreviousStop: memory.sincePreviousStop,
      };
    }

    /** Waits for the next stop and says where it is. */
    async function nextStop(run: () => Promise<unknown>): Promise<{ reason: string; line: number; frameId: number; description?: string }> {
      const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await run();
      const event = await stopped;
      const frame = await topFrame(client);
      return { reason: event.body.reason, line: frame.line, frameId: frame.id, description: event.body.description };
    }

    const resume = (): Promise<unknown> => client.continueRequest({ threadId: 1 });

    /**
     * Runs the fixture with breakpoints in the loss function and after each step (and `extra`
     * ones), does `work` at the loss function's stop of the second step, `afterStep` at the
     * stop after it, and runs to the end.
     */
    async function trainWith(work: Work, extra: DebugProtocol.SourceBreakpoint[] = [], afterStep?: () => Promise<void>): Promise<Run> {
      await start();
      const breakpoints = [{ line: lossLine }, { line: afterStepLine }, ...extra];
      const launched = () =>
        Promise.all([
          client.waitForEvent('initialized').then(async () => {
            await client.setBreakpointsRequest({ source: { path: program }, breakpoints });
            await client.configurationDoneRequest();
          }),
          client.launch({ program, env }),
        ]);
      assert.equal((await nextStop(launched)).line, lossLine);
      assert.equal((await nextStop(resume)).line, afterStepLine);
      const atWork = await nextStop(resume);
      assert.equal(atWork.line, lossLine);
      const beforeWork = await record();
      await work(client, atWork.frameId);
      const afterWork = await record();
      const afterStepStop = await nextStop(resume);
      assert.deepEqual([afterStepStop.reason, afterStepStop.line], ['breakpoint', afterStepLine]);
      const recorded = await record();
      await afterStep?.();
      const terminated = client.waitForEvent('terminated');
      await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
      await resume();
      await terminated;
      return { beforeWork, afterWork, afterStep: recorded, stdout, console: consoleOutput };
    }

    let baseline: Run;
    before(async () => {
      baseline = await trainWith(async () => undefined);
      await client.stop();
      assert.match(baseline.stdout, /^step 1 loss [\d.]+$/m);
      assert.equal(baseline.afterStep.backend, backend);
      // The recording is what the fixture does: two tapes of six nodes, the second BatchMatMul reading the Relu.
      assert.equal(baseline.afterStep.tapes.length, 2);
      assert.deepEqual(
        baseline.afterStep.tapes[1].map((node) => `${node.op}(${node.inputs.join(', ')})`),
        ['BatchMatMul(float32[3,2], w1)', 'Relu(#0)', 'BatchMatMul(#1, w2)', 'Sub(#2, float32[3,1])', 'Square(#3)', 'Mean(#4)'],
      );
      assert.ok(baseline.afterStep.sincePreviousStop, 'the memory delta since the stop in the loss function');
    });

    /** The program's printed lines: the losses of both steps and the trained weights. */
    const printed = (run: Run): string[] => run.stdout.split('\n').filter((line) => /^(step|w1) /.test(line));

    /** Asserts that the run recorded what the baseline did, at every stop; `same` also compares what it printed. */
    function assertUntouched(run: Run, same = true): void {
      assert.deepEqual(run.beforeWork, baseline.beforeWork, 'at the stop, before the work');
      assert.deepEqual(run.afterWork, baseline.beforeWork, 'at the stop, after the work');
      assert.deepEqual(run.afterStep, baseline.afterStep, 'after the step');
      if (same) assert.deepEqual(printed(run), printed(baseline));
    }

    it('a Debug Console tf.matMul records no kernel, scope, tape or memory delta', async () => {
      const run = await trainWith(async (client, frameId) => {
        assert.match(await repl(client, 'tf.matMul(tf.ones([200, 200]), tf.ones([200, 200]))', frameId), /^float32\[200,200\] min=200 max=200/);
        assert.match(await repl(client, 'tf.matMul(hidden, w2)', frameId), /^float32\[3,1\] min=/);
        assert.match(await repl(client, 'tf.grad((h) => tf.sum(tf.square(h)))(hidden)', frameId), /^float32\[3,3\] min=/);
      });
      assertUntouched(run);
    });

    it('a Watch expression and hovers record nothing', async () => {
      const run = await trainWith(async (client, frameId) => {
        const watch = await client.evaluateRequest({ expression: 'tf.sum(tf.matMul(hidden, w2))', frameId, context: 'watch' });
        assert.match(watch.body.result, /^float32\[\] /);
        // The thumbnail hover's read of the tensor (the adapter leaves the debug hover to it).
        await assert.rejects(client.evaluateRequest({ expression: 'hidden', frameId, context: 'hover' }), /TF\.js thumbnail hover/);
        const view = await client.customRequest('tfjs/tensor', { expression: 'hidden', frameId, maxSize: [64, 64] });
        assert.deepEqual(view.body.shape, [3, 3]);
        // A hover may not run code with side effects: an op is refused before it runs.
        await assert.rejects(
          client.evaluateRequest({ expression: 'tf.matMul(hidden, w2)', frameId, context: 'hover' }),
          /Possible side-effect in debug-evaluate/,
        );
      });
      assertUntouched(run);
    });

    it('a logpoint printing tensors made by ops records nothing', async () => {
      const run = await trainWith(async () => undefined, [{ line: returnLine, logMessage: 'sum {tf.sum(tf.matMul(hidden, w2))}' }]);
      assert.match(run.console, /^sum float32\[\] [\d.]+$/m);
      assert.equal(run.console.match(/^sum /gm)?.length, 2);
      assertUntouched(run);
    });

    it('a condition that runs a tf op records nothing', async () => {
      const run = await trainWith(async () => undefined, [{ line: returnLine, condition: 'tf.sum(tf.matMul(hidden, w2)).dataSync()[0] > 1e9' }]);
      assertUntouched(run);
    });

    it('tfjs/tensor views of a tensor and of an expression that runs ops record nothing', async () => {
      const run = await trainWith(async (client, frameId) => {
        const hidden = (await client.customRequest('tfjs/tensor', { expression: 'hidden', frameId })).body as TensorResponseBody;
        assert.deepEqual(hidden.shape, [3, 3]);
        const product = (await client.customRequest('tfjs/tensor', { expression: 'tf.matMul(hidden, w2)', frameId })).body as TensorResponseBody;
        assert.deepEqual(product.shape, [3, 1]);
      });
      assertUntouched(run);
    });

    /** The scope reference holding `name` in the frame, and the variable. */
    async function variableIn(frameId: number, name: string): Promise<{ reference: number; variable: DebugProtocol.Variable }> {
      const { body } = await client.scopesRequest({ frameId });
      for (const scope of body.scopes) {
        const { body: vars } = await client.variablesRequest({ variablesReference: scope.variablesReference });
        const variable = vars.variables.find((candidate) => candidate.name === name);
        if (variable) return { reference: scope.variablesReference, variable };
      }
      throw new Error(`no variable ${name} in frame ${frameId}`);
    }

    const edits: [string, Work][] = [
      [
        'setVariable of a tensor',
        async (client, frameId) => {
          const { reference } = await variableIn(frameId, 'hidden');
          const set = await client.setVariableRequest({ variablesReference: reference, name: 'hidden', value: '[[1, 2, 3], [4, 5, 6], [7, 8, 9]]' });
          assert.equal(set.body.value, 'float32[3,3] min=1 max=9 mean=5 std=2.582');
        },
      ],
      [
        'setVariable of a row',
        async (client, frameId) => {
          const { variable } = await variableIn(frameId, 'hidden');
          const set = await client.setVariableRequest({ variablesReference: variable.variablesReference, name: '[1]', value: '[0, 0, 0]' });
          assert.match(set.body.value, /^float32\[3,3\] min=0 /);
        },
      ],
      [
        'setVariable of a tf.Variable',
        async (client, frameId) => {
          const { reference } = await variableIn(frameId, 'w2');
          const set = await client.setVariableRequest({ variablesReference: reference, name: 'w2', value: 'tf.mul(w2, 2)' });
          assert.match(set.body.value, /^float32\[3,1\] min=/);
        },
      ],
      [
        'setExpression to an expression that runs an op',
        async (client, frameId) => {
          const args: DebugProtocol.SetExpressionArguments = { expression: 'hidden', value: 'tf.onesLike(hidden)', frameId };
          const set = (await client.send('setExpression', args)) as DebugProtocol.SetExpressionResponse;
          assert.equal(set.body.value, 'float32[3,3] min=1 max=1 mean=1 std=0');
        },
      ],
      [
        'tfjs/setTensor of the whole tensor',
        async (client, frameId) => {
          const set = await client.customRequest('tfjs/setTensor', { expression: 'hidden', frameId, value: 2 });
          assert.equal(set.body.value, 'float32[3,3] min=2 max=2 mean=2 std=0');
        },
      ],
    ];
    for (const [name, edit] of edits) {
      it(`${name} inside the loss function keeps the recordings and the tape's links`, async () => {
        const run = await trainWith(edit);
        assertUntouched(run, false);
        assert.notDeepEqual(printed(run), printed(baseline), 'the edit changes what the program computes');
      });
    }

    it('a heatmap cell edit inside the loss function changes only the value: the next op reads the producer, gradients flow through it', async () => {
      const read = async (expression: string, frameId: number): Promise<number[][]> =>
        JSON.parse((await repl(client, `JSON.stringify(${expression}.arraySync())`, frameId)).slice(1, -1)) as number[][];
      const values: Record<string, number[][]> = {};
      const gradients: Record<string, number[]> = {};
      const run = await trainWith(
        async (client, frameId) => {
          for (const name of ['x', 'y', 'w1', 'w2']) values[name] = await read(name, frameId);
          const set = await client.customRequest('tfjs/setTensor', { expression: 'hidden', frameId, index: [0, 1], value: 5 });
          assert.match(set.body.value, /^float32\[3,3\] min=\S+ max=5 /);
          values.hidden = await read('hidden', frameId);
          assert.equal(values.hidden[0][1], 5);
        },
        [],
        async () => {
          const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
          for (const source of tape.sources) {
            const target = { tape: tape.id, tensorId: source.id, kind: 'gradient' };
            gradients[source.name ?? ''] = floats((await client.customRequest('tfjs/tensor', target)).body as TensorResponseBody);
          }
        },
      );
      assertUntouched(run, false);
      // The loss the program printed for the step is that of the edited hidden layer...
      const { x, y, w1, w2, hidden } = values;
      const residual = matMul(hidden, w2).map((row, i) => row[0] - y[i][0]);
      const loss = residual.reduce((sum, r) => sum + r * r, 0) / residual.length;
      assertClose([Number(/^step 1 loss (\S+)$/m.exec(run.stdout)?.[1])], [loss], 'loss');
      // ...and the gradients are those through the edited value: into w2, and on through the Relu into w1.
      const dPrediction = residual.map((r) => [(2 * r) / residual.length]);
      const dHidden = matMul(dPrediction, transpose(w2));
      const preActivation = matMul(x, w1);
      const dPreActivation = dHidden.map((row, i) => row.map((g, j) => (preActivation[i][j] > 0 ? g : 0)));
      assertClose(gradients.w2, matMul(transpose(hidden), dPrediction).flat(), 'gradient of w2');
      assertClose(gradients.w1, matMul(transpose(x), dPreActivation).flat(), 'gradient of w1');
    });

    it('a NaN made by an evaluation, a view, a logpoint or a condition stops nothing; the program’s own NaN still stops', async () => {
      await start();
      const breakpoints: DebugProtocol.SourceBreakpoint[] = [
        { line: lossLine },
        { line: returnLine, logMessage: 'log {tf.log(tf.scalar(-1))}' },
        { line: afterStepLine, condition: 'Number.isNaN(tf.log(tf.scalar(-1)).dataSync()[0])' },
      ];
      const launched = () =>
        Promise.all([
          client.waitForEvent('initialized').then(async () => {
            await client.setBreakpointsRequest({ source: { path: program }, breakpoints });
            await client.configurationDoneRequest();
          }),
          client.launch({ program, env: { ...env, NAN: '1' }, breakOnNaN: true }),
        ]);
      const first = await nextStop(launched);
      assert.deepEqual([first.reason, first.line], ['breakpoint', lossLine]);
      assert.equal(await repl(client, 'tf.log(tf.scalar(-1))', first.frameId), 'float32[] NaN');
      const watch = await client.evaluateRequest({ expression: 'tf.log(tf.sub(hidden, 100))', frameId: first.frameId, context: 'watch' });
      assert.match(watch.body.result, /^float32\[3,3\] .*NaN=9$/);
      const view = (await client.customRequest('tfjs/tensor', { expression: 'tf.log(tf.sub(hidden, 100))', frameId: first.frameId }))
        .body as TensorResponseBody;
      assert.equal(view.stats.nanCount, 9);
      const afterStep = await nextStop(resume);
      assert.deepEqual([afterStep.reason, afterStep.line], ['breakpoint', afterStepLine]);
      await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [breakpoints[1]] });
      const nan = await nextStop(resume);
      assert.deepEqual([nan.reason, nan.line, nan.description], ['exception', nanLine, `NaN/Inf in output of Log (trainingStep.js:${nanLine})`]);
      assert.deepEqual(consoleOutput.match(/^log .*$/gm), ['log float32[] NaN', 'log float32[] NaN']);
    });

    it('a NaN made by a Debug Console evaluation while the program runs stops nothing and records nothing', async () => {
      await start();
      const trained = waitForOutput(client, 'stdout', 'w1 ');
      await Promise.all([client.configurationSequence(), client.launch({ program, env: { ...env, LINGER_MS: '5000' }, breakOnNaN: true })]);
      await trained;
      const profile = async (): Promise<string[]> =>
        ((await client.customRequest('tfjs/profile')).body as ProfileBody).byOp.map((op) => `${op.op} ×${op.count}`);
      const before = await profile();
      const stopped = (client.waitForEvent('stopped', 3_000) as Promise<DebugProtocol.StoppedEvent>).then(
        (event) => `stopped: ${event.body.description}`,
        () => 'not stopped',
      );
      const evaluated = client.evaluateRequest({ expression: 'tf.log(tf.scalar(-1))', context: 'repl' }).then((response) => response.body.result);
      assert.equal(await Promise.race([stopped, evaluated]), 'float32[] NaN');
      assert.deepEqual(await profile(), before);
      assert.equal(await stopped, 'not stopped');
    });
  });
