/**
 * The runtime's host in a Node program (host.ts): the runtime's own frames are those of its
 * folder, `file:` URLs of ES modules are shown as paths, the NaN sentinel is compiled by
 * `vm` under its own file name, the `tf` namespace is found in `require.cache` (preferring the
 * most complete package loaded), tf.layers is followed through the module loader, and views
 * go through the agent when there is one.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import * as vm from 'node:vm';
import { nanSentinelUrl } from '../protocol/runtimeApi';
import { offloadView, transfer } from './binaryChannel';
import type { RuntimeHost } from './host';
import { isLayersExports, type LayersExports } from './recorder/modelScopes';

/** The runtime's own code (one bundle; its folder when run from the compiled sources in tests). */
const ownFolder = path.dirname(__filename) + path.sep;

/** Packages whose main module exports a `tf` namespace, most complete first. */
const namespacePackages = ['tfjs-node-gpu', 'tfjs-node', 'tfjs', 'tfjs-core'];
const tensorflowModule = /[\\/]node_modules[\\/]@tensorflow[\\/]([^\\/]+)[\\/]/;

/** The program's `tf` namespace (the exports of its tfjs package), if it loaded one. */
function findNamespace(): object | undefined {
  const cache = require.cache;
  const packageDirs = new Map<string, string>();
  for (const file of Object.keys(cache)) {
    const match = tensorflowModule.exec(file);
    if (match && namespacePackages.includes(match[1]) && !packageDirs.has(match[1])) {
      packageDirs.set(match[1], file.slice(0, match.index + match[0].length - 1));
    }
  }
  for (const name of namespacePackages) {
    const dir = packageDirs.get(name);
    if (!dir) continue;
    const main = mainModule(dir);
    const exports = main && cache[main]?.exports;
    if (exports && typeof exports === 'object') return exports;
  }
  return undefined;
}

function mainModule(packageDir: string): string | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { main?: string };
    return require.resolve(path.join(packageDir, manifest.main ?? 'index.js'));
  } catch {
    return undefined;
  }
}

/**
 * Calls `onLayers` with the exports of each tfjs-layers copy the program loads (through
 * `require`, which the tfjs packages use for one another, from CommonJS and ES modules alike).
 */
function watchLayersModules(onLayers: (exports: LayersExports) => void): void {
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load;
  loader._load = function (this: unknown, ...args: [string, unknown, boolean]) {
    const exports = load.apply(this, args);
    try {
      if (args[0].includes('tfjs-layers') && isLayersExports(exports)) onLayers(exports);
    } catch {
      // The program's tfjs-layers stays as it is.
    }
    return exports;
  };
}

export const nodeHost: RuntimeHost = {
  isOwnScript: (file) => file.startsWith(ownFolder),
  scriptPath: (file) => (file.startsWith('file:') ? fileURLToPath(file) : file),
  compileSentinelStop: () => vm.runInThisContext('(function nanSentinelStop() {\n  debugger;\n})', { filename: nanSentinelUrl }) as () => void,
  formatValue: (value) => inspect(value, { depth: 2, breakLength: Infinity }),
  base64: (data) => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
  findNamespace,
  noNamespace: 'tfjs is not loaded in the program',
  watchLayers: watchLayersModules,
  binary: { offloadView, transfer },
};
