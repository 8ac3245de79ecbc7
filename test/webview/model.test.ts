/**
 * The model webview in headless Chromium: the built dist/webviews/model.js in the page the
 * extension serves (same CSP), this test acting as the extension host. A Sequential and a
 * functional model with a nested model are drawn as tables of their layers (class, output
 * shape, parameters, trainable) with each weight's statistics, NaN and Inf counts as badges;
 * no model, an error and an ended origin are said; the content comes back after a reload;
 * Refresh asks the host; saves test-results/model.png.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { ModelInfo } from '../../protocol/runtimeApi';
import type { HostToModel, ModelToHost } from '../../protocol/webviewMessages';
import { cspViolations, pagePerTest, sendHostMessage, waitForPosted } from './webviewPage';

const RESULTS = join(resolve(__dirname, '..', '..', '..'), 'test-results');

const stats = (min: number, max: number, mean: number, std: number, nanCount = 0, infCount = 0) => ({ min, max, mean, std, nanCount, infCount });

const convnet: ModelInfo = {
  id: 1,
  name: 'convnet',
  className: 'Sequential',
  trainableParams: 151,
  nonTrainableParams: 0,
  layers: [
    {
      name: 'conv',
      className: 'Conv2D',
      outputShape: '[null,6,6,4]',
      params: 40,
      trainable: true,
      weights: [
        { name: 'conv/kernel', shape: [3, 3, 1, 4], dtype: 'float32', trainable: true, stats: stats(-0.5, 0.5, 0.01, 0.2) },
        { name: 'conv/bias', shape: [4], dtype: 'float32', trainable: true, stats: stats(0, 0.01, 0.005, 0.004) },
      ],
    },
    { name: 'pool', className: 'MaxPooling2D', outputShape: '[null,3,3,4]', params: 0, trainable: true, weights: [] },
    {
      name: 'out',
      className: 'Dense',
      outputShape: '[null,3]',
      params: 111,
      trainable: true,
      weights: [{ name: 'out/kernel', shape: [36, 3], dtype: 'float32', trainable: true, stats: stats(-0.3, 0.3, 0, 0.1, 2, 1) }],
    },
  ],
};

const outer: ModelInfo = {
  id: 2,
  name: 'outer',
  className: 'Model',
  trainableParams: 9,
  nonTrainableParams: 4,
  layers: [
    { name: 'input1', className: 'InputLayer', outputShape: '[null,4]', params: 0, trainable: true, weights: [] },
    {
      name: 'inner',
      className: 'Sequential',
      outputShape: '[null,2]',
      params: 13,
      trainable: true,
      weights: [],
      layers: [
        {
          name: 'frozen',
          className: 'Dense',
          outputShape: '[null,2]',
          params: 10,
          trainable: false,
          weights: [{ name: 'frozen/kernel', shape: [4, 2], dtype: 'float32', trainable: false, stats: stats(1, 1, 1, 0) }],
        },
      ],
    },
  ],
};

describe('model webview (headless Chromium)', function () {
  this.timeout(60_000);
  let page: Page;
  const { problems, open } = pagePerTest('model', { viewport: { width: 1100, height: 600 } }, (opened) => (page = opened));

  const send = (message: HostToModel) => sendHostMessage(page, message);

  /** The drawn rows: per model, its heading and per layer its cells' text, weights joined by ' | '. */
  async function drawn(on: Page = page): Promise<{ heading: string; summary: string; rows: string[][] }[]> {
    return on.evaluate(() =>
      Array.from(document.querySelectorAll('section.model')).map((section) => ({
        heading: section.querySelector('h2')?.textContent ?? '',
        summary: section.querySelector('.model-summary')?.textContent ?? '',
        rows: Array.from(section.querySelectorAll('tbody tr')).map((row) =>
          Array.from(row.children).map((cell) =>
            cell.classList.contains('weights')
              ? Array.from(cell.querySelectorAll('.weight'))
                  .map((weight) => weight.textContent ?? '')
                  .join(' | ')
              : (cell.textContent ?? ''),
          ),
        ),
      })),
    );
  }

  it('draws each model as a table of its layers and their weights, nested models indented, non-finite counts marked', async () => {
    await send({ type: 'models', models: [convnet, outer] });
    await page.waitForSelector('section.model');
    assert.equal(await page.textContent('#summary'), '2 models');
    const [first, second] = await drawn();
    assert.deepEqual([first.heading, first.summary], ['convnet · Sequential', '3 layers · 151 parameters (151 trainable, 0 not)']);
    assert.deepEqual(first.rows, [
      [
        'conv',
        'Conv2D',
        '[null,6,6,4]',
        '40',
        'yes',
        'kernel float32[3,3,1,4] min=-0.5 max=0.5 mean=0.01 std=0.2 | bias float32[4] min=0 max=0.01 mean=0.005 std=0.004',
      ],
      ['pool', 'MaxPooling2D', '[null,3,3,4]', '0', 'yes', ''],
      ['out', 'Dense', '[null,3]', '111', 'yes', 'kernel float32[36,3] min=-0.3 max=0.3 mean=0 std=0.1 2 NaN 1 Inf'],
    ]);
    assert.deepEqual(await page.$$eval('.badge', (badges) => badges.map((badge) => badge.textContent)), ['2 NaN', '1 Inf']);
    assert.deepEqual(second.rows, [
      ['input1', 'InputLayer', '[null,4]', '0', 'yes', ''],
      ['inner', 'Sequential', '[null,2]', '13', 'yes', ''],
      ['frozen', 'Dense', '[null,2]', '10', 'no', 'kernel float32[4,2] (not trainable) min=1 max=1 mean=1 std=0'],
    ]);
    // The nested model's layer is indented under it.
    const indents = await page.$$eval('section.model[data-model="2"] tbody th', (cells) => cells.map((cell) => (cell as HTMLElement).style.paddingLeft));
    assert.deepEqual(indents, ['6px', '6px', '20px']);
    // Screen readers get a caption and column headers.
    assert.equal(await page.getAttribute('section.model[data-model="1"] caption', 'class'), 'visually-hidden');
    assert.equal(await page.$$eval('section.model[data-model="1"] thead th[scope=col]', (cells) => cells.length), 6);
  });

  it('says when there is no model yet, and why there is nothing, and that the session ended', async () => {
    await send({ type: 'models', models: [] });
    assert.match((await page.textContent('#summary')) ?? '', /^No tf\.layers model found yet/);
    await send({ type: 'error', message: 'No TF.js debug session: start one (F5)' });
    assert.equal(await page.textContent('#status'), 'No TF.js debug session: start one (F5)');
    assert.equal(await page.$$eval('section.model', (sections) => sections.length), 0);
    await send({ type: 'models', models: [convnet] });
    await send({ type: 'origin', origin: { session: 'train.js', stop: 3, ended: true } });
    assert.equal(await page.textContent('#panel-origin'), 'train.js ended · last seen at stop 3');
    assert.equal(await page.evaluate(() => document.body.classList.contains('is-ended')), true);
  });

  it('shows its last models again after a reload, and asks the host to refresh', async () => {
    await send({ type: 'models', models: [convnet] });
    await page.waitForSelector('section.model');
    await page.reload();
    await page.waitForSelector('section.model');
    assert.equal((await drawn())[0].rows.length, 3);
    await page.click('#refresh');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'refresh');
    const second = await open();
    try {
      await waitForPosted<ModelToHost>(second, (message) => message.type === 'ready');
    } finally {
      await second.close();
    }
  });

  it('loads under its CSP with nothing blocked, and leaves a screenshot', async () => {
    await send({ type: 'models', models: [convnet, outer] });
    await send({ type: 'origin', origin: { session: 'train.js', stop: 2, ended: false } });
    await page.waitForSelector('section.model');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'model.png') });
  });
});
