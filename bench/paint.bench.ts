/**
 * A 4096×4096 tensor to its first heatmap paint: `tfjs/tensor` of the default 512×512 view
 * through the built adapter (statistics of all 16M elements and the block reduction run in
 * the program; DAP's JSON and base64 included, as for a panel),
 * then the heatmap webview in headless Chromium drawing that view, from the message's
 * arrival to the second animation frame after it (the canvas is on screen).
 */
import * as path from 'node:path';
import { lineOf } from '../test/lineMarkers';
import { launchPanelChromium } from '../test/chromium';
import { stubbedPanelPage } from './panelPage';
import { serveWebviewPage } from '../test/webview/webviewPage';
import { endSession, repoRoot, startAtBreakpoint, tensorBytes, timed } from './support';

const program = path.join(repoRoot, 'bench', 'fixtures', 'bigTensor.js');
const holdReturnLine = lineOf(program, 'HOLD_RETURN_LINE');

async function adapterViewMs(): Promise<number> {
  const client = await startAtBreakpoint({ program, env: { SIZE: '4096' } }, holdReturnLine);
  try {
    const { body } = await client.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 1 });
    return await timed(3, () => tensorBytes(client, { expression: 'x', frameId: body.stackFrames[0].id }));
  } finally {
    await endSession(client);
  }
}

async function paintMs(): Promise<number> {
  const server = await serveWebviewPage('heatmap');
  const browser = await launchPanelChromium();
  try {
    const page = await stubbedPanelPage(browser, server, { width: 1200, height: 900 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      times.push(
        await page.evaluate(
          () =>
            new Promise<number>((done) => {
              const data = new Float32Array(512 * 512);
              for (let k = 0; k < data.length; k++) data[k] = Math.sin(k / 97) * Math.cos(k / 1013);
              const stats = { min: -1, max: 1, mean: 0, std: 0.5, nanCount: 0, infCount: 0 };
              const view = {
                expression: 'x',
                shape: [4096, 4096],
                dtype: 'float32',
                stats,
                viewShape: [512, 512],
                slice: ':,:',
                blocks: [8, 8],
                data: data.buffer,
              };
              const start = performance.now();
              window.postMessage({ type: 'view', view }, '*');
              requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
            }),
        ),
      );
    }
    return times.sort((a, b) => a - b)[2];
  } finally {
    await browser.close();
    server.close();
  }
}

/** Runs the benchmark and returns its table rows. */
export async function runPaintBench(): Promise<string[][]> {
  const adapter = await adapterViewMs();
  const paint = await paintMs();
  return [
    ['4096×4096 float32 → 512×512 view in a DAP client', `${adapter.toFixed(0)} ms`, '', 'statistics of 16M elements included'],
    ['512×512 view → painted in the heatmap webview (Chromium)', `${paint.toFixed(0)} ms`, '', ''],
    ['4096×4096 tensor → first heatmap paint (sum)', `${(adapter + paint).toFixed(0)} ms`, '', 'target ≤ 300 ms'],
  ];
}
