/**
 * Announces CommonJS modules that carry a source map (TypeScript through tsx, or compiled
 * output) to the adapter before they compile, and waits for its go-ahead, so that the
 * breakpoints the user set in their sources are bound before the module's first line runs.
 * Node compiles CommonJS with `compileFunction`, which V8's "before script" instrumentation
 * does not see; ES modules are caught by that instrumentation in the adapter instead.
 */
import Module from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ScriptWillRun } from '../protocol/agentWire';
import { signalSlots } from './agent';

/** How long one module waits for the adapter before it runs regardless. */
const announceTimeoutMs = 5_000;

const marker = 'sourceMappingURL=';

/** The module's `sourceMappingURL`, from its last line. */
function sourceMapUrlOf(content: string): string | undefined {
  const at = content.lastIndexOf(marker);
  if (at < 0 || !/\/\/[#@]\s*$/.test(content.slice(Math.max(0, at - 8), at))) return undefined;
  const url = content.slice(at + marker.length).trim();
  return url && !/\s/.test(url) ? url : undefined;
}

/** Wraps `Module.prototype._compile` to announce source-mapped modules outside node_modules. */
export function announceSourceMappedModules(worker: Worker, signals: Int32Array): void {
  const moduleClass = Module as unknown as { prototype: { _compile(content: string, filename: string): unknown } };
  const compile = moduleClass.prototype._compile;
  const packages = `${path.sep}node_modules${path.sep}`;
  moduleClass.prototype._compile = function (this: unknown, content: string, filename: string, ...rest: unknown[]) {
    try {
      const sourceMapURL = typeof content === 'string' && !filename.includes(packages) ? sourceMapUrlOf(content) : undefined;
      if (sourceMapURL) {
        const ticket = Atomics.load(signals, signalSlots.scriptGo);
        const script: ScriptWillRun = { url: pathToFileURL(filename).href, sourceMapURL };
        worker.postMessage(script);
        Atomics.wait(signals, signalSlots.scriptGo, ticket, announceTimeoutMs);
      }
    } catch {
      // Never in the program's way: an unannounced module still runs, its breakpoints bind late.
    }
    return (compile as (...args: unknown[]) => unknown).call(this, content, filename, ...rest);
  };
}
