import * as assert from 'node:assert/strict';
import { SkipFiles, globToRegex } from '../../debug-adapter/services/skipFiles';

describe('skipFiles', () => {
  it('turns globs into regexes', () => {
    assert.equal(globToRegex('**/node_modules/**'), '(?:.*/)?node_modules\\/.*');
    assert.equal(globToRegex('/a/*.js'), '\\/a\\/[^/]*\\.js');
  });

  it('matches Node internals, packages by glob, absolute paths as paths or file URLs, and the runtime', () => {
    const skip = new SkipFiles(['<node_internals>/**', '**/node_modules/@tensorflow/**', '/work/lib/*.js']);
    assert.ok(skip.isSkipped('node:internal/timers'));
    assert.ok(skip.isSkipped('file:///work/main/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js'));
    assert.ok(skip.isSkipped('/work/lib/util.js'));
    assert.ok(skip.isSkipped('file:///work/lib/util.js'));
    assert.ok(skip.isSkipped('tfjs-debugger:///runtime.js'));
    assert.ok(!skip.isSkipped('file:///work/main/examples/mlp/train.js'));
    assert.ok(!skip.isSkipped('file:///work/lib/sub/util.js'));
  });

  it('skips a script the inspector never announced with Node internals, and only then', () => {
    assert.ok(new SkipFiles(['<node_internals>/**']).isSkipped(undefined));
    assert.ok(!new SkipFiles(['**/node_modules/@tensorflow/**']).isSkipped(undefined));
    assert.ok(!new SkipFiles([]).isSkipped(undefined));
  });
});
