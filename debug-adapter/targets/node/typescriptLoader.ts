/**
 * How a TypeScript program runs: through tsx (`--import`), a maintained loader that handles
 * CommonJS and ES modules, extensionless imports and path aliases, and emits inline source
 * maps. tsx is looked up from the program's folder, then `cwd`, then beside the adapter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LaunchArgumentError } from '../checkArguments';

const typescriptFile = /\.(ts|mts|cts|tsx)$/;

/** Whether a program file needs a TypeScript loader. */
export function isTypeScript(program: string): boolean {
  return typescriptFile.test(program);
}

/** The Node flags that load tsx for a TypeScript program (none for JavaScript). */
export function typescriptLoaderArgs(
  program: string,
  cwd: string,
  runtimeArgs: readonly string[],
  searchFrom: readonly string[] = [path.dirname(program), cwd, __dirname],
): string[] {
  if (!isTypeScript(program)) return [];
  // The user chose a loader of their own (`--import tsx`, `--loader ts-node/esm`, ...).
  if (runtimeArgs.some((arg) => /^--(import|loader|experimental-loader|require|experimental-strip-types)\b|^-r$/.test(arg))) return [];
  for (const from of searchFrom) {
    try {
      const manifestPath = require.resolve('tsx/package.json', { paths: [from] });
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { exports?: Record<string, unknown> };
      const entry = manifest.exports?.['.'];
      const loader = typeof entry === 'string' ? entry : ((entry as { import?: string } | undefined)?.import ?? './dist/loader.mjs');
      return ['--import', pathToFileURL(path.join(path.dirname(manifestPath), loader)).href];
    } catch {
      // Not installed there; try the next place.
    }
  }
  throw new LaunchArgumentError(
    `program: ${program} is TypeScript and tsx was not found; install it in the program's project (npm install --save-dev tsx), or load your own with runtimeArgs`,
  );
}
