/**
 * TypeScript (through tsx) and ES module programs: breakpoints in the authored files bind
 * before their lines run, stack frames and steps are shown in the authored files, and the
 * tensors read as in JavaScript.
 */
import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf, markersOf } from '../lineMarkers';
import { clientPerTest, fixture, localVariables, repl, topFrame } from './support';

describe('TypeScript and ES modules', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  /** Launches with breakpoints in several files and waits for the first stop. */
  async function launchWith(program: string, breakpoints: Record<string, number[]>): Promise<DebugProtocol.StackFrame> {
    const stopped = client.waitForEvent('stopped');
    await Promise.all([
      client.waitForEvent('initialized').then(async () => {
        for (const [file, lines] of Object.entries(breakpoints)) {
          await client.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
        }
        await client.configurationDoneRequest();
      }),
      client.launch({ program }),
    ]);
    await stopped;
    return topFrame(client);
  }

  it('stops in a CommonJS TypeScript file at the authored line, with its tensors', async () => {
    const program = fixture('ts/model.ts');
    const matMulLine = lineOf(program, 'MATMUL_LINE');
    const changed: DebugProtocol.BreakpointEvent[] = [];
    client.on('breakpoint', (event: DebugProtocol.BreakpointEvent) => changed.push(event));
    const frame = await launchWith(program, { [program]: [matMulLine] });
    assert.equal(frame.source?.path, program);
    assert.equal(frame.line, matMulLine);
    assert.equal(frame.name, 'project');
    const locals = await localVariables(client, frame.id);
    assert.equal(locals.get('weights')?.value, 'float32[4,3] min=1 max=1 mean=1 std=0');
    assert.equal(await repl(client, 'shapes.cols', frame.id), '4');
    assert.ok(changed.some((event) => event.body.breakpoint.verified && event.body.breakpoint.line === matMulLine));
    const { body } = await client.stackTraceRequest({ threadId: 1 });
    const caller = body.stackFrames.find((f) => f.source?.path === program && f.name !== 'project');
    assert.equal(caller?.line, lineOf(program, 'PROJECT_CALL_LINE'));
  });

  it('stops in an ES module TypeScript file and in a module it imports without extension', async () => {
    const program = fixture('ts-esm/main.ts');
    const helpers = fixture('ts-esm/helpers.ts');
    const line = markersOf(program);
    const helpersLine = lineOf(helpers, 'VALUES_RETURN_LINE');
    let frame = await launchWith(program, { [program]: [line('MUL_LINE')], [helpers]: [helpersLine] });
    assert.equal(frame.source?.path, program);
    assert.equal(frame.line, line('MUL_LINE'));
    assert.equal((await localVariables(client, frame.id)).get('base')?.value, 'float32[2,2] min=1 max=4 mean=2.5 std=1.118');

    const next = client.waitForEvent('stopped');
    await client.nextRequest({ threadId: 1 });
    await next;
    frame = await topFrame(client);
    assert.equal(frame.line, line('SUM_LINE'));

    const again = client.waitForEvent('stopped');
    await client.continueRequest({ threadId: 1 });
    await again;
    frame = await topFrame(client);
    assert.equal(frame.source?.path, helpers);
    assert.equal(frame.line, helpersLine);
    assert.match(await repl(client, 'tensor.shape', frame.id), /^\[2, 2\]$/);
  });

  it('stops in a plain JavaScript ES module', async () => {
    const program = fixture('esm.mjs');
    const sumLine = lineOf(program, 'SUM_LINE');
    const frame = await launchWith(program, { [program]: [sumLine] });
    assert.equal(frame.source?.path, program);
    assert.equal(frame.line, sumLine);
    assert.equal((await localVariables(client, frame.id)).get('tensor')?.value, 'float32[4] min=1 max=4 mean=2.5 std=1.118');
  });
  for (const kind of ['CommonJS', 'ES module'] as const) {
    describe(`a tf.layers training script in TypeScript (${kind})`, () => {
      const program = fixture(kind === 'CommonJS' ? 'ts-layers/train.ts' : 'ts-layers-esm/train.ts');
      const line = markersOf(program);
      /** The last line each breakpoint was reported at, by DAP id. */
      let reported: Map<number, number>;

      beforeEach(() => {
        reported = new Map();
        client.on('breakpoint', (event: DebugProtocol.BreakpointEvent) => {
          const { id, line } = event.body.breakpoint;
          if (id !== undefined && line !== undefined) reported.set(id, line);
        });
      });

      /** Launches with breakpoints on `lines`, noting the lines their answers give. */
      async function launchAt(lines: number[]): Promise<DebugProtocol.StackFrame> {
        const stopped = client.waitForEvent('stopped');
        await Promise.all([
          client.waitForEvent('initialized').then(async () => {
            const { body } = await client.setBreakpointsRequest({ source: { path: program }, breakpoints: lines.map((line) => ({ line })) });
            for (const breakpoint of body.breakpoints) {
              if (breakpoint.id !== undefined && breakpoint.line !== undefined && !reported.has(breakpoint.id)) reported.set(breakpoint.id, breakpoint.line);
            }
            await client.configurationDoneRequest();
          }),
          client.launch({ program }),
        ]);
        await stopped;
        return topFrame(client);
      }

      async function runOn(request: 'continue' | 'next' | 'stepIn'): Promise<DebugProtocol.StackFrame> {
        const stopped = client.waitForEvent('stopped');
        if (request === 'continue') await client.continueRequest({ threadId: 1 });
        else if (request === 'next') await client.nextRequest({ threadId: 1 });
        else await client.stepInRequest({ threadId: 1 });
        await stopped;
        return topFrame(client);
      }

      /** The variable names of each scope of a frame but the global one, with the scope's name. */
      async function scopeNames(frameId: number): Promise<[string, string[]][]> {
        const { body } = await client.scopesRequest({ frameId });
        const named: [string, string[]][] = [];
        for (const scope of body.scopes.filter((s) => s.name !== 'Global')) {
          const { body: vars } = await client.variablesRequest({ variablesReference: scope.variablesReference });
          named.push([scope.name, vars.variables.map((v) => v.name)]);
        }
        return named;
      }

      it('stops on `return y;` at that line and column, with y the tensor returned', async () => {
        const frame = await launchAt([line('SCALE_RETURN_LINE')]);
        assert.deepEqual([frame.name, frame.line, frame.column], ['scale', line('SCALE_RETURN_LINE'), 3]);
        assert.equal(frame.source?.path, program);
        assert.deepEqual([...reported.values()], [line('SCALE_RETURN_LINE')]);
        const locals = await localVariables(client, frame.id);
        assert.equal(locals.get('y')?.value, 'float32[4,2] min=2 max=2 mean=2 std=0');
        assert.equal(locals.get('x')?.value, 'float32[4,2] min=1 max=1 mean=1 std=0');
        assert.equal(locals.get('factor')?.value, '2');
      });

      it('stops on each statement of the one-line output at its own line', async () => {
        const lines = ['SCALE_MUL_LINE', 'SCALE_RETURN_LINE', 'CENTRED_LINE', 'SQUARE_LINE', 'SEQUENTIAL_LINE', 'LOSS_LINE'].map(line);
        const stops: [string, number][] = [];
        let frame = await launchAt(lines);
        for (;;) {
          stops.push([frame.name, frame.line]);
          if (stops.length === lines.length) break;
          frame = await runOn('continue');
        }
        assert.deepEqual(stops, [
          ['scale', line('SCALE_MUL_LINE')],
          ['scale', line('SCALE_RETURN_LINE')],
          ['apply', line('CENTRED_LINE')],
          ['square', line('SQUARE_LINE')],
          ['buildModel', line('SEQUENTIAL_LINE')],
          ['train', line('LOSS_LINE')],
        ]);
        assert.deepEqual([...reported.values()], lines);
      });

      it("moves a breakpoint inside a multi-line statement to the statement's line, and stops there", async () => {
        const frame = await launchAt([line('UNITS_LINE')]);
        assert.deepEqual([...reported.values()], [line('HIDDEN_LINE')]);
        assert.deepEqual([frame.name, frame.line], ['buildModel', line('HIDDEN_LINE')]);
      });

      it('steps over and into the authored lines in order', async () => {
        let frame = await launchAt([line('SCALE_MUL_LINE')]);
        const lines: [string, number, number][] = [[frame.name, frame.line, frame.column]];
        for (const request of ['next', 'next', 'next', 'stepIn', 'next'] as const) {
          frame = await runOn(request);
          lines.push([frame.name, frame.line, frame.column]);
        }
        assert.deepEqual(lines, [
          ['scale', line('SCALE_MUL_LINE'), 13],
          ['scale', line('SCALE_RETURN_LINE'), 3],
          ['main', line('NORMALIZED_LINE'), 22],
          ['main', line('SQUARED_LINE'), 19],
          ['square', line('SQUARE_LINE'), 48],
          ['square', line('SQUARE_LINE'), 56],
        ]);
      });

      it("shows the program's bindings in its scopes and none of esbuild's helpers", async () => {
        const frame = await launchAt([line('SCALE_RETURN_LINE')]);
        const scopes = await scopeNames(frame.id);
        assert.deepEqual(scopes[0][0], 'Local');
        assert.deepEqual(scopes[0][1].sort(), ['factor', 'x', 'y']);
        // The module's own bindings: in the closure of tsx's wrapper function (CommonJS), or the module scope.
        const [outer, names] = scopes[1];
        assert.equal(outer, kind === 'CommonJS' ? 'Closure' : 'Module');
        assert.deepEqual(names.sort(), ['Normalizer', 'buildModel', 'scale', 'square', 'tf', 'train']);
        const shown = scopes.flatMap(([, scope]) => scope).filter((name) => name.startsWith('__'));
        assert.deepEqual(shown, []);
      });
    });
  }

  it("shows a plain script's own variables named like esbuild's helpers", async () => {
    const program = fixture('helperNames.js');
    const returnLine = lineOf(program, 'RETURN_LINE');
    const frame = await launchWith(program, { [program]: [returnLine] });
    assert.equal(frame.line, returnLine);
    const locals = await localVariables(client, frame.id);
    assert.equal(locals.get('__toESM')?.value, '3');
    const { body } = await client.scopesRequest({ frameId: frame.id });
    const script = body.scopes.find((scope) => scope.name !== 'Local' && scope.name !== 'Global');
    const { body: outer } = await client.variablesRequest({ variablesReference: script?.variablesReference ?? 0 });
    assert.ok(outer.variables.some((v) => v.name === '__name' && v.value === "'mine'"));
  });
});
