/**
 * The .vsix holds what runs and what the Marketplace shows, and nothing else: the manifest, the
 * bundles, README, CHANGELOG, LICENSE and the icon (as `vsce ls` lists them, and as
 * `npm run package` really packs them), with README's links made absolute so that its pictures
 * show on the Marketplace and Open VSX.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { zipEntries } from '../zipEntries';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

const packedFiles = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/debug-adapter.js',
  'dist/extension.js',
  'dist/runtime-browser.js',
  'dist/runtime.js',
  'dist/webviews/heatmap.css',
  'dist/webviews/heatmap.js',
  'dist/webviews/model.css',
  'dist/webviews/model.js',
  'dist/webviews/profile.css',
  'dist/webviews/profile.js',
  'dist/webviews/tape.css',
  'dist/webviews/tape.js',
  'dist/webviews/tapeLayout.js',
  'images/icon.png',
  'package.json',
];

/**
 * The bundles are about 1.3 MB and compress to about 320 KB; the bound leaves them room to grow
 * and fails on what must not be packed: the source maps (about 1 MB more, compressed) or README's
 * screenshots (1.3 MB of PNG, which does not compress).
 */
const MAX_VSIX_BYTES = 512 * 1024;

/** Image sources of a Markdown text: `![alt](src)` and `<img src="...">`. */
function imageSources(markdown: string): string[] {
  return [...markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...markdown.matchAll(/<img[^>]+src=["']([^"']+)/g)].map((match) => match[1]);
}

describe('packaging', function () {
  this.timeout(120_000);

  before(() => {
    // `npm test` builds before the suites run; a lone run of this file may come first.
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: repoRoot });
  });

  it('lists the bundles, the manifest, README, CHANGELOG, LICENSE and the icon only', () => {
    const listed = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .sort();
    assert.deepEqual(listed, packedFiles);
  });

  describe('npm run package', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const repository = String(manifest.repository?.url ?? '').replace(/\.git$/, '');
    let folder: string;
    let vsixBytes: number;
    let entries: Map<string, Buffer>;

    before(() => {
      // The package script's own vsce command, writing to a folder of the test's.
      const script = /^npm run build && vsce package(?<flags>( --[\w-]+)*) -o tfjs-model-debugger\.vsix$/.exec(manifest.scripts.package);
      assert.ok(
        script?.groups,
        `package.json's package script is not "npm run build && vsce package <flags> -o tfjs-model-debugger.vsix": ${manifest.scripts.package}`,
      );
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-vsix-'));
      const vsix = path.join(folder, 'tfjs-model-debugger.vsix');
      const flags = script.groups.flags.trim().split(' ').filter(Boolean);
      execFileSync('npx', ['vsce', 'package', ...flags, '-o', vsix], { cwd: repoRoot, encoding: 'utf8' });
      vsixBytes = fs.statSync(vsix).size;
      entries = zipEntries(fs.readFileSync(vsix));
    });

    after(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('packs the files vsce lists, under their package names, and nothing else', () => {
      const packageNames: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };
      const expected = ['[Content_Types].xml', 'extension.vsixmanifest', ...packedFiles.map((file) => `extension/${packageNames[file] ?? file}`)].sort();
      const names = [...entries.keys()].sort();
      console.log(`      ${names.length} files: ${names.join(', ')}`);
      assert.deepEqual(
        names.filter((name) => /(^|\/)(test|out|node_modules|src)\/|\.ts$|\.map$/.test(name)),
        [],
        'tests, compiled tests, sources, source maps or dependencies',
      );
      assert.deepEqual(names, expected);
    });

    it(`stays under ${MAX_VSIX_BYTES / 1024} KB`, () => {
      console.log(`      .vsix: ${vsixBytes} bytes (${(vsixBytes / 1024).toFixed(1)} KB)`);
      assert.ok(vsixBytes < MAX_VSIX_BYTES, `the .vsix has ${vsixBytes} bytes, over ${MAX_VSIX_BYTES}`);
    });

    it('has a manifest with the icon, the repository and the workspace capabilities', () => {
      const packed = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
      assert.equal(packed.icon, 'images/icon.png');
      assert.match(entries.get('extension.vsixmanifest')!.toString('utf8'), /<Icon>extension\/images\/icon\.png<\/Icon>/);
      const icon = entries.get('extension/images/icon.png')!;
      assert.equal(icon.toString('latin1', 1, 4), 'PNG');
      assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'icon width and height');
      assert.match(packed.repository.url, /^https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
      assert.equal(packed.bugs.url, `${repository}/issues`);
      assert.equal(packed.homepage, `${repository}#readme`);
      assert.equal(packed.capabilities.untrustedWorkspaces.supported, false);
      assert.equal(packed.capabilities.virtualWorkspaces.supported, false);
      for (const capability of ['untrustedWorkspaces', 'virtualWorkspaces'])
        assert.ok(packed.capabilities[capability].description, `${capability} has a description`);
      assert.deepEqual(packed.galleryBanner, manifest.galleryBanner);
    });

    it("has README's pictures as absolute https URLs of the repository's files, and README's text unchanged", () => {
      const source = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
      const packed = entries.get('extension/readme.md')!.toString('utf8');
      const pictures = imageSources(packed);
      assert.equal(pictures.length, imageSources(source).length, 'every picture of README');
      for (const url of pictures) {
        assert.ok(url.startsWith(`${repository}/raw/HEAD/`), `${url} is not an absolute URL of the repository`);
        const file = url.slice(`${repository}/raw/HEAD/`.length);
        assert.ok(fs.existsSync(path.join(repoRoot, file)), `${file} (README's picture) is not in the repository`);
      }
      // Only relative links are rewritten: no issue links made of text such as "#0".
      assert.equal(packed.replaceAll(`${repository}/raw/HEAD/`, '').replaceAll(`${repository}/blob/HEAD/`, ''), source);
      assert.equal(entries.get('extension/changelog.md')!.toString('utf8'), fs.readFileSync(path.join(repoRoot, 'CHANGELOG.md'), 'utf8'));
    });
  });
});
