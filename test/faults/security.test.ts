/**
 * Fault suite, security: a debug session opens no TCP port (the program's inspector stays
 * closed, the agent talks over a Unix socket in a private 0700 folder that is removed at
 * the end), `--server` mode listens on 127.0.0.1 only, and the program never sees the
 * debugger's environment variables (nor do its child processes).
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { runtimeEnv } from '../../protocol/runtimeApi';
import { adapterPath, clientPerTest, repl, runToBreakpoint, topFrame } from '../adapter/support';
import { lineOf } from '../lineMarkers';
import { adapterPid, faultFixture, gone, listeningSockets, programOf } from './faultSupport';

const program = faultFixture('inspect.js');
const stopLine = lineOf(program, 'STOP_LINE');

describe('faults: security', function () {
  this.timeout(60_000);
  let client: DebugClient;
  clientPerTest((started) => (client = started));

  it('opens no TCP port in the program or the adapter, and no inspector', async () => {
    await runToBreakpoint(client, { program }, program, [stopLine]);
    const frameId = (await topFrame(client)).id;
    const { pid } = await programOf(client, frameId);
    assert.deepEqual(listeningSockets(pid), []);
    assert.deepEqual(listeningSockets(adapterPid(client)), []);
    assert.equal(await repl(client, "process.getBuiltinModule('node:inspector').url()", frameId), 'undefined');
  });

  it('talks to the program over a socket in a private folder, removed at the end', async () => {
    await runToBreakpoint(client, { program }, program, [stopLine]);
    const left = await programOf(client, (await topFrame(client)).id);
    const folder = path.dirname(left.socket);
    assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
    assert.equal(fs.statSync(folder).uid, process.getuid?.());
    assert.ok(fs.statSync(left.socket).isSocket());
    const terminated = client.waitForEvent('terminated');
    await client.terminateRequest({});
    await terminated;
    await gone(left.pid);
    assert.equal(fs.existsSync(folder), false);
  });

  it("hides the debugger's environment from the program and its child processes", async () => {
    await runToBreakpoint(client, { program }, program, [stopLine]);
    const frameId = (await topFrame(client)).id;
    for (const name of [runtimeEnv.socket, runtimeEnv.settings, 'NODE_OPTIONS']) {
      assert.equal(await repl(client, `String(process.env.${name})`, frameId), "'undefined'", name);
    }
    const child = await repl(
      client,
      `process.getBuiltinModule('node:child_process').execFileSync(process.execPath, ['-e', 'process.stdout.write(Object.keys(process.env).filter((k) => /TFJS_DEBUGGER|NODE_OPTIONS/.test(k)).join())']).toString()`,
      frameId,
    );
    assert.equal(child, "''");
  });
});

describe('faults: security of --server mode', function () {
  this.timeout(30_000);

  it('listens on 127.0.0.1 only', async () => {
    const adapter = spawn('node', [adapterPath, '--server=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const port = await new Promise<number>((resolve) =>
        adapter.stderr.on('data', (chunk: Buffer) => {
          const match = /listening on 127\.0\.0\.1:(\d+)/.exec(chunk.toString());
          if (match) resolve(Number(match[1]));
        }),
      );
      const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
      assert.deepEqual(listeningSockets(adapter.pid as number), [`0100007F:${hexPort}`]);
    } finally {
      adapter.kill('SIGKILL');
    }
  });
});
