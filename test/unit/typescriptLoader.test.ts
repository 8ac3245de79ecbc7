import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { typescriptLoaderArgs } from '../../debug-adapter/targets/node/typescriptLoader';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('TypeScript loader', () => {
  it('loads tsx for TypeScript programs only, unless the user brings a loader', () => {
    assert.deepEqual(typescriptLoaderArgs('/p/a.js', '/p', []), []);
    const args = typescriptLoaderArgs('/p/a.ts', '/p', [], [repoRoot]);
    assert.equal(args[0], '--import');
    assert.match(args[1], /^file:\/\/.*\/node_modules\/tsx\/dist\/loader\.mjs$/);
    assert.deepEqual(typescriptLoaderArgs('/p/a.mts', '/p', ['--import', 'tsx']), []);
  });

  it('says how to get tsx when it is not installed', () => {
    assert.throws(() => typescriptLoaderArgs('/nowhere/a.ts', '/nowhere', [], ['/nowhere']), {
      message:
        "program: /nowhere/a.ts is TypeScript and tsx was not found; install it in the program's project (npm install --save-dev tsx), or load your own with runtimeArgs",
    });
  });
});
