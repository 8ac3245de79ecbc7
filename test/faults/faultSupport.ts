/**
 * Helpers of the fault suite: what a debug session leaves behind (the adapter's child
 * processes, the program's process, its private socket folder, listening TCP sockets) and
 * the state of a paused program that a failing request must not change.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { runtimeEnv } from '../../protocol/runtimeApi';
import { isAlive, repl } from '../adapter/support';

export const faultFixture = (name: string): string => path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'faults', name);

/** The adapter process a DebugClient started. */
export function adapterPid(client: DebugClient): number {
  const pid = (client as unknown as { _adapterProcess?: { pid?: number } })._adapterProcess?.pid;
  assert.ok(pid, 'the DebugClient has no adapter process');
  return pid;
}

/** The live child processes of a process (Linux /proc). */
export function childPids(pid: number): number[] {
  const tasks = `/proc/${pid}/task`;
  if (!fs.existsSync(tasks)) return [];
  return fs
    .readdirSync(tasks)
    .flatMap((task) => {
      try {
        return fs
          .readFileSync(path.join(tasks, task, 'children'), 'utf8')
          .trim()
          .split(/\s+/);
      } catch {
        return [];
      }
    })
    .filter(Boolean)
    .map(Number);
}

/** Resolves once `pid` is gone, or rejects after `timeoutMs`. */
export async function gone(pid: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still alive after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The TCP sockets a process listens on (Linux /proc), as `address:port` in hex. */
export function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // A descriptor closed while reading.
    }
  }
  const listening: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // Fields: sl local remote state ... inode (the tenth).
      if (fields[3] === '0A' && inodes.has(fields[9])) listening.push(fields[1]);
    }
  }
  return listening;
}

/**
 * The program's pid and its agent socket path, read at a stop (the socket from the process's
 * initial environment: the runtime hides it from the program's own `process.env`).
 */
export async function programOf(client: DebugClient, frameId: number): Promise<{ pid: number; socket: string }> {
  const pid = Number(await repl(client, 'process.pid', frameId));
  const environment = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const socket = environment.find((entry) => entry.startsWith(`${runtimeEnv.socket}=`))?.slice(runtimeEnv.socket.length + 1);
  assert.ok(socket, `${runtimeEnv.socket} is not in the program's environment`);
  return { pid, socket };
}

/** Asserts that nothing of a session is left: no program process, no socket folder, no adapter child. */
export async function assertNothingLeft(client: DebugClient, program: { pid: number; socket: string }): Promise<void> {
  await gone(program.pid);
  assert.equal(fs.existsSync(path.dirname(program.socket)), false, `${path.dirname(program.socket)} was left behind`);
  assert.deepEqual(childPids(adapterPid(client)), []);
}
