/**
 * What every panel's page says about where its content comes from, and what it keeps for a
 * restore (pageMemory.ts, originLine.ts), on the heatmap, profile and tape pages in headless
 * Chromium: the origin line of a live stop and of an ended session; after a reload (the page
 * let go while hidden, or restored after "Reload Window") the last content and origin are shown
 * again before the host sends anything; an error leaves no old content to come back.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { encodeFlame } from '../../extension/flameEncoding';
import { mlpTape } from '../tapeFixtures';
import { recordedProfile } from './profileFixture';
import { pagePerTest, savedState, sendHostMessage, waitForPosted } from './webviewPage';

const LIVE = { type: 'origin', origin: { session: 'train.js', stop: 4, ended: false } };
const ENDED = { type: 'origin', origin: { session: 'train.js', stop: 4, ended: true } };

function heatmapView(): Record<string, unknown> {
  const values = [1, 2, 3, 4, 5, 6];
  return {
    type: 'view',
    view: {
      expression: 'w',
      shape: [2, 3],
      dtype: 'float32',
      stats: { min: 1, max: 6, mean: 3.5, std: 1.708, nanCount: 0, infCount: 0 },
      viewShape: [2, 3],
      slice: ':,:',
      blocks: [1, 1],
      data: new Float32Array(values).buffer,
    },
  };
}

function profileMessage(): Record<string, unknown> {
  const { root, ...summary } = recordedProfile();
  return { type: 'profile', summary, flame: encodeFlame(root) };
}

const panels = [
  { panel: 'heatmap', content: heatmapView, summary: /^float32\[2,3\] min=1 max=6 /, worker: undefined },
  { panel: 'profile', content: profileMessage, summary: /^36 kernels recorded/, worker: undefined },
  { panel: 'tape', content: () => ({ type: 'tape', tape: mlpTape() }), summary: /^tape #7: 8 ops, 4 variables/, worker: 'tapeLayout' },
];

async function reloaded(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { posted: unknown[] }).posted.length = 0));
  await page.reload();
  await waitForPosted<{ type: string }>(page, (m) => m.type === 'ready');
}

for (const { panel, content, summary, worker } of panels) {
  describe(`${panel} webview: origin and restore (headless Chromium)`, function () {
    this.timeout(60_000);
    let page: Page;
    pagePerTest(panel, { viewport: { width: 900, height: 600 }, worker }, (opened) => (page = opened));

    const text = (selector: string) => page.locator(selector).textContent();

    it('says which stop it shows, and that the session ended', async () => {
      await sendHostMessage(page, content());
      await sendHostMessage(page, LIVE);
      assert.equal(await text('#panel-origin'), 'train.js · stop 4');
      assert.equal(await page.locator('#panel-origin.ended').count(), 0);
      await sendHostMessage(page, ENDED);
      assert.equal(await text('#panel-origin'), 'train.js ended · last seen at stop 4');
      assert.equal(await page.locator('body.is-ended #panel-origin.ended').count(), 1);
      // The content stays: it is what was last seen, and says so.
      await page.waitForFunction((pattern) => new RegExp(pattern).test(document.getElementById('summary')?.textContent ?? ''), summary.source);
    });

    it('shows its last content and origin again after a reload, before the host sends anything', async () => {
      await sendHostMessage(page, content());
      await sendHostMessage(page, LIVE);
      await reloaded(page);
      await page.waitForFunction((pattern) => new RegExp(pattern).test(document.getElementById('summary')?.textContent ?? ''), summary.source);
      assert.equal(await text('#panel-origin'), 'train.js · stop 4');
      const state = await savedState<{ kept?: { content?: { type: string }; origin?: unknown } }>(page);
      assert.equal(state?.kept?.content?.type, content().type);
      assert.deepEqual(state?.kept?.origin, LIVE);
    });

    it('keeps no content behind an error: a reload shows the error', async () => {
      await sendHostMessage(page, content());
      await sendHostMessage(page, { type: 'error', message: 'w is not defined' });
      await reloaded(page);
      await page.waitForFunction(() => /w is not defined/.test(document.body.textContent ?? ''));
      assert.doesNotMatch((await text('#summary')) ?? '', summary);
    });
  });
}

describe('profile webview: a profile too large to keep (headless Chromium)', function () {
  this.timeout(60_000);
  let page: Page;
  pagePerTest('profile', { viewport: { width: 900, height: 600 } }, (opened) => (page = opened));

  it('keeps its origin but not a profile over the bound, and no older one instead', async () => {
    await sendHostMessage(page, profileMessage());
    await sendHostMessage(page, { type: 'profile', ...hugeProfile() });
    await sendHostMessage(page, LIVE);
    const state = await savedState<{ kept?: { content?: unknown; origin?: unknown } }>(page);
    assert.equal(state?.kept?.content, undefined);
    assert.deepEqual(state?.kept?.origin, LIVE);
  });
});

/** A profile whose kept JSON would pass 2 M characters: 2,500 frames of 1,000-character names. */
function hugeProfile(): Record<string, unknown> {
  const { root: small, ...summary } = recordedProfile();
  const children = Array.from({ length: 2500 }, (_, i) => ({ ...small, name: `${i}`.padEnd(1000, '.'), children: [] }));
  return { summary, flame: encodeFlame({ ...small, children }) };
}
