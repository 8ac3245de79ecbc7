/**
 * The spine, driven through the real adapter process: launch the example, stop inside the
 * model function, read tensors in Variables, evaluate in the REPL, run to the end.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, exampleLine, exampleProgram, fixture, isAlive, localVariables, repl, runToBreakpoint, topFrame } from './support';

/** Line of `return output;` inside `model()` in examples/mlp/train.js. */
const modelReturnLine = exampleLine('MODEL_RETURN_LINE');

/** The numbers of a presentation string: `float32[64,1] min=1 max=2 ...` → {min: 1, ...}. */
function statsOf(value: string): Record<string, number> {
  return Object.fromEntries([...value.matchAll(/(\w+)=(\S+)/g)].map(([, key, number]) => [key, Number(number)]));
}

function assertClose(actual: number, expected: number, what: string): void {
  const tolerance = Math.max(Math.abs(expected) * 1e-3, 1e-6);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} to 4 significant digits`);
}

describe('spine: launch, stop in model code, read tensors', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  async function stopInModel(): Promise<DebugProtocol.StackFrame> {
    const stopped = await runToBreakpoint(client, { program: exampleProgram, env: { MLP_STEPS: '2' } }, exampleProgram, [modelReturnLine]);
    assert.equal(stopped.body.reason, 'breakpoint');
    return topFrame(client);
  }

  it('stops at the breakpoint inside model() with the program as the top frame', async () => {
    const frame = await stopInModel();
    assert.equal(frame.source?.path, exampleProgram);
    assert.equal(frame.line, modelReturnLine);
    assert.equal(frame.name, 'model');
  });

  it('shows local tensors with statistics equal to what tfjs computes', async () => {
    const frame = await stopInModel();
    const locals = await localVariables(client, frame.id);
    const output = locals.get('output');
    assert.ok(output, 'a variable named output');
    assert.match(output.value, /^float32\[64,1\] min=\S+ max=\S+ mean=\S+ std=\S+$/);
    assert.equal(output.type, 'tf.Tensor');
    assert.equal(output.evaluateName, 'output');
    assert.ok(output.variablesReference > 0);

    const expected = JSON.parse(
      await repl(
        client,
        'JSON.stringify([output.min().dataSync()[0], output.max().dataSync()[0], output.mean().dataSync()[0], Math.sqrt(tf.moments(output).variance.dataSync()[0])])',
        frame.id,
      ).then((text) => text.slice(1, -1).replace(/\\'/g, "'")),
    ) as number[];
    const stats = statsOf(output.value);
    assertClose(stats.min, expected[0], 'min');
    assertClose(stats.max, expected[1], 'max');
    assertClose(stats.mean, expected[2], 'mean');
    assertClose(stats.std, expected[3], 'std');

    const hidden = locals.get('hidden');
    assert.match(hidden?.value ?? '', /^float32\[64,16\] min=0 max=/);
  });

  it('pages a tensor by its first axis, with sub-tensors and numbers as children', async () => {
    const frame = await stopInModel();
    const hidden = (await localVariables(client, frame.id)).get('hidden') as DebugProtocol.Variable;
    assert.equal(hidden.indexedVariables, 64);
    assert.equal(hidden.namedVariables, 2);

    const named = await client.variablesRequest({ variablesReference: hidden.variablesReference, filter: 'named' });
    assert.deepEqual(
      named.body.variables.map((v) => [v.name, v.value]),
      [
        ['shape', '[64, 16]'],
        ['dtype', "'float32'"],
      ],
    );
    const page = await client.variablesRequest({ variablesReference: hidden.variablesReference, filter: 'indexed', start: 10, count: 3 });
    assert.deepEqual(
      page.body.variables.map((v) => v.name),
      ['[10]', '[11]', '[12]'],
    );
    const row = page.body.variables[0];
    assert.match(row.value, /^float32\[16\] min=\S+ max=\S+ mean=\S+ std=\S+$/);
    assert.equal(row.indexedVariables, 16);

    const leaves = await client.variablesRequest({ variablesReference: row.variablesReference, filter: 'indexed', start: 0, count: 16 });
    const expectedRow = JSON.parse(await repl(client, 'JSON.stringify(hidden.arraySync()[10])', frame.id).then((t) => t.slice(1, -1))) as number[];
    assert.equal(leaves.body.variables.length, 16);
    leaves.body.variables.forEach((leaf, i) => assertClose(Number(leaf.value), expectedRow[i], `hidden[10][${i}]`));
  });

  it('evaluates tf ops on the paused frame in the REPL', async () => {
    const frame = await stopInModel();
    assert.equal(await repl(client, 'tf.matMul(hidden, w2).shape', frame.id), '[64, 1]');
    const sum = await repl(client, 'tf.add(output, 1)', frame.id);
    assert.match(sum, /^float32\[64,1\] min=/);
  });

  it('answers a failing op with tfjs’s message and stays paused', async () => {
    const frame = await stopInModel();
    await assert.rejects(
      client.evaluateRequest({ expression: 'tf.matMul(hidden, hidden)', frameId: frame.id, context: 'repl' }),
      /Error in matMul: inner shapes \(16\) and \(64\)/,
    );
    assert.equal(await repl(client, 'output.shape', frame.id), '[64, 1]');
  });

  it('reads Variables without creating or disposing a tensor', async () => {
    const frame = await stopInModel();
    const before = await client.customRequest('tfjs/memory');
    const ids = await repl(client, 'JSON.stringify([input.id, hidden.id, output.id])', frame.id);
    const locals = await localVariables(client, frame.id);
    for (const variable of locals.values()) {
      if (variable.variablesReference > 0) await client.variablesRequest({ variablesReference: variable.variablesReference });
    }
    const after = await client.customRequest('tfjs/memory');
    assert.equal(after.body.numTensors, before.body.numTensors);
    assert.equal(await repl(client, 'JSON.stringify([input.id, hidden.id, output.id])', frame.id), ids);
    assert.equal(before.body.backend, 'cpu');
  });

  it('runs to exit code 0 and leaves no process behind', async () => {
    await stopInModel();
    const pid = Number(await repl(client, 'process.pid'));
    assert.ok(isAlive(pid));
    const exited = client.waitForEvent('exited');
    const terminated = client.waitForEvent('terminated');
    await client.setBreakpointsRequest({ source: { path: exampleProgram }, breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 0);
    await terminated;
    assert.equal(isAlive(pid), false);
  });
});

describe('spine: the wasm backend', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  it('reads tensors that live in wasm memory, without creating any', async () => {
    await runToBreakpoint(client, { program: exampleProgram, env: { MLP_STEPS: '1', TFJS_BACKEND: 'wasm' } }, exampleProgram, [modelReturnLine]);
    const frame = await topFrame(client);
    const before = await client.customRequest('tfjs/memory');
    assert.equal(before.body.backend, 'wasm');
    const output = (await localVariables(client, frame.id)).get('output') as DebugProtocol.Variable;
    assert.match(output.value, /^float32\[64,1\] min=\S+ max=\S+ mean=\S+ std=\S+$/);
    const mean = Number(await repl(client, 'output.mean().dataSync()[0]', frame.id));
    assertClose(statsOf(output.value).mean, mean, 'mean');
    const after = await client.customRequest('tfjs/memory');
    assert.equal(after.body.numTensors, before.body.numTensors);
  });
});

describe('spine: launch errors', function () {
  this.timeout(20_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  it('answers a missing program with its path', async () => {
    const missing = '/work/nowhere/nope.js';
    await client.initializeRequest();
    await assert.rejects(client.launch({ program: missing }), (error: Error) => {
      assert.equal(error.message, `program: ${missing} does not exist`);
      return true;
    });
  });
});

describe('spine: the backend launch argument', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  it('runs the program on the backend of the launch configuration, loading its package', async () => {
    let stderr = '';
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stderr') stderr += event.body.output;
    });
    await runToBreakpoint(client, { program: exampleProgram, backend: 'wasm', env: { MLP_STEPS: '1' } }, exampleProgram, [modelReturnLine]);
    const memory = (await client.customRequest('tfjs/memory')).body;
    assert.equal(memory.backend, 'wasm');
    assert.match(stderr, /tf\.setBackend\('cpu'\) runs on "wasm", the backend of the launch configuration\./);
    const frame = await topFrame(client);
    assert.match((await localVariables(client, frame.id)).get('output')?.value ?? '', /^float32\[64,1\] min=/);
  });

  /** Runs backendChoice.js to its end; its output lines about the backend and the runtime's notices. */
  async function runChoice(backend: string, env: Record<string, string>): Promise<{ printed: string[]; notices: string[] }> {
    let stdout = '';
    let stderr = '';
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stdout') stdout += event.body.output;
      if (event.body.category === 'stderr') stderr += event.body.output;
    });
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    const terminated = client.waitForEvent('terminated');
    await Promise.all([client.configurationSequence(), client.launch({ program: fixture('backendChoice.js'), backend, env })]);
    assert.equal((await exited).body.exitCode, 0, stderr);
    await terminated;
    const lines = (text: string, pattern: RegExp): string[] => text.split('\n').filter((line) => pattern.test(line));
    return { printed: lines(stdout, /^(first op|end) on /), notices: lines(stderr, /^tfjs-debugger:/) };
  }

  const turned = (name: string, wanted: string): string =>
    `tfjs-debugger: tf.setBackend('${name}') runs on "${wanted}", the backend of the launch configuration.`;
  const cases: { backend: string; env: Record<string, string>; notices: string[] }[] = [
    { backend: 'wasm', env: { CHOICE: 'none' }, notices: [] },
    { backend: 'wasm', env: { CHOICE: 'ready' }, notices: [] },
    { backend: 'wasm', env: { CHOICE: 'setBackend:cpu' }, notices: [turned('cpu', 'wasm')] },
    { backend: 'wasm', env: { CHOICE: 'top' }, notices: [] },
    { backend: 'cpu', env: { CHOICE: 'none', LOAD_WASM: '1' }, notices: [] },
    { backend: 'cpu', env: { CHOICE: 'ready', LOAD_WASM: '1' }, notices: [] },
    { backend: 'cpu', env: { CHOICE: 'setBackend:wasm', LOAD_WASM: '1' }, notices: [turned('wasm', 'cpu')] },
    { backend: 'cpu', env: { CHOICE: 'top', LOAD_WASM: '1' }, notices: [] },
  ];
  for (const { backend, env, notices } of cases) {
    it(`runs a program choosing ${env.CHOICE}${env.LOAD_WASM ? ' with wasm loaded' : ''} on "${backend}" from its first op`, async () => {
      const run = await runChoice(backend, env);
      assert.deepEqual(run.printed, [`first op on ${backend}`, `end on ${backend}`]);
      assert.deepEqual(run.notices, notices);
    });
  }
});
