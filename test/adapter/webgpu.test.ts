/**
 * The webgpu backend in Node through Dawn's bindings (launch argument `backend: "webgpu"`),
 * on whatever adapter the machine has (Mesa's llvmpipe through OpenGL ES without a GPU): a
 * tf.layers model stopped in model.fit's onBatchEnd shows its tensors' statistics in Variables
 * read from the GPU while paused, views and edits them, and profiles its kernels, without a
 * tensor made or changed by looking; a NaN born on the GPU stops the program. A program that
 * sets up WebGPU itself (no launch argument) gets its model.fit tape with gradients read off
 * the GPU. On SwiftShader's Vulkan driver (Debian's chromium brings it), which offers
 * timestamp queries, the profile gives the GPU's own time per kernel. These are skipped where
 * Dawn finds no adapter. Without the webgpu package or an adapter, stderr says what is
 * missing and the program runs on its own backend.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TapeBody, TapeTensorKind, TensorResponseBody } from '../../protocol/customRequests';
import type { MemoryInfo, ModelInfo, ProfileBody } from '../../protocol/runtimeApi';
import { presentValues } from '../../runtime/tensorStats';
import { checkFirstBatchGradients } from './tapeFixtureGradients';
import { lineOf } from '../lineMarkers';
import { clientPerTest, fixture, floats, localVariables, repoRoot, runToBreakpoint, topFrame, waitForOutput } from './support';

const program = fixture('gpuFit.js');
const batchLine = lineOf(program, 'BATCH_LINE');
const tapeProgram = fixture('tapeTensors.js');
/** SwiftShader's Vulkan driver, as Debian's chromium package installs it. */
const swiftShaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** A Vulkan driver list naming no driver: Vulkan finds no adapter. */
const noVulkan = '/nonexistent/icd.json';

/** The adapter Dawn gives here, as the runtime asks for it; undefined when there is none. */
function dawnAdapter(): string | undefined {
  const probe = `require('webgpu').create(['backend=opengles']).requestAdapter({ featureLevel: 'compatibility' }).then((a) => console.log(a ? 'adapter ' + a.info.description : 'none'), () => console.log('none'))`;
  try {
    const out = execFileSync('node', ['-e', probe], {
      cwd: repoRoot,
      env: { ...process.env, EGL_PLATFORM: 'surfaceless' },
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return /^adapter (.*)$/m.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

describe('webgpu in Node', function () {
  this.timeout(120_000);
  let client: DebugClient;
  before(function () {
    if (!dawnAdapter()) this.skip(); // no WebGPU adapter on this machine: Dawn's OpenGL ES backend needs Mesa's EGL
  });
  clientPerTest((started) => (client = started));

  const memory = async (): Promise<MemoryInfo> => (await client.customRequest('tfjs/memory')).body as MemoryInfo;

  async function continueToStop(): Promise<number> {
    const stopped = client.waitForEvent('stopped');
    await client.continueRequest({ threadId: 1 });
    await stopped;
    return (await topFrame(client)).id;
  }

  it('shows, views, edits and profiles webgpu tensors at a stop in onBatchEnd', async () => {
    let output = '';
    client.on('output', (event: { body: { category?: string; output: string } }) => {
      if (event.body.category === 'stdout') output += event.body.output;
    });
    // No Vulkan driver file: Dawn's OpenGL ES adapter, as on a machine without a GPU.
    await runToBreakpoint(client, { program, backend: 'webgpu', env: { VK_ICD_FILENAMES: noVulkan } }, program, [batchLine]);
    const frameId = (await topFrame(client)).id;
    const before = await memory();
    assert.equal(before.backend, 'webgpu');
    // Dawn's OpenGL ES adapter, as the device names itself.
    assert.match(before.adapter ?? '', /OpenGL ES/);
    const locals = await localVariables(client, frameId);
    const kernelText = locals.get('kernel')?.value ?? '';
    assert.match(kernelText, /^float32\[64,16\] min=/);
    assert.match(locals.get('hidden')?.value ?? '', /^float32\[32,16\] min=0 max=/);

    const view = (await client.customRequest('tfjs/tensor', { expression: 'kernel', frameId, full: true })).body as TensorResponseBody;
    assert.deepEqual(view.shape, [64, 16]);
    const seen = floats(view);
    assert.equal(seen.length, 64 * 16);
    // The hover's thumbnail, as the extension asks for it: a view block-reduced to 8×8.
    const thumbnail = (await client.customRequest('tfjs/tensor', { expression: 'kernel', frameId, maxSize: [8, 8] })).body as TensorResponseBody;
    const blocks = floats(thumbnail);
    assert.equal(blocks.length, 8 * 8);
    const blockMean = seen.filter((_, i) => Math.floor(i / 16) < 8 && i % 16 < 2).reduce((a, b) => a + b, 0) / 16;
    assert.ok(Math.abs(blocks[0] - blockMean) < 1e-5, `${blocks[0]} vs ${blockMean}`);
    assert.equal((await client.customRequest('tfjs/memory')).body.numTensors, before.numTensors);

    // The first layer's output in the step's forward pass, summed up on the GPU and read back
    // later: a ReLU's, so none below 0; every finite value in a bin; no dead units there.
    const { models } = (await client.customRequest('tfjs/models')).body as { models: ModelInfo[] };
    const firstOutput = models[0].layers[0].output;
    assert.ok(firstOutput?.summary, JSON.stringify(firstOutput));
    assert.deepEqual([firstOutput.shape, firstOutput.step, firstOutput.deadUnits], [[32, 16], 1, undefined]);
    const { min, mean, max, nanCount, infCount, histogram } = firstOutput.summary;
    assert.equal(
      histogram.reduce((a, b) => a + b, 0),
      32 * 16 - nanCount - infCount,
    );
    assert.ok(min === 0 && mean > 0 && max > mean, JSON.stringify(firstOutput.summary));

    const profile = (await client.customRequest('tfjs/profile')).body as ProfileBody;
    const ops = profile.byOp.map((op) => op.op);
    assert.ok(ops.some((op) => /MatMul/.test(op)) && ops.includes('Relu'), ops.join(' '));
    // OpenGL ES has no timestamp queries: the times are the CPU's dispatch, and the profile says so.
    assert.deepEqual(profile.timing, { backend: 'webgpu', kernelTime: 'dispatch', gpuTime: 'unavailable' });

    await client.customRequest('tfjs/setTensor', { expression: 'kernel', frameId, index: [0, 0], value: 5 });
    const edited = floats((await client.customRequest('tfjs/tensor', { expression: 'kernel', frameId, full: true })).body as TensorResponseBody);
    assert.equal(edited[0], 5);
    assert.deepEqual(edited.slice(1), seen.slice(1));
    // A tensor that is no Variable is replaced by one holding the edit, read off the GPU around it.
    const hiddenBefore = floats((await client.customRequest('tfjs/tensor', { expression: 'hidden', frameId, full: true })).body as TensorResponseBody);
    await client.customRequest('tfjs/setTensor', { expression: 'hidden', frameId, index: [1, 2], value: 7 });
    const hiddenAfter = floats((await client.customRequest('tfjs/tensor', { expression: 'hidden', frameId, full: true })).body as TensorResponseBody);
    assert.deepEqual(
      hiddenAfter,
      hiddenBefore.map((value, i) => (i === 16 + 2 ? 7 : value)),
    );

    const printed = waitForOutput(client, 'stdout', 'kernel [');
    await client.continueRequest({ threadId: 1 });
    await printed;
    await client.waitForEvent('terminated');
    assert.match(output, /^backend webgpu$/m);
    const after = JSON.parse(/^kernel (\[.*\])$/m.exec(output)?.[1] ?? '[]') as number[];
    assert.equal(after[0], 5);
    // The values the Variables line summarised are the ones tfjs itself reads after the run.
    assert.equal(kernelText, presentValues('float32', [64, 16], [seen[0], ...after.slice(1)]));
    assert.deepEqual(after.slice(1), seen.slice(1));
  });

  it("records a model.fit step's tape with its gradients read off the GPU, where the program set up webgpu itself", async () => {
    await runToBreakpoint(client, { program: tapeProgram, env: { TFJS_BACKEND: 'webgpu' } }, tapeProgram, [
      lineOf(tapeProgram, 'READY_LINE'),
      lineOf(tapeProgram, 'BATCH_LINE'),
    ]);
    // As the tape panel does before the step: on a GPU, gradients are read only once it asked.
    await assert.rejects(client.customRequest('tfjs/tape', { values: true }), /no gradient tape recorded yet/);
    const frameId = await continueToStop();
    const before = await memory();
    assert.equal(before.backend, 'webgpu');
    const tape = (await client.customRequest('tfjs/tape')).body as TapeBody;
    const read = async (tensorId: number, kind: TapeTensorKind): Promise<TensorResponseBody> =>
      (await client.customRequest('tfjs/tensor', { tape: tape.id, tensorId, kind, frameId })).body as TensorResponseBody;
    await checkFirstBatchGradients(tape, read);
    assert.equal((await memory()).numTensors, before.numTensors);
  });

  it("gives the GPU's own time per kernel where the adapter has timestamp queries (SwiftShader's Vulkan)", async function () {
    if (!fs.existsSync(swiftShaderIcd)) this.skip(); // no SwiftShader Vulkan driver: Debian's chromium brings it
    const env = { VK_ICD_FILENAMES: swiftShaderIcd };
    await runToBreakpoint(client, { program: tapeProgram, backend: 'webgpu', env }, tapeProgram, [lineOf(tapeProgram, 'BATCH_LINE')]);
    assert.match((await memory()).adapter ?? '', /SwiftShader/);
    const off = (await client.customRequest('tfjs/profile', { gpuTime: true, reset: true })).body as ProfileBody;
    assert.deepEqual(off.timing, { backend: 'webgpu', kernelTime: 'dispatch', gpuTime: 'on' });
    await continueToStop();
    await continueToStop();
    const profile = (await client.customRequest('tfjs/profile')).body as ProfileBody;
    const matMul = profile.byOp.find((op) => /MatMul/.test(op.op));
    assert.ok(matMul?.gpuCount && matMul.gpuCount > 0 && (matMul.gpuMs ?? 0) > 0, JSON.stringify(profile.byOp));
  });

  it('stops where a NaN is born on the GPU, naming the kernel and the line', async () => {
    const nanProgram = fixture('gpuNaN.js');
    const ended = new Promise<string>((resolve) => {
      client.once('stopped', (event: DebugProtocol.StoppedEvent) => resolve(event.body.description ?? event.body.reason));
      client.once('terminated', () => resolve('the program ended without a stop'));
    });
    await Promise.all([
      client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
      client.launch({ program: nanProgram, backend: 'webgpu', breakOnNaN: true }),
    ]);
    assert.equal(await ended, `NaN/Inf in output of Log (gpuNaN.js:${lineOf(nanProgram, 'LOG_LINE')})`);
  });
});

describe('webgpu in Node, set up where it cannot be', function () {
  this.timeout(120_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  /** Runs the program to its end; answers what it printed on stdout and stderr. */
  async function runToEnd(args: Record<string, unknown>): Promise<{ stdout: string; stderr: string }> {
    const printed = { stdout: '', stderr: '' };
    client.on('output', (event: { body: { category?: string; output: string } }) => {
      if (event.body.category === 'stdout' || event.body.category === 'stderr') printed[event.body.category] += event.body.output;
    });
    const ended = client.waitForEvent('terminated');
    await Promise.all([client.configurationSequence(), client.launch(args)]);
    await ended;
    return printed;
  }

  it('says that no adapter answered, and the program runs on its own backend', async () => {
    // Neither Vulkan (no driver file) nor OpenGL ES (no such EGL platform) can answer.
    const env = { EGL_PLATFORM: 'no-such-platform', VK_ICD_FILENAMES: noVulkan };
    const { stdout, stderr } = await runToEnd({ program, backend: 'webgpu', env });
    assert.match(stderr, /tfjs-debugger: backend "webgpu" from the launch configuration found no WebGPU adapter: .*Mesa's EGL and GLES libraries/);
    assert.match(stdout, /^backend cpu$/m);
    assert.match(stdout, /^kernel \[/m);
  });

  it('names the webgpu package and how to install it when the project lacks it', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-no-webgpu-'));
    try {
      fs.mkdirSync(path.join(project, 'node_modules'));
      fs.symlinkSync(path.join(repoRoot, 'node_modules', '@tensorflow'), path.join(project, 'node_modules', '@tensorflow'));
      const copy = path.join(project, 'gpuFit.js');
      fs.copyFileSync(program, copy);
      const { stdout, stderr } = await runToEnd({ program: copy, backend: 'webgpu' });
      assert.match(
        stderr,
        /backend "webgpu" from the launch configuration needs the webgpu package \(Dawn's Node bindings\).*install it with npm install webgpu/,
      );
      assert.match(stdout, /^backend cpu$/m);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
