/**
 * The .vsix holds what runs and nothing else: the manifest, the bundles, README with its
 * pictures, LICENSE (as `vsce ls` lists what `npm run package` would pack).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('packaging', function () {
  this.timeout(60_000);

  it('packs the bundles, the manifest, README with its pictures and LICENSE only', () => {
    const listed = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .sort();
    assert.deepEqual(listed, [
      'LICENSE',
      'README.md',
      'dist/debug-adapter.js',
      'dist/extension.js',
      'dist/runtime-browser.js',
      'dist/runtime.js',
      'dist/webviews/heatmap.css',
      'dist/webviews/heatmap.js',
      'dist/webviews/profile.css',
      'dist/webviews/profile.js',
      'dist/webviews/tape.css',
      'dist/webviews/tape.js',
      'dist/webviews/tapeLayout.js',
      'docs/browser-heatmap.png',
      'docs/bundled-page-tape.png',
      'docs/heatmap-in-vscode.png',
      'docs/heatmap.png',
      'docs/profile.png',
      'docs/tape.png',
      'docs/variables.png',
      'package.json',
    ]);
  });
});
