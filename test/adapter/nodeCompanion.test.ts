/**
 * Following a Node program another debugger runs (js-debug's `node` launch, which the
 * extension makes preload the runtime): the companion finds the preloaded runtime through the
 * program's inspector and reads its tensors at a stop (of a TypeScript program run by tsx too,
 * at its .ts lines); a program without the runtime is refused with how to start it.
 */
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TensorResponseBody } from '../../protocol/customRequests';
import type { FlameNode, ProfileBody } from '../../protocol/runtimeApi';
import { markersOf } from '../lineMarkers';
import { floats, fixture, localVariables, repoRoot, startClient, startInspected, topFrame } from './support';

const program = fixture('followedNode.js');
const tsProgram = fixture(path.join('ts-followed', 'main.ts'));
const tsLine = markersOf(tsProgram);

/** Starts the fixture under `--inspect` on a free port, preloading the runtime or not. */
function startFixture(preload: boolean) {
  return startInspected(['--inspect=127.0.0.1:0', ...(preload ? ['-r', path.join(repoRoot, 'dist', 'runtime.js')] : []), program]);
}

describe('a Node program another debugger runs, followed', function () {
  this.timeout(60_000);
  let client: DebugClient;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
    child?.kill();
  });

  /** Follows the program at `url` until its next stop; answers the top frame, where `hidden` is, as its text and view show. */
  async function followToHidden(url: string): Promise<DebugProtocol.StackFrame> {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
      client.attachRequest({ companionCdpUrl: url } as DebugProtocol.AttachRequestArguments),
    ]);
    await stopped;
    const frame = await topFrame(client);
    assert.equal((await localVariables(client, frame.id)).get('hidden')?.value, 'float32[2,3] min=3 max=7 mean=5 std=2');
    const view = (await client.customRequest('tfjs/tensor', { expression: 'hidden', frameId: frame.id })).body as TensorResponseBody;
    assert.deepEqual(floats(view), [3, 3, 3, 7, 7, 7]);
    return frame;
  }

  it('reads the tensors of a stop through the preloaded runtime', async () => {
    const started = await startFixture(true);
    child = started.child;
    assert.equal((await followToHidden(started.url)).source?.path, program);
  });

  it('follows a TypeScript program run by tsx: its stop, its tensors and its profile at the .ts lines', async () => {
    const started = await startInspected(['--inspect=127.0.0.1:0', '-r', path.join(repoRoot, 'dist', 'runtime.js'), '--import', 'tsx', tsProgram]);
    child = started.child;
    const frame = await followToHidden(started.url);
    assert.deepEqual([frame.source?.path, frame.line], [tsProgram, tsLine('DEBUGGER_LINE')]);
    const profile = (await client.customRequest('tfjs/profile', {})).body as ProfileBody;
    const lines = new Set<string>();
    const visit = (node: FlameNode): void => {
      if (node.kind === 'call' && node.source) lines.add(`${path.basename(node.source.path)}:${node.source.line}`);
      node.children.forEach(visit);
    };
    visit(profile.root);
    for (const marker of ['FIT_LINE', 'HIDDEN_LINE'])
      assert.ok(lines.has(`main.ts:${tsLine(marker)}`), `no main.ts:${tsLine(marker)} (${marker}) among ${[...lines].join(', ')}`);
  });

  it('refuses a program started without the runtime, saying how to start it', async () => {
    const started = await startFixture(false);
    child = started.child;
    await assert.rejects(
      client.attachRequest({ companionCdpUrl: started.url } as DebugProtocol.AttachRequestArguments),
      /Cannot attach: the tfjs debugger runtime is not loaded in the program: start the program with the runtime preloaded \(node -r \S+runtime\.js\), or debug it with the tfjs debug type/,
    );
  });
});
