/**
 * The model webview in headless Chromium: the built dist/webviews/model.js in the page the
 * extension serves (same CSP), this test acting as the extension host. A Sequential and a
 * functional model with a nested model are drawn as tables of their layers (class, output
 * shape, parameters, trainable) with each layer's last output (statistics, histogram bars as
 * tall as its counts, dead units) and each weight's statistics, gradient norm and update
 * ratio, NaN and Inf counts as badges, sparklines where the history has steps; its buttons ask
 * the host for a weight or a gradient in the heatmap and for a pin; a selected weight's
 * distribution band is drawn and its scrubber asks for the weight at the step it is on; no
 * model, an error and an ended origin are said; the content comes back after a reload;
 * Refresh asks the host; saves test-results/model.png.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { HistorySeries, ModelHistory, ModelInfo, ValueSummary, WeightHistory } from '../../protocol/runtimeApi';
import type { HostToModel, ModelToHost } from '../../protocol/webviewMessages';
import { cspViolations, pagePerTest, sendHostMessage, waitForPosted } from './webviewPage';

const RESULTS = join(resolve(__dirname, '..', '..', '..'), 'test-results');

const stats = (min: number, max: number, mean: number, std: number, nanCount = 0, infCount = 0) => ({ min, max, mean, std, nanCount, infCount });

/** A summary whose histogram has `counts` in its first bins. */
const summaryOf = (mean: number, counts: number[], nanCount = 0): ValueSummary => ({
  ...stats(mean - 1, mean + 1, mean, 0.5, nanCount),
  zeroCount: 0,
  histogram: [...counts, ...new Array<number>(32 - counts.length).fill(0)],
});

const seriesOf = (steps: number[]): HistorySeries => ({ steps, summaries: steps.map((step) => summaryOf(step / 10, [step])), olderEvery: 1 });

const convnet: ModelInfo = {
  id: 1,
  name: 'convnet',
  className: 'Sequential',
  trainableParams: 151,
  nonTrainableParams: 0,
  training: {
    method: 'fit',
    running: true,
    epoch: 2,
    epochs: 5,
    batch: 3,
    batches: 6,
    step: 9,
    logs: { loss: 0.4127, acc: 0.8125 },
    epochLogs: [{ epoch: 1, logs: { loss: 0.9, acc: 0.5 } }],
    curve: Array.from({ length: 9 }, (_, i) => ({ step: i + 1, epoch: i < 6 ? 1 : 2, batch: (i % 6) + 1, logs: { loss: 1 - i / 10, acc: i / 10 } })),
    curveEvery: 1,
  },
  layers: [
    {
      name: 'conv',
      className: 'Conv2D',
      outputShape: '[null,6,6,4]',
      params: 40,
      trainable: true,
      output: { shape: [4, 6, 6, 4], dtype: 'float32', step: 12, outputs: 1, summary: summaryOf(0.25, [4, 2, 1]), deadUnits: { dead: 1, units: 4 } },
      weights: [
        {
          name: 'conv/kernel',
          shape: [3, 3, 1, 4],
          dtype: 'float32',
          trainable: true,
          stats: stats(-0.5, 0.5, 0.01, 0.2),
          gradient: { shape: [3, 3, 1, 4], stats: stats(-0.1, 0.1, 0, 0.05), norm: 0.25, tape: 7, tensorId: 31 },
          update: { ratio: 0.0012, step: 12 },
        },
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

const kernelHistory: WeightHistory = {
  name: 'conv/kernel',
  value: seriesOf([1, 2, 4, 8, 12]),
  gradient: seriesOf([1, 2, 4, 8, 12]),
  pinned: true,
  snapshotSteps: [0, 4, 8, 12],
};

const convnetHistory: ModelHistory = {
  model: 1,
  step: 12,
  recording: true,
  memory: { bytes: 4096, maxBytes: 64 << 20, dropped: 0, passedOver: 0 },
  layers: [
    { name: 'conv', output: seriesOf([1, 6, 12]), weights: [kernelHistory, { name: 'conv/bias', pinned: false }] },
    { name: 'pool', weights: [] },
    { name: 'out', weights: [{ name: 'out/kernel', pinned: false }] },
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
          Array.from(row.children).map((cell) => {
            // The pictures' titles are for screen readers: the text is what is written.
            const text = (node: Element): string => {
              const copy = node.cloneNode(true) as Element;
              copy.querySelectorAll('svg').forEach((svg) => svg.remove());
              return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
            };
            return cell.classList.contains('weights') ? Array.from(cell.querySelectorAll('.weight')).map(text).join(' | ') : text(cell);
          }),
        ),
      })),
    );
  }

  it('draws each model as a table of its layers and their weights, nested models indented, non-finite counts marked', async () => {
    await send({ type: 'models', models: [convnet, outer], histories: [convnetHistory, null], fitStops: 'off' });
    await page.waitForSelector('section.model');
    assert.equal(await page.textContent('#summary'), '2 models');
    const [first, second] = await drawn();
    assert.deepEqual([first.heading, first.summary], ['convnet · Sequential', '3 layers · 151 parameters (151 trainable, 0 not) · step 12']);
    assert.deepEqual(first.rows, [
      [
        'conv',
        'Conv2D',
        '[null,6,6,4]',
        '40',
        'yes',
        'float32[4,6,6,4] mean=0.25 std=0.5 [-0.75, 1.25] 1/4 dead',
        'kernel float32[3,3,1,4] min=-0.5 max=0.5 mean=0.01 std=0.2 ∇ ‖g‖=0.25 Δ/w=0.0012 pinned history | bias float32[4] min=0 max=0.01 mean=0.005 std=0.004 pin',
        'runs NaN',
      ],
      ['pool', 'MaxPooling2D', '[null,3,3,4]', '0', 'yes', 'not run yet', '', 'runs NaN'],
      ['out', 'Dense', '[null,3]', '111', 'yes', 'not run yet', 'kernel float32[36,3] min=-0.3 max=0.3 mean=0 std=0.1 2 NaN 1 Inf pin', 'runs NaN'],
    ]);
    assert.deepEqual(await page.$$eval('.badge', (badges) => badges.map((badge) => badge.textContent)), ['1/4 dead', '2 NaN', '1 Inf']);
    // The fit: where it is, its last logs, and the loss by batch, the second epoch's start marked.
    assert.equal(await page.textContent('section.model[data-model="1"] .fit-text'), 'fit · epoch 2/5 · batch 3/6 · loss=0.4127 acc=0.8125 · running');
    assert.equal(await page.$$eval('section.model[data-model="1"] svg.fit-curve line.epoch-mark', (marks) => marks.length), 1);
    assert.equal(await page.$$eval('section.model[data-model="2"] .fit', (lines) => lines.length), 0);
    // The output's histogram: a bar per non-empty bin, as tall as its count relative to the largest (16 px).
    const bars = await page.$$eval('tr[data-layer="conv"] svg.histogram rect', (rects) =>
      rects.map((rect) => [rect.getAttribute('x'), rect.getAttribute('height')]),
    );
    assert.deepEqual(bars, [
      ['0', '16'],
      ['2', '8'],
      ['4', '4'],
    ]);
    // Sparklines where the history has steps: the output's and the kernel's.
    assert.equal(await page.$$eval('tr[data-layer="conv"] svg.sparkline', (lines) => lines.length), 2);
    assert.deepEqual(second.rows, [
      ['input1', 'InputLayer', '[null,4]', '0', 'yes', 'fed', '', 'runs NaN'],
      ['inner', 'Sequential', '[null,2]', '13', 'yes', 'not run yet', '', 'runs NaN'],
      ['frozen', 'Dense', '[null,2]', '10', 'no', 'not run yet', 'kernel float32[4,2] (not trainable) min=1 max=1 mean=1 std=0', 'runs NaN'],
    ]);
    // The nested model's layer is indented under it.
    const indents = await page.$$eval('section.model[data-model="2"] tbody th', (cells) => cells.map((cell) => (cell as HTMLElement).style.paddingLeft));
    assert.deepEqual(indents, ['6px', '6px', '20px']);
    // Screen readers get a caption and column headers.
    assert.equal(await page.getAttribute('section.model[data-model="1"] caption', 'class'), 'visually-hidden');
    assert.equal(await page.$$eval('section.model[data-model="1"] thead th[scope=col]', (cells) => cells.length), 8);
  });

  it("asks the host for a weight, a gradient, a pin and a weight's history", async () => {
    await send({ type: 'models', models: [convnet], histories: [convnetHistory], fitStops: 'off' });
    await page.waitForSelector('section.model');
    await page.click('.weight[data-weight="conv/kernel"] .show-weight');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'showWeight' && message.weight === 'conv/kernel' && message.step === undefined);
    await page.click('.weight[data-weight="conv/kernel"] .show-gradient');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'showGradient' && message.tape === 7 && message.tensorId === 31);
    await page.click('.weight[data-weight="conv/bias"] .pin');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'pin' && message.weight === 'conv/bias' && message.layer === 'conv' && message.pinned);
    await page.click('.weight[data-weight="conv/kernel"] .pin');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'pin' && message.weight === 'conv/kernel' && !message.pinned);
    await page.click('.weight[data-weight="conv/kernel"] .select');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'select' && message.weight === 'conv/kernel');
    await send({ type: 'models', models: [convnet], histories: [convnetHistory], fitStops: 'epoch' });
    assert.equal(await page.inputValue('#fit-stops'), 'epoch');
    await page.selectOption('#fit-stops', 'batch');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'fitStops' && message.at === 'batch');
    await page.click('tr[data-layer="pool"] .break-on[data-on="nan"]');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'breakOnLayer' && message.layer === 'pool' && message.on === 'nan');
    // The breakpoints VS Code holds are marked, on this table and on the next one drawn.
    await send({ type: 'layerBreakpoints', names: ['layer:conv', 'layer:pool:nan'] });
    const marked = async (): Promise<(string | null)[]> =>
      page.$$eval('button.break-on', (buttons) => buttons.map((button) => `${(button as HTMLElement).dataset.layer}:${button.getAttribute('aria-pressed')}`));
    const expected = ['conv:true', 'conv:false', 'pool:false', 'pool:true', 'out:false', 'out:false'];
    assert.deepEqual(await marked(), expected);
    await send({ type: 'models', models: [convnet], histories: [convnetHistory], fitStops: 'off' });
    assert.deepEqual(await marked(), expected);
  });

  it("draws a selected weight's distribution, and its scrubber shows the weight at a step", async () => {
    await send({ type: 'models', models: [convnet], histories: [convnetHistory], fitStops: 'off' });
    await send({ type: 'selected', model: 1, weight: kernelHistory });
    await page.waitForSelector('#selected:not([hidden]) svg.distribution');
    assert.equal(await page.textContent('#selected-name'), 'conv/kernel');
    // Four nested bands and the median, the marker on the newest step kept.
    assert.equal(await page.$$eval('svg.distribution polygon.band', (bands) => bands.length), 4);
    assert.equal(await page.textContent('#scrub-step'), '12 · 4 steps kept');
    const markerAt = async (): Promise<number> => Number(await page.getAttribute('svg.distribution line.marker', 'x1'));
    assert.equal(await markerAt(), 480);
    await page.focus('#scrub');
    await page.keyboard.press('Home');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'showWeight' && message.weight === 'conv/kernel' && message.step === 0);
    assert.equal(await page.textContent('#scrub-step'), '0 · 4 steps kept');
    assert.equal(await markerAt(), 0);
    await page.keyboard.press('ArrowRight');
    await waitForPosted<ModelToHost>(page, (message) => message.type === 'showWeight' && message.step === 4);
    // A new stop keeps the scrubber on its step.
    await send({ type: 'selected', model: 1, weight: { ...kernelHistory, snapshotSteps: [0, 4, 8, 12, 16] } });
    assert.equal(await page.textContent('#scrub-step'), '4 · 5 steps kept');
  });

  it('says when there is no model yet, and why there is nothing, and that the session ended', async () => {
    await send({ type: 'models', models: [], histories: [], fitStops: 'off' });
    assert.match((await page.textContent('#summary')) ?? '', /^No tf\.layers model found yet/);
    await send({ type: 'error', message: 'No TF.js debug session: start one (F5)' });
    assert.equal(await page.textContent('#status'), 'No TF.js debug session: start one (F5)');
    assert.equal(await page.$$eval('section.model', (sections) => sections.length), 0);
    await send({ type: 'models', models: [convnet], histories: [null], fitStops: 'off' });
    await send({ type: 'origin', origin: { session: 'train.js', stop: 3, ended: true } });
    assert.equal(await page.textContent('#panel-origin'), 'train.js ended · last seen at stop 3');
    assert.equal(await page.evaluate(() => document.body.classList.contains('is-ended')), true);
  });

  it('shows its last models again after a reload, and asks the host to refresh', async () => {
    await send({ type: 'models', models: [convnet], histories: [null], fitStops: 'off' });
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
    await send({ type: 'models', models: [convnet, outer], histories: [convnetHistory, null], fitStops: 'off' });
    await send({ type: 'origin', origin: { session: 'train.js', stop: 2, ended: false } });
    await page.waitForSelector('section.model');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'model.png') });
  });
});
