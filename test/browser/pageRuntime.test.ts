/**
 * The browser runtime (dist/runtime-browser.js) in a page that loads tfjs's UMD bundle, on
 * the cpu, webgl and wasm backends, driven as the adapter drives it: through the
 * `__tfjsDebugger` API. Injected before tfjs loads (it hooks the engine as tfjs makes it) and
 * once into a page that already runs tfjs; the NaN sentinel stops a CDP debugger in its own
 * script. webgl's first reads compile shaders: the timeouts are generous.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import type { Protocol } from 'playwright-core/types/protocol';
import { nanSentinelUrl, type FlameNode, type ProfileBody, type RuntimeApi, type ViewBody } from '../../protocol/runtimeApi';
import { tensorDescriptionGenerator } from '../../runtime/adapterCode';
import { type CheckedCall, checkedCall, defaultPreview } from '../jsDebugDescriptions';
import { computeView } from '../../runtime/heatmapView';
import { markersOf } from '../lineMarkers';
import { CHROMIUM, launchPageChromium } from '../chromium';
import { APP, appUrl, BUNDLE, injectBeforeLoad, injectNow, openTfjsPage, type PageBackend, serveTfjsPage } from './tfjsPage';
import { framesOf } from '../flameTree';

const line = markersOf(APP);

/** The 1-based column where `token` starts on the marked line of the page's script (V8's column of a call). */
function columnOf(marker: string, token: string): number {
  return readFileSync(APP, 'utf8').split('\n')[line(marker) - 1].indexOf(token) + 1;
}

/** A tensor of the page, as far as the tests read it. */
interface PageTensor {
  dataSync(): ArrayLike<number>;
  reshape(shape: number[]): PageTensor;
}

/** The globals of the page the tests reach from `page.evaluate` (written there as `globalThis as unknown as PageGlobals`). */
interface PageGlobals {
  __tfjsDebugger: RuntimeApi;
  tf: {
    getBackend(): string;
    backend(): unknown;
    memory(): { numTensors: number };
    tensor2d(values: number[][]): PageTensor;
    tensor1d(values: number[]): PageTensor;
    variable(initial: PageTensor): PageTensor;
    range(start: number, stop: number): PageTensor;
    sin(x: PageTensor): PageTensor;
    tidy<T>(fn: () => T): T;
    add(a: PageTensor, b: PageTensor): PageTensor;
    slice(x: PageTensor, begin: number[], size: number[]): PageTensor;
    square(x: PageTensor): PageTensor;
    time(f: () => void): Promise<{ kernelMs: number | { error: string } }>;
    env(): { getBool(flag: string): boolean; set(flag: string, value: boolean): void };
    dispose(tensors: PageTensor[]): void;
  };
  app: { known: PageTensor; train(): Promise<void>; variableGrads(): void; makeNaN(): void };
  edited?: PageTensor;
  nanResult?: number;
  described?: Record<string, unknown>;
}

/** The child of `node` named `name` (and of `kind`), or a failure that lists its children. */
function child(node: FlameNode, name: string, kind: FlameNode['kind']): FlameNode {
  const found = node.children.find((candidate) => candidate.name === name && candidate.kind === kind);
  assert.ok(found, `no ${kind} "${name}" under "${node.name}": ${node.children.map((c) => `${c.kind} ${c.name}`).join(', ')}`);
  return found;
}

/** The float32 values of a view's base64 data. */
function viewValues(view: ViewBody): number[] {
  const bytes = Buffer.from(view.view.data, 'base64');
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
}

describe('browser runtime in a page', function () {
  this.timeout(60_000);
  let server: Server;
  let browser: Browser;
  const problems: string[] = [];

  /** A new page that fails the test on the errors it meets. */
  async function newPage(): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return page;
  }

  before(async function () {
    if (!existsSync(BUNDLE)) throw new Error('dist/runtime-browser.js missing: run npm run build');
    if (!existsSync(CHROMIUM)) this.skip();
    server = await serveTfjsPage();
    browser = await launchPageChromium();
  });

  afterEach(() => {
    const met = problems.splice(0);
    if (met.length > 0) throw new Error(`the page met errors: ${JSON.stringify(met)}`);
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  for (const backend of ['cpu', 'webgl', 'wasm', 'webgpu'] as PageBackend[]) {
    /** Whether the backend keeps tensors on a GPU (values reach the CPU only by a read). */
    const onGpu = backend === 'webgl' || backend === 'webgpu';
    describe(`on ${backend}, injected before tfjs loads`, () => {
      let page: Page;

      before(async () => {
        page = await newPage();
        await injectBeforeLoad(page);
        await openTfjsPage(page, server, backend);
      });

      after(() => page?.close());

      it('describes a tensor, its children and its view, leaving the tensor count as it was', async () => {
        const seen = await page.evaluate(() => {
          const { __tfjsDebugger: api, tf, app } = globalThis as unknown as PageGlobals;
          const before = tf.memory().numTensors;
          const summaries = api.describe(app.known, 3);
          const children = api.children(app.known, [], 0, 2);
          const view = api.view(app.known, undefined, [100, 100], false, true);
          return { backend: tf.getBackend(), before, after: tf.memory().numTensors, summaries, children, view, values: Array.from(app.known.dataSync()) };
        });
        assert.equal(seen.backend, backend);
        assert.deepEqual(seen.values, [1, 2, 3, 4, 5, 6]);
        assert.deepEqual(seen.summaries, [
          { value: 'float32[2,3] min=1 max=6 mean=3.5 std=1.708', type: 'tf.Tensor', dtype: 'float32', shape: [2, 3], disposed: false },
          null,
        ]);
        assert.deepEqual(seen.children, [
          { name: '[0]', value: 'float32[3] min=1 max=3 mean=2 std=0.8165', shape: [3] },
          { name: '[1]', value: 'float32[3] min=4 max=6 mean=5 std=0.8165', shape: [3] },
        ]);
        assert.deepEqual(seen.view.stats, { min: 1, max: 6, mean: 3.5, std: Math.sqrt(35 / 12), nanCount: 0, infCount: 0 });
        assert.deepEqual({ ...seen.view.view, data: undefined }, { shape: [2, 3], slice: ':,:', blocks: [1, 1], data: undefined });
        assert.deepEqual(viewValues(seen.view), seen.values);
        assert.equal(seen.after, seen.before);
      });

      if (backend === 'webgpu') {
        it("leaves webgpu's slow-read warning to the program: the debugger's reads neither print it nor use it up", async () => {
          const warnings: string[] = [];
          const onConsole = (message: ConsoleMessage): void => {
            if (message.text().includes('synchronously reading')) warnings.push(message.text());
          };
          page.on('console', onConsole);
          try {
            // Past webgpu's CPU hand-off size (1000 elements): the sums run on the GPU.
            const debuggerRead = await page.evaluate(() => {
              const { __tfjsDebugger: api, tf } = globalThis as unknown as PageGlobals;
              const gpu = tf.backend() as unknown as { hasReadSyncWarned: boolean };
              // As in a program that has made no synchronous read yet.
              gpu.hasReadSyncWarned = false;
              const x = tf.range(0, 2000);
              const doubled = tf.add(x, x);
              const view = api.view(doubled, undefined, [100, 100], false, true);
              tf.dispose([x, doubled]);
              return { min: view.stats.min, max: view.stats.max, warned: gpu.hasReadSyncWarned };
            });
            assert.deepEqual(debuggerRead, { min: 0, max: 3998, warned: false });
            const printed = page.waitForEvent('console', { predicate: (message) => message.text().includes('synchronously reading'), timeout: 10_000 });
            const programRead = await page.evaluate(() => {
              const { tf } = globalThis as unknown as PageGlobals;
              const x = tf.range(0, 2000);
              const doubled = tf.add(x, x);
              const values = doubled.dataSync();
              tf.dispose([x, doubled]);
              return values[1999];
            });
            await printed;
            assert.equal(programRead, 3998);
            assert.equal(warnings.length, 1, JSON.stringify(warnings));
          } finally {
            page.off('console', onConsole);
          }
        });
      }

      it('views a computed tensor block-reduced: its statistics and base64 bytes those of the pure view of its values', async () => {
        const shape = [301, 502];
        const maxSize: [number, number] = [100, 100];
        const seen = await page.evaluate(
          ({ shape, maxSize }) => {
            const { __tfjsDebugger: api, tf } = globalThis as unknown as PageGlobals;
            // Computed by the backend (on webgl, never read before the view), with blocks of 4×6 and smaller ones at the edges.
            const x = tf.tidy(() => tf.sin(tf.range(0, shape[0] * shape[1])).reshape(shape));
            const before = tf.memory().numTensors;
            const view = api.view(x, undefined, maxSize, false, true);
            const after = tf.memory().numTensors;
            const values = Array.from(x.dataSync());
            tf.dispose([x]);
            return { view, before, after, values };
          },
          { shape, maxSize },
        );
        const expected = computeView(Float32Array.from(seen.values), shape, undefined, maxSize, false);
        assert.deepEqual(expected.view, { shape: [76, 84], slice: ':,:', blocks: [4, 6] });
        assert.deepEqual(seen.view.stats, expected.stats);
        assert.deepEqual({ ...seen.view.view, data: undefined }, { ...expected.view, data: undefined });
        assert.deepEqual(viewValues(seen.view), Array.from(expected.data));
        assert.equal(seen.after, seen.before);
      });

      it("describes tensors for js-debug under V8's side-effect check: statistics where the values are in memory, making no tensor", async () => {
        const session = await page.context().newCDPSession(page);
        /** js-debug's descriptions of the properties of `described`, and the page's tensor count before and after. */
        const describeAll = async (): Promise<{ described: unknown; before: number; after: number }> => {
          const count = (): Promise<number> => page.evaluate(() => (globalThis as unknown as PageGlobals).tf.memory().numTensors);
          const before = await count();
          const { result } = await session.send('Runtime.evaluate', { expression: 'globalThis.described' });
          const call = (await session.send('Runtime.callFunctionOn', checkedCall(result.objectId ?? ''))) as CheckedCall;
          assert.equal(call.exceptionDetails, undefined, call.exceptionDetails?.exception?.description);
          return { described: call.result.value, before, after: await count() };
        };
        try {
          await page.evaluate(() => {
            const { tf } = globalThis as unknown as PageGlobals;
            const fresh = tf.tensor2d([
              [1, 2, 3],
              [4, 5, 6],
            ]);
            // Past webgl's and webgpu's CPU hand-off sizes: the sum runs on the GPU, which takes x's values there.
            const x = tf.range(0, 2000);
            const doubled = tf.add(x, x);
            (globalThis as unknown as PageGlobals).described = { fresh, x, doubled, step: 3 };
          });
          const first = await describeAll();
          assert.deepEqual(first.described, {
            fresh: 'float32[2,3] min=1 max=6 mean=3.5 std=1.708',
            x: onGpu ? `float32[2000] (on ${backend})` : 'float32[2000] min=0 max=1999 mean=999.5 std=577.4',
            doubled: onGpu ? `float32[2000] (on ${backend})` : 'float32[2000] min=0 max=3998 mean=1999 std=1155',
            step: defaultPreview,
          });
          assert.equal(first.after, first.before);
          // Once the page has read a GPU tensor, webgl keeps a CPU copy: its statistics are cheap.
          // A slice of an unpacked texture read before shares it, and its entry the whole tensor's copy: not its values.
          await page.evaluate(() => {
            const { tf, described } = globalThis as unknown as PageGlobals & { described: Record<string, PageTensor> };
            described.doubled.dataSync();
            const packed = tf.env().getBool('WEBGL_PACK_BINARY_OPERATIONS');
            tf.env().set('WEBGL_PACK_BINARY_OPERATIONS', false);
            try {
              described.unpacked = tf.add(described.x, described.x);
              described.unpacked.dataSync();
              described.half = tf.slice(described.unpacked, [1000], [1000]);
            } finally {
              tf.env().set('WEBGL_PACK_BINARY_OPERATIONS', packed);
            }
          });
          const second = await describeAll();
          const { doubled, half } = second.described as Record<string, string>;
          assert.deepEqual(
            { doubled, half },
            {
              doubled: 'float32[2000] min=0 max=3998 mean=1999 std=1155',
              half: onGpu ? `float32[1000] (on ${backend})` : 'float32[1000] min=2000 max=3998 mean=2999 std=577.3',
            },
          );
          assert.equal(second.after, second.before);
          // A top-level value (Watch, hover) is described by the generator called on it without the check.
          const watched = await page.evaluate(`(${tensorDescriptionGenerator}).call(globalThis.described.fresh, 'Tensor')`);
          assert.equal(watched, 'float32[2,3] min=1 max=6 mean=3.5 std=1.708');
        } finally {
          await page.evaluate(() => {
            const g = globalThis as unknown as PageGlobals;
            g.tf.dispose(Object.values(g.described ?? {}).filter((value): value is PageTensor => typeof value === 'object'));
            delete g.described;
          });
          await session.detach();
        }
      });

      it(onGpu ? 'edits a tensor by a replacement the page rebinds, and a variable in place' : 'edits a tensor and a variable in place', async () => {
        const edit = await page.evaluate(() => {
          const g = globalThis as unknown as PageGlobals;
          const api = g.__tfjsDebugger;
          const original = g.tf.tensor2d([
            [1, 2],
            [3, 4],
          ]);
          g.edited = original;
          const variable = g.tf.variable(g.tf.tensor1d([1, 2]));
          const replacement = api.prepareReplacement(
            original,
            [
              [9, 8],
              [7, 6],
            ],
            [],
          ) as PageTensor | undefined;
          const originalAfter = Array.from(original.dataSync());
          // What the adapter does with a replacement: put it where the edited tensor was held.
          if (replacement !== undefined) {
            g.edited = replacement;
            api.settleReplacement(replacement, original);
          }
          const elementReplacement = api.prepareReplacement(g.edited, 5, [1, 0]) as PageTensor | undefined;
          if (elementReplacement !== undefined) g.edited = elementReplacement;
          const variableReplacement = api.prepareReplacement(variable, [5, 6], []);
          return {
            replaced: replacement !== undefined,
            originalAfter,
            edited: Array.from(g.edited.dataSync()),
            variableReplaced: variableReplacement !== undefined,
            variable: Array.from(variable.dataSync()),
          };
        });
        // cpu and wasm tensors are written in their storage; a GPU texture or buffer is not: a
        // new tensor takes the edited one's place.
        const inPlace = !onGpu;
        assert.equal(edit.replaced, !inPlace);
        assert.deepEqual(edit.originalAfter, inPlace ? [9, 8, 7, 6] : [1, 2, 3, 4]);
        assert.deepEqual(edit.edited, [9, 8, 5, 6]);
        assert.equal(edit.variableReplaced, false);
        assert.deepEqual(edit.variable, [5, 6]);
      });

      if (backend === 'webgl') {
        it('says what an edit needs when the page has no global tf (tfjs bundled into the app)', async () => {
          const message = await page.evaluate(() => {
            const g = globalThis as unknown as Omit<PageGlobals, 'tf'> & { tf?: PageGlobals['tf'] };
            const tf = g.tf;
            const tensor = g.app.known;
            delete g.tf;
            try {
              g.__tfjsDebugger.prepareReplacement(tensor, 0, []);
              return 'no error';
            } catch (error) {
              return (error as Error).message;
            } finally {
              g.tf = tf;
            }
          });
          assert.equal(
            message,
            "the page has no global `tf` (its tfjs is bundled into the app), and this edit makes the new tensor with tf.tensor: set `globalThis.tf = tf` in the page's code, or load tfjs's UMD bundle (tf.min.js)",
          );
        });
      }

      it("profiles the page's training step at its lines, through model.fit and its dense layer", async () => {
        const profile = await page.evaluate(() => (globalThis as unknown as PageGlobals).__tfjsDebugger.profile('tree', false));
        assert.ok(profile && 'root' in profile);
        const main = child(profile.root, 'main app.js:' + line('TRAIN_CALL_LINE'), 'call');
        assert.deepEqual(main.source, { path: appUrl(server), line: line('TRAIN_CALL_LINE'), column: columnOf('TRAIN_CALL_LINE', 'train(') });
        const train = child(main, 'train app.js:' + line('FIT_LINE'), 'call');
        assert.equal(train.source?.line, line('FIT_LINE'));
        const dense = child(child(train, 'fit', 'api'), 'dense_Dense1', 'layer');
        child(child(dense, 'sigmoid', 'op'), 'Sigmoid', 'kernel');
        const kernels = new Set(framesOf(profile.root).flatMap((frame) => (frame.kind === 'kernel' ? [frame.name] : [])));
        for (const kernel of ['_FusedMatMul', 'Sigmoid', 'Mean', 'Multiply', 'Square', 'Sum'])
          assert.ok(kernels.has(kernel), `no ${kernel} in ${[...kernels].join(', ')}`);
      });

      it(
        onGpu ? "says its kernel times are the CPU's dispatch, and times the kernels on the GPU once asked" : 'says its kernel times are the computation',
        async () => {
          const seen = await page.evaluate(async () => {
            const { __tfjsDebugger: api, app, tf } = globalThis as unknown as PageGlobals;
            const tree = (answer: ReturnType<RuntimeApi['profile']>): ProfileBody => answer as ProfileBody;
            const before = tree(api.profile('tree', false)).timing;
            // A new recording, timed on the GPU from now on.
            const asked = tree(api.profile('tree', true, true)).timing;
            await app.train();
            // The program's own timing meanwhile stays its own: its kernels are not timed twice.
            const own = await tf.time(() => tf.dispose([tf.square(app.known)]));
            // The GPU answers each kernel's query once it has run it.
            let profile = tree(api.profile('tree', false));
            for (let tries = 0, last = -1; tries < 100 && profile.root.gpuCount !== last; tries++) {
              last = profile.root.gpuCount ?? 0;
              await new Promise((done) => setTimeout(done, 100));
              profile = tree(api.profile('tree', false));
            }
            const off = tree(api.profile('tree', false, false)).timing;
            const { count, gpuCount, gpuMs } = profile.root;
            return {
              before,
              asked,
              off,
              own: own.kernelMs,
              root: { count, gpuCount, gpuMs },
              timedOps: profile.byOp.filter((row) => row.gpuCount !== undefined).map((row) => row.op),
            };
          });
          if (!onGpu) {
            assert.deepEqual(
              [seen.before, seen.asked, seen.off],
              [0, 1, 2].map(() => ({ backend, kernelTime: 'compute' })),
            );
            assert.equal(seen.root.gpuCount, undefined);
            return;
          }
          assert.deepEqual(
            [seen.before, seen.asked, seen.off],
            [
              { backend, kernelTime: 'dispatch', gpuTime: 'off' },
              { backend, kernelTime: 'dispatch', gpuTime: 'on' },
              { backend, kernelTime: 'dispatch', gpuTime: 'off' },
            ],
          );
          const { count = 0, gpuCount = 0, gpuMs = 0 } = seen.root;
          assert.ok(gpuCount > 0 && gpuCount <= count, `${gpuCount} of ${count} kernels timed`);
          assert.ok(gpuMs > 0, `GPU time ${gpuMs} ms`);
          for (const op of ['_FusedMatMul', 'Sigmoid']) assert.ok(seen.timedOps.includes(op), `${op} not timed: ${seen.timedOps.join(', ')}`);
          assert.ok(typeof seen.own === 'number' && seen.own > 0, `the page's own tf.time measured ${JSON.stringify(seen.own)}`);
        },
      );

      it('lists the tape of tf.variableGrads: the variable, its gradient and the ops at their line', async () => {
        const tapes = await page.evaluate(() => (globalThis as unknown as PageGlobals).__tfjsDebugger.tapes());
        const tape = tapes.find((candidate) => candidate.sources.some((source) => source.name === 'w'));
        assert.ok(tape, `no tape of w among ${tapes.length}`);
        assert.deepEqual(
          tape.nodes.map((node) => `${node.op} ${node.source?.path}:${node.source?.line}`),
          ['Multiply', 'Square', 'Sum'].map((op) => `${op} ${appUrl(server)}:${line('GRADS_LINE')}`),
        );
        // The gradient into an op: read at once where values are in memory; on a GPU only for
        // the tapes recorded once the tape panel asked, since each read waits for the GPU.
        const square = tape.nodes.find((node) => node.op === 'Square');
        assert.equal(square?.gradient === undefined, onGpu, JSON.stringify(square));
        // d/dw sum((3w)^2) = 18w, at w = [0.5, -1].
        const w = tape.sources.find((source) => source.name === 'w');
        assert.deepEqual(w?.gradient?.shape, [2]);
        assert.deepEqual([w?.gradient?.stats.min, w?.gradient?.stats.max], [-18, 9]);
      });
    });

    it(`stops a CDP debugger in the NaN sentinel's script where the page makes a NaN (${backend})`, async () => {
      const page = await newPage();
      try {
        await injectBeforeLoad(page, { breakOnNaN: true });
        await openTfjsPage(page, server, backend);
        const session = await page.context().newCDPSession(page);
        // The adapter knows a stop's script by its id, from the URL its scriptParsed gave.
        const scriptUrls = new Map<string, string>();
        session.on('Debugger.scriptParsed', ({ scriptId, url }) => scriptUrls.set(scriptId, url));
        await session.send('Debugger.enable');
        const paused = new Promise<Protocol.Debugger.pausedPayload>((done) => session.once('Debugger.paused', done));
        await page.evaluate(() => setTimeout(() => (globalThis as unknown as PageGlobals).app.makeNaN(), 0));
        const { callFrames } = await paused;
        assert.equal(scriptUrls.get(callFrames[0].location.scriptId), nanSentinelUrl);
        const { result } = await session.send('Debugger.evaluateOnCallFrame', {
          callFrameId: callFrames[0].callFrameId,
          expression: '__tfjsDebugger.nonFinite()',
          returnByValue: true,
        });
        assert.deepEqual(result.value, { kernel: 'Log', path: appUrl(server), line: line('NAN_LINE'), column: columnOf('NAN_LINE', 'log(') });
        const caller = callFrames.find((frame) => scriptUrls.get(frame.location.scriptId) === appUrl(server));
        assert.equal((caller?.location.lineNumber ?? -1) + 1, line('NAN_LINE'));
        await session.send('Debugger.resume');
        await page.waitForFunction(() => Number.isNaN((globalThis as unknown as PageGlobals).nanResult));
        await session.detach();
      } finally {
        await page.close();
      }
    });
  }

  describe('injected into a page that already runs tfjs (cpu)', () => {
    let page: Page;

    before(async () => {
      page = await newPage();
      await openTfjsPage(page, server, 'cpu');
      await injectNow(page);
    });

    after(() => page?.close());

    it('describes the tensors the page made before, and records what it runs after', async () => {
      const before = await page.evaluate(() => {
        const { __tfjsDebugger: api, app } = globalThis as unknown as PageGlobals;
        return { summaries: api.describe(app.known), profile: api.profile('tree', false), tapes: api.tapes().length };
      });
      assert.equal(before.summaries[0]?.value, 'float32[2,3] min=1 max=6 mean=3.5 std=1.708');
      assert.ok(before.profile && 'events' in before.profile);
      assert.equal(before.profile.events, 0);
      assert.equal(before.tapes, 0);
      const after = await page.evaluate(async () => {
        const { __tfjsDebugger: api, app } = globalThis as unknown as PageGlobals;
        await app.train();
        return { profile: api.profile('tree', false), tapes: api.tapes() };
      });
      assert.ok(after.profile && 'root' in after.profile);
      const train = framesOf(after.profile.root).find((frame) => frame.kind === 'call' && frame.source?.line === line('FIT_LINE'));
      assert.ok(train, 'no call frame at the line of model.fit');
      assert.equal(train.source?.path, appUrl(server));
      child(child(train, 'fit', 'api'), 'dense_Dense1', 'layer');
      // Two batches of two: a tape each.
      assert.deepEqual(
        after.tapes.map((tape) => tape.sources.map((source) => source.name)),
        [
          ['dense_Dense1/kernel', 'dense_Dense1/bias'],
          ['dense_Dense1/kernel', 'dense_Dense1/bias'],
        ],
      );
    });
  });
});
