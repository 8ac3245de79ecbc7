/**
 * The runtime's entry, preloaded into the debugged program with `--require`. It must never
 * throw into user code and must install once: everything is behind a try/catch and a
 * non-enumerable global flag. In the program's main thread it hooks the tfjs engine, installs
 * the runtime API, starts the CDP agent worker and holds the main module until the adapter has
 * set the breakpoints and the launch configuration's backend has started; in the agent worker
 * it runs the agent.
 */
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { runtimeEnv } from '../protocol/runtimeApi';
import { type AgentData, runAgent, signalCount, signalSlots } from './agent';
import { useAgent } from './binaryChannel';
import { installApi } from './api';
import { useHost } from './host';
import { nodeHost } from './nodeHost';
import { hookEngine } from './programTfjs';
import { followLayers, instrument } from './programRecorder';
import { startLaunchBackend } from './launchBackend';
import { currentSettings, loadSettings } from './settings';
import { announceSourceMappedModules } from './sourceMapAnnouncer';

const installedFlag = Symbol.for('tfjs-debugger.runtime');

/** How long the program waits for the adapter's go-ahead before running on regardless. */
const holdTimeoutMs = 30_000;

function isAgentWorker(data: unknown): data is AgentData {
  return typeof data === 'object' && data !== null && (data as AgentData).tfjsDebuggerAgent === true;
}

/** Removes our preload and socket from the environment so child processes run undebugged. */
function scrubEnvironment(): void {
  delete process.env[runtimeEnv.socket];
  delete process.env[runtimeEnv.settings];
  const options = process.env.NODE_OPTIONS;
  if (options) {
    const scrubbed = options.replace(/--require[= ]("[^"]*runtime\.js"|\S*runtime\.js)/, '').trim();
    if (scrubbed) process.env.NODE_OPTIONS = scrubbed;
    else delete process.env.NODE_OPTIONS;
  }
}

/** Connects the program to the adapter that launched it and waits for its go-ahead. */
function startAgent(socketPath: string): void {
  const signals = new SharedArrayBuffer(signalCount * Int32Array.BYTES_PER_ELEMENT);
  const data: AgentData = { tfjsDebuggerAgent: true, socketPath, signals };
  const worker = new Worker(__filename, { workerData: data, execArgv: [], stdout: false, stderr: false });
  // The agent must not keep a finished program alive.
  worker.unref();
  useAgent(worker);
  announceSourceMappedModules(worker, new Int32Array(signals));
  process.once('exit', () => {
    const slots = new Int32Array(signals);
    Atomics.store(slots, signalSlots.exiting, 1);
    Atomics.notify(slots, signalSlots.exiting);
    Atomics.wait(slots, signalSlots.detached, 0, 500);
  });
  // The adapter sets breakpoints through the agent while this thread waits here: V8 serves
  // the inspector's requests inside Atomics.wait.
  if (Atomics.wait(new Int32Array(signals), signalSlots.release, 0, holdTimeoutMs) === 'timed-out') {
    process.stderr.write('tfjs-debugger: the debug adapter did not answer; running without it.\n');
  }
}

function install(): void {
  const global = globalThis as Record<symbol, unknown>;
  if (global[installedFlag]) return;
  Object.defineProperty(globalThis, installedFlag, { value: true, enumerable: false });
  if (!isMainThread) {
    if (isAgentWorker(workerData)) runAgent(workerData);
    return;
  }
  useHost(nodeHost);
  const socketPath = process.env[runtimeEnv.socket];
  loadSettings(process.env[runtimeEnv.settings]);
  scrubEnvironment();
  hookEngine(instrument);
  followLayers();
  installApi();
  // Without the adapter's socket the program was started by hand for `attach`
  // (`node --inspect -r runtime.js`): the debugger connects through the inspector instead.
  if (socketPath) startAgent(socketPath);
  const { backend } = currentSettings();
  if (backend !== 'auto') startLaunchBackend(backend);
}

try {
  install();
} catch (error) {
  process.stderr.write(`tfjs-debugger: runtime not installed: ${String(error)}\n`);
}
