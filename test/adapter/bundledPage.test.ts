/**
 * Following a web page whose tfjs is bundled with the app's code in one script (esbuild,
 * webpack, vite) with a source map served over HTTP: the test stands in for js-debug (it lets
 * the page train), the adapter attached as its companion reads the page's maps. The profile
 * names the app's own files and lines (local files under the web root js-debug has, or the
 * sources' URLs without one), with the model call and the layers under them and no frame of
 * tfjs's code, which sits in the same script; the tapes name the model's weights and put their
 * nodes on the app's lines.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TapeBody } from '../../protocol/customRequests';
import type { FlameNode, ProfileBody } from '../../protocol/runtimeApi';
import { buildBundledApp, BUNDLED_SOURCES, serveBundledApp, type BundledApp } from '../browser/bundledPage';
import { CHROMIUM } from '../chromium';
import { lineOf } from '../lineMarkers';
import { pageUrl } from '../localServer';
import { followedPagePerTest } from './followedPage';
import { framesOf } from '../flameTree';

const fitLine = lineOf(join(BUNDLED_SOURCES, 'main.js'), 'FIT_LINE');
const gradsLine = lineOf(join(BUNDLED_SOURCES, 'model.js'), 'GRADS_LINE');
const weights = ['dense_Dense1/bias', 'dense_Dense1/kernel', 'dense_Dense2/bias', 'dense_Dense2/kernel'];

/** The user frame at `path`:`line`; fails naming the user frames there are. */
function callFrame(root: FlameNode, path: string, line: number): FlameNode {
  const calls = framesOf(root).filter((frame) => frame.kind === 'call');
  const found = calls.find((frame) => frame.source?.path === path && frame.source.line === line);
  assert.ok(found, `no frame at ${path}:${line} among ${JSON.stringify(calls.map((frame) => frame.source))}`);
  return found;
}

/** The names of a frame's descendants of one kind. */
function namesBelow(frame: FlameNode, kind: FlameNode['kind']): string[] {
  return [
    ...new Set(
      framesOf(frame)
        .filter((below) => below.kind === kind)
        .map((below) => below.name),
    ),
  ].sort();
}

describe('a bundled page (tfjs and the app in one script, with a source map), followed as js-debug’s companion', function () {
  // Bundling tfjs takes seconds; webgl's first ops compile shaders under SwiftShader.
  this.timeout(120_000);
  let app: BundledApp | undefined;

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    app = await buildBundledApp();
  });
  after(() => app?.remove());

  for (const backend of ['webgl', 'cpu']) {
    describe(`on ${backend}`, () => {
      const page = followedPagePerTest(() => serveBundledApp(app!), `backend=${backend}`, backend);

      /** Attaches the adapter as the page's companion, lets the page train one step and answers the profile. */
      async function followTraining(attach: Record<string, unknown>): Promise<FlameNode> {
        await page.follow(attach);
        await page.owner.evaluate('globalThis.go = true');
        await page.owner.until('globalThis.trained !== undefined');
        return ((await page.client.customRequest('tfjs/profile', { format: 'tree' })).body as ProfileBody).root;
      }

      it("names the app's own lines, as local files under the web root, with fit and the dense layers under them", async () => {
        const root = await followTraining({ webRoot: app!.root });
        const main = join(app!.root, 'src', 'main.js');
        const model = join(app!.root, 'src', 'model.js');
        const fit = callFrame(root, main, fitLine);
        assert.deepEqual(namesBelow(fit, 'api'), ['fit']);
        assert.deepEqual(namesBelow(fit, 'layer'), ['dense_Dense1', 'dense_Dense2']);
        assert.match(namesBelow(fit, 'op').join(' '), /MatMul/);
        const grads = callFrame(root, model, gradsLine);
        // The function given to variableGrads, named by where it is defined in model.js.
        assert.deepEqual(namesBelow(grads, 'call'), [`<anonymous> line ${gradsLine} model.js:${gradsLine}`, `lossGradients model.js:${gradsLine}`]);
        assert.deepEqual(namesBelow(grads, 'api'), ['predict']);
        assert.deepEqual(namesBelow(grads, 'layer'), ['dense_Dense1', 'dense_Dense2']);
        // No frame of tfjs's own code, which is in the same script as the app's.
        const outside = framesOf(root).filter((frame) => frame.kind === 'call' && frame.source?.path !== main && frame.source?.path !== model);
        assert.deepEqual(
          outside.map((frame) => `${frame.name} ${JSON.stringify(frame.source)}`),
          [],
        );

        // The tape of fit's step: the model's weights, its nodes on the line of the fit call.
        const tapes = (await page.client.customRequest('tfjs/tape', { index: 0 })).body as TapeBody;
        assert.deepEqual(tapes.sources.map((source) => source.name).sort(), weights);
        assert.ok(tapes.nodes.length > 0);
        assert.deepEqual([...new Set(tapes.nodes.map((node) => `${node.source?.path}:${node.source?.line}`))], [`${main}:${fitLine}`]);
        const last = (await page.client.customRequest('tfjs/tape', {})).body as TapeBody;
        assert.deepEqual(last.sources.map((source) => source.name).sort(), weights);
        assert.deepEqual([...new Set(last.nodes.map((node) => `${node.source?.path}:${node.source?.line}`))], [`${model}:${gradsLine}`]);
      });

      it('names the sources by their URLs without a web root', async () => {
        const root = await followTraining({});
        const main = `${pageUrl(page.server)}src/main.js`;
        assert.deepEqual(namesBelow(callFrame(root, main, fitLine), 'api'), ['fit']);
        callFrame(root, `${pageUrl(page.server)}src/model.js`, gradsLine);
      });
    });
  }
});
