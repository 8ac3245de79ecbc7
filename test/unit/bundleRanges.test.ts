/**
 * A bundled page's source map as the adapter reads it: the ranges of its library code sent to
 * the runtime (bundleRanges.ts), and where its original files are on disk, as the JavaScript
 * debugger finds them with its `webRoot` (pageSources.ts).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TraceMap } from '@jridgewell/trace-mapping';
import { bundleRanges } from '../../debug-adapter/services/bundleRanges';
import { localPathOfSource } from '../../debug-adapter/services/pageSources';

const scriptUrl = 'http://127.0.0.1:8080/dist/bundle.js';
const webRoot = path.resolve('/work/app');

describe("a bundled page's source map", () => {
  it('gives the ranges of each original kind, merged, with the unmapped code as the bundler’s', () => {
    // Sources: 0 tfjs-core (library), 1 tfjs-layers (model), 2 the user's main.js.
    const map = new TraceMap(
      {
        version: 3,
        sources: ['../node_modules/@tensorflow/tfjs-core/dist/ops.js', '../node_modules/@tensorflow/tfjs-layers/dist/training.js', '../src/main.js'],
        names: [],
        mappings: [
          [], // line 1: the bundler's helpers
          [
            [0, 0, 0, 0],
            [8, 0, 0, 4],
          ],
          [
            [2, 1, 10, 0],
            [20, 1, 10, 9],
            [30, 2, 3, 0],
          ],
          [[0], [4, 2, 4, 0]],
        ],
      },
      `${scriptUrl}.map`,
    );
    assert.deepEqual(bundleRanges(map, ['library', 'model', 'user']), {
      starts: [1, 1, 2, 1, 3, 3, 3, 31, 4, 1, 4, 5],
      kinds: ['generated', 'library', 'model', 'user', 'generated', 'user'],
    });
  });

  it('names original files by the web root: under the page’s origin and webpack:// (js-debug’s overrides)', () => {
    const local = (source: string, root = webRoot): string => localPathOfSource(source, scriptUrl, root);
    assert.equal(local('http://127.0.0.1:8080/src/main.js'), path.join(webRoot, 'src', 'main.js'));
    assert.equal(local('http://127.0.0.1:8080/src/my%20model.js'), path.join(webRoot, 'src', 'my model.js'));
    assert.equal(local('webpack://app/src/main.js'), path.join(webRoot, 'src', 'main.js'));
    assert.equal(local('webpack://@scope/app/src/main.js'), path.join(webRoot, 'src', 'main.js'));
    assert.equal(local('webpack://app/~/@tensorflow/tfjs-core/dist/ops.js'), path.join(webRoot, 'node_modules', '@tensorflow', 'tfjs-core', 'dist', 'ops.js'));
    assert.equal(local('webpack:////home/me/app/src/main.js'), path.normalize('/home/me/app/src/main.js'));
    assert.equal(local('file:///home/me/app/src/main.js'), path.normalize('/home/me/app/src/main.js'));
  });

  it('keeps the URL of an original file that is not under the page’s origin, or when no web root is known', () => {
    const local = (source: string, root = webRoot): string => localPathOfSource(source, scriptUrl, root);
    assert.equal(local('https://cdn.example.com/src/main.js'), 'https://cdn.example.com/src/main.js');
    assert.equal(local('http://127.0.0.1:8080/src/main.js', ''), 'http://127.0.0.1:8080/src/main.js');
    assert.equal(local('webpack://app/src/main.js', ''), 'webpack://app/src/main.js');
  });
});
