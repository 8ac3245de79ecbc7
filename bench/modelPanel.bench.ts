/**
 * The model panel of a 200-layer model after a stop (issue: layers, steps and leaks, target
 * ≤ 200 ms): what its host reads first through the built adapter (`tfjs/models`, `tfjs/fitStops`:
 * the program describes every layer, its last output and each weight's statistics, gradient and
 * update), then the model webview in headless Chromium drawing that answer, from the message's
 * arrival to the second animation frame after it (the first rows on screen; the rest are drawn
 * in the tasks after). Then what follows: each model's history cut to 48 points a series, and
 * the table drawn again with its sparklines.
 */
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { HostToModel } from '../protocol/webviewMessages';
import type { ModelHistory, ModelInfo } from '../protocol/runtimeApi';
import { lineOf } from '../test/lineMarkers';
import { launchPanelChromium } from '../test/chromium';
import { stubbedPanelPage } from './panelPage';
import { serveWebviewPage } from '../test/webview/webviewPage';
import { endSession, repoRoot, startAtBreakpoint, timed } from './support';

const program = path.join(repoRoot, 'bench', 'fixtures', 'deepModel.js');
const holdLine = lineOf(program, 'HOLD_LINE');

/** What the panel's host reads at a stop and shows first: the models, and where fits stop. */
async function panelRead(client: DebugClient): Promise<HostToModel & { type: 'models' }> {
  const [{ models }, { at }] = await Promise.all([
    client.customRequest('tfjs/models').then((response) => response.body as { models: ModelInfo[] }),
    client.customRequest('tfjs/fitStops', {}).then((response) => response.body as { at: 'off' }),
  ]);
  return { type: 'models', models, histories: models.map(() => null), fitStops: at };
}

/** What it reads after the first paint: each model's history, for the sparklines. */
async function historiesOf(client: DebugClient, models: ModelInfo[]): Promise<(ModelHistory | null)[]> {
  return Promise.all(
    models.map(async (model) => (await client.customRequest('tfjs/history', { model: model.id, points: 48, histograms: false })).body as ModelHistory),
  );
}

async function readMs(): Promise<{ firstMs: number; historyMs: number; first: HostToModel & { type: 'models' }; full: HostToModel }> {
  const client = await startAtBreakpoint({ program }, holdLine);
  try {
    let first = await panelRead(client);
    const firstMs = await timed(5, async () => (first = await panelRead(client)));
    let histories = await historiesOf(client, first.models);
    const historyMs = await timed(5, async () => (histories = await historiesOf(client, first.models)));
    return { firstMs, historyMs, first, full: { ...first, histories } };
  } finally {
    await endSession(client);
  }
}

/** Medians of the time from posting `message` to the second animation frame after it, in the model page. */
async function paintMs(messages: HostToModel[]): Promise<number[]> {
  const server = await serveWebviewPage('model');
  const browser = await launchPanelChromium();
  try {
    const page = await stubbedPanelPage(browser, server, { width: 1200, height: 900 });
    const medians: number[] = [];
    for (const message of messages) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        times.push(
          await page.evaluate(
            (sent) =>
              new Promise<number>((done) => {
                const start = performance.now();
                window.postMessage(sent, '*');
                requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
              }),
            message,
          ),
        );
        await page.waitForSelector('section.model[data-complete]');
      }
      medians.push(times.sort((a, b) => a - b)[2]);
    }
    const rows = await page.$$eval('section.model tbody tr', (drawn) => drawn.length);
    if (rows !== 200) throw new Error(`the panel drew ${rows} rows, not 200`);
    return medians;
  } finally {
    await browser.close();
    server.close();
  }
}

/** Runs the benchmark and returns its table rows. */
export async function runModelPanelBench(): Promise<string[][]> {
  const { firstMs, historyMs, first, full } = await readMs();
  const [paint, repaint] = await paintMs([first, full]);
  const kib = (message: HostToModel): string => `${(JSON.stringify(message).length / 1024).toFixed(0)} KiB of JSON`;
  return [
    ['200-layer model: tfjs/models in a DAP client', `${firstMs.toFixed(0)} ms`, '', kib(first)],
    ['200-layer model → first rows painted in the model webview (Chromium)', `${paint.toFixed(0)} ms`, '', 'the first 40 rows; the rest in the tasks after'],
    ['200-layer model panel after a stop (sum)', `${(firstMs + paint).toFixed(0)} ms`, '', 'target ≤ 200 ms'],
    ['then: tfjs/history of its 200 layers (48 points a series)', `${historyMs.toFixed(0)} ms`, '', kib(full)],
    ['then: painted again with sparklines', `${repaint.toFixed(0)} ms`, '', ''],
  ];
}
