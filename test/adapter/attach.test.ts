/**
 * `attach` to a program started by hand with `node --inspect-brk -r dist/runtime.js`: the
 * same breakpoints and tensor views as launch; disconnecting leaves the program running.
 */
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { exampleLine, exampleProgram, localVariables, repl, repoRoot, startClient, startInspected, topFrame } from './support';

describe('attach', function () {
  this.timeout(60_000);
  let client: DebugClient;
  let program: ChildProcess | undefined;

  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
    program?.kill();
  });

  it('stops at a breakpoint with tensors shown as in launch, and leaves the program running on disconnect', async () => {
    const started = await startInspected(['--inspect-brk=127.0.0.1:0', '-r', path.join(repoRoot, 'dist', 'runtime.js'), exampleProgram], { MLP_STEPS: '2' });
    program = started.child;
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      client.waitForEvent('initialized').then(async () => {
        await client.setBreakpointsRequest({ source: { path: exampleProgram }, breakpoints: [{ line: exampleLine('MODEL_RETURN_LINE') }] });
        await client.configurationDoneRequest();
      }),
      client.attachRequest({ port: started.port } as DebugProtocol.AttachRequestArguments),
    ]);
    assert.equal((await stopped).body.reason, 'breakpoint');
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, exampleProgram);
    assert.equal(frame.line, exampleLine('MODEL_RETURN_LINE'));
    const output = (await localVariables(client, frame.id)).get('output');
    assert.match(output?.value ?? '', /^float32\[64,1\] min=\S+ max=\S+ mean=\S+ std=\S+$/);
    assert.equal(await repl(client, 'tf.matMul(hidden, w2).shape', frame.id), '[64, 1]');

    await client.setBreakpointsRequest({ source: { path: exampleProgram }, breakpoints: [] });
    await client.continueRequest({ threadId: 1 });
    await client.disconnectRequest({});
    const code = await new Promise<number | null>((resolve) => started.child.once('exit', resolve));
    assert.equal(code, 0);
    assert.match(started.output(), /^step 1 loss /m);
  });

  it('says how to start the program when nothing listens', async () => {
    await client.initializeRequest();
    await assert.rejects(
      client.attachRequest({ port: 1 } as DebugProtocol.AttachRequestArguments),
      /Cannot attach: nothing listens at 127\.0\.0\.1:1; start the program with node --inspect=1 -r <runtime\.js>/,
    );
  });

  it('says how to load the runtime when the program was started without it', async () => {
    const child = spawn('node', ['--inspect=127.0.0.1:0', '-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'ignore', 'pipe'] });
    program = child;
    const port = await new Promise<number>((resolve) => {
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
        const match = /ws:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr);
        if (match) resolve(Number(match[1]));
      });
    });
    await client.initializeRequest();
    await assert.rejects(
      client.attachRequest({ port } as DebugProtocol.AttachRequestArguments),
      /the tfjs debugger runtime is not loaded in the program; start the program with: node --inspect=\d+ -r \S+runtime\.js <program>/,
    );
  });
});
