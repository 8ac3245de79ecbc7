/**
 * Following a web page that another debugger runs (js-debug, in VS Code), on the page's own
 * CDP endpoint: the test stands in for that debugger (it lets the page go and resumes it),
 * while the adapter, attached as its companion, injects the browser runtime and reads and
 * edits the page's tensors at that debugger's stop, on webgl, webgpu, cpu and wasm. It never lets the
 * page move itself, and leaves it running when it ends.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TensorResponseBody } from '../../protocol/customRequests';
import type { ProfileBody } from '../../protocol/runtimeApi';
import { lineOf } from '../lineMarkers';
import { CHROMIUM } from '../chromium';
import { serveTfjsPage } from '../browser/tfjsPage';
import { DapClient } from '../../extension/companion/dapClient';
import { followedPagePerTest } from './followedPage';
import { adapterPath, floats, localVariables, repl, repoRoot, topFrame } from './support';

const pageScript = path.join(repoRoot, 'test', 'fixtures', 'browser', 'followed.js');
const debuggerLine = lineOf(pageScript, 'DEBUGGER_LINE');

for (const backend of ['webgl', 'webgpu', 'cpu', 'wasm']) {
  describe(`a page another debugger runs, followed on ${backend}`, function () {
    // webgl's first read compiles shaders: seconds under SwiftShader.
    this.timeout(120_000);
    before(function () {
      if (!existsSync(CHROMIUM)) this.skip();
    });
    const page = followedPagePerTest(() => serveTfjsPage(), `backend=${backend}&script=followed.js`, backend);

    it("shows, views and edits the tensors of the other debugger's stop, and the page computes with the edit", async () => {
      await page.follow();
      const stopped = page.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      const ownerStopped = page.owner.next('Debugger.paused');
      await page.owner.evaluate('globalThis.go = true');
      assert.equal((await stopped).body.description, 'Paused on debugger statement');
      await ownerStopped;
      const frame = await topFrame(page.client);
      assert.deepEqual([frame.name, frame.line], ['step', debuggerLine]);
      const locals = await localVariables(page.client, frame.id);
      assert.equal(locals.get('hidden')?.value, 'float32[2,3] min=3 max=7 mean=5 std=2');
      assert.equal(locals.get('hidden')?.type, 'tf.Tensor');

      // What the debugger runs in the page (reads, an op in the Debug Console, an edit) is not the page's work.
      const recorded = async (): Promise<string[]> => {
        const profile = (await page.client.customRequest('tfjs/profile', {})).body as ProfileBody;
        return [`${profile.events} kernels`, ...profile.byOp.map((row) => `${row.op} ×${row.count}`)];
      };
      const recordedBefore = await recorded();
      assert.ok(
        recordedBefore.some((row) => /MatMul ×\d+$/.test(row)),
        recordedBefore.join(', '),
      );
      const memory = async (): Promise<number> => (await page.client.customRequest('tfjs/memory')).body.numTensors;
      const before = await memory();
      const view = (await page.client.customRequest('tfjs/tensor', { expression: 'hidden', frameId: frame.id })).body as TensorResponseBody;
      assert.deepEqual([view.shape, view.dtype, floats(view)], [[2, 3], 'float32', [3, 3, 3, 7, 7, 7]]);
      assert.equal(await memory(), before);

      const set = await page.client.customRequest('tfjs/setTensor', { expression: 'hidden', frameId: frame.id, index: [0, 0], value: 10 });
      assert.match(set.body.value, /^float32\[2,3\] min=3 max=10 /);
      assert.match(await repl(page.client, 'tf.square(hidden).sum()', frame.id), /^float32\[\] 2\d\d$/);
      assert.deepEqual(await recorded(), recordedBefore);
      // The debugger that runs the page lets it go on: it sums `hidden` as edited.
      await page.owner.send('Debugger.resume');
      await page.owner.until('globalThis.result !== undefined');
      assert.equal(await page.owner.evaluate('globalThis.result'), 37);
    });

    it('leaves running the page to its debugger: refuses to step or continue, and leaves it running when it ends', async () => {
      await page.follow();
      await assert.rejects(page.client.continueRequest({ threadId: 1 }), /another debugger \(js-debug\) runs this program/);
      await assert.rejects(page.client.setBreakpointsRequest({ source: { path: pageScript }, breakpoints: [{ line: debuggerLine }] }), /another debugger/);
      await page.client.disconnectRequest({});
      assert.equal(await page.owner.evaluate('1 + 1'), 2);
      assert.equal(await page.owner.evaluate('typeof globalThis.__tfjsDebugger'), 'object');
    });

    it("answers the extension's own DAP client as it answers VS Code", async () => {
      const adapter = spawn(process.execPath, [adapterPath], { stdio: ['pipe', 'pipe', 'ignore'] });
      const dap = new DapClient(adapter);
      try {
        const capabilities = await dap.request<DebugProtocol.Capabilities>('initialize', { adapterID: 'tfjs', pathFormat: 'path' });
        assert.equal(capabilities.supportsSetVariable, true);
        await assert.rejects(
          dap.request('attach', { companionCdpUrl: 'http://127.0.0.1/nope' }),
          /companionCdpUrl: expected a CDP endpoint such as ws:\/\/127\.0\.0\.1:9222\/devtools\/page\/ID, got http:\/\/127\.0\.0\.1\/nope/,
        );
        await dap.request('attach', { companionCdpUrl: page.browser.pageCdpUrl });
        await dap.request('configurationDone');
        const stopped = new Promise((done) => dap.onEvent('stopped', done));
        await page.owner.evaluate('globalThis.go = true');
        await stopped;
        const { stackFrames } = await dap.request<DebugProtocol.StackTraceResponse['body']>('stackTrace', { threadId: 1 });
        const view = await dap.request<TensorResponseBody>('tfjs/tensor', { expression: 'hidden', frameId: stackFrames[0].id });
        assert.deepEqual(floats(view), [3, 3, 3, 7, 7, 7]);
        await page.owner.send('Debugger.resume');
      } finally {
        const exited = new Promise((done) => dap.onExit(() => done(undefined)));
        adapter.kill();
        await exited;
      }
    });

    it("reports a stop where a NaN is born with the op and the page's line, when asked to break on NaN", async () => {
      await Promise.all([
        page.client.waitForEvent('initialized').then(() => page.client.configurationDoneRequest()),
        page.client.attachRequest({ companionCdpUrl: page.browser.pageCdpUrl, breakOnNaN: true } as DebugProtocol.AttachRequestArguments),
      ]);
      const stopped = page.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await page.owner.evaluate('globalThis.makeNaN = true');
      const { body } = await stopped;
      assert.deepEqual([body.reason, body.description], ['exception', `NaN/Inf in output of Log (followed.js:${lineOf(pageScript, 'NAN_LINE')})`]);
      await page.owner.send('Debugger.resume');
      await page.owner.until('globalThis.nanResult !== undefined');
    });

    it("hooks a reloaded page from its first op: the profile names the page's lines, in its file under the web root", async () => {
      await page.follow({ webRoot: path.dirname(pageScript) });
      await page.owner.send('Page.enable');
      const loaded = page.owner.next('Page.loadEventFired');
      await page.owner.send('Page.reload');
      await loaded;
      await page.owner.until(`globalThis.backendReady === '${backend}'`);
      const stopped = page.client.waitForEvent('stopped');
      await page.owner.evaluate('globalThis.go = true');
      await stopped;
      const { body } = await page.client.customRequest('tfjs/profile', { format: 'tree' });
      const text = JSON.stringify(body);
      assert.match(text, /MatMul/);
      // The page's script has no source map: its URL's path under the web root is the file.
      assert.ok(text.includes(JSON.stringify({ path: pageScript, line: lineOf(pageScript, 'MATMUL_LINE') }).slice(0, -1)), text.slice(0, 2000));
      await page.owner.send('Debugger.resume');
    });
  });
}
