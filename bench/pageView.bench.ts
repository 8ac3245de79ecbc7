/**
 * A heatmap of a page's webgl tensor (issue: TF.js where it mostly runs): headless Chromium
 * (software webgl here: no GPU) holds 1024×1024 float32 tensors computed on webgl, paused at
 * a `debugger` statement by a plain CDP client that stands in for the debugger running the
 * page (js-debug). Our adapter, attached as its companion, answers `tfjs/tensor` with the
 * heatmap panel's `maxSize` (a 512×512 view, block-reduced in the page, with statistics) and
 * the client decodes it as the panel does; the baseline is what a tool without the runtime
 * would do over the same CDP: `Debugger.evaluateOnCallFrame` of `arraySync()` with
 * `returnByValue`, into a Float32Array. Each tensor is read once from the GPU (as a heatmap
 * opened at a stop reads it), the two ways alternating; then one tensor again, from the CPU
 * copy tfjs keeps after a read.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { CdpClient, openPage, type PageBrowser } from '../test/browser/pageChromium';
import { CHROMIUM } from '../test/chromium';
import { serveTfjsPage } from '../test/browser/tfjsPage';
import { pageUrl } from '../test/localServer';
import { endSession, followPage, median, repoRoot, tensorBytes } from './support';

/** Timed reads of each kind, after one to warm up (webgl's first read compiles its shaders). */
const repeats = 9;
/** What the heatmap panel asks for (extension/panels/heatmapPanel.ts, MAX_VIEW). */
const maxView: [number, number] = [512, 512];
const side = 1024;

async function timeOne(read: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await read();
  return performance.now() - start;
}

/** The page paused at its `debugger` statement, followed by the adapter; the CDP call frame and the DAP frame of the stop. */
async function pausedPage(browser: PageBrowser, owner: CdpClient): Promise<{ client: DebugClient; callFrameId: string; frameId: number }> {
  await owner.send('Debugger.enable');
  await owner.until('globalThis.backendReady !== undefined', 60_000);
  const backend = await owner.evaluate<string>('globalThis.backendReady');
  if (backend !== 'webgl') throw new Error(`the page runs on ${backend}, not webgl`);
  const client = await followPage(browser.pageCdpUrl);
  const stopped = client.waitForEvent('stopped', 60_000);
  const paused = owner.next('Debugger.paused') as Promise<{ callFrames: { callFrameId: string }[] }>;
  await owner.evaluate('globalThis.go = true');
  await stopped;
  const { callFrames } = await paused;
  const { body } = await client.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 1 });
  return { client, callFrameId: callFrames[0].callFrameId, frameId: body.stackFrames[0].id };
}

/** Runs the benchmark and returns its table rows (none without Chromium). */
export async function runPageViewBench(): Promise<string[][]> {
  if (!existsSync(CHROMIUM)) return [['1024×1024 webgl tensor in a page', '', '', `skipped: no Chromium at ${CHROMIUM}`]];
  const server = await serveTfjsPage(path.join(repoRoot, 'bench', 'fixtures'));
  // Two tensors a round, the warm-up round included.
  const count = 2 * (repeats + 1);
  const browser = await openPage(`${pageUrl(server)}?backend=webgl&script=pageBigTensors.js&count=${count}`);
  const owner = await CdpClient.connect(browser.pageCdpUrl);
  let client: DebugClient | undefined;
  try {
    const stop = await pausedPage(browser, owner);
    client = stop.client;
    const heatmap = async (index: number): Promise<void> => {
      const bytes = await tensorBytes(stop.client, { expression: `tensors[${index}]`, frameId: stop.frameId, maxSize: maxView });
      const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      if (values.length !== maxView[0] * maxView[1]) throw new Error(`expected a 512×512 view, got ${values.length} values`);
    };
    const byValue = async (index: number): Promise<void> => {
      const { result, exceptionDetails } = await owner.send<{ result: { value: number[][] }; exceptionDetails?: { text: string } }>(
        'Debugger.evaluateOnCallFrame',
        { callFrameId: stop.callFrameId, expression: `tensors[${index}].arraySync()`, returnByValue: true },
      );
      if (exceptionDetails) throw new Error(`arraySync(): ${exceptionDetails.text}`);
      const values = Float32Array.from(result.value.flat());
      if (values.length !== side * side) throw new Error(`expected ${side * side} values, got ${values.length}`);
    };
    // Tensor 2r for the adapter and 2r + 1 for the baseline in round r; round 0 warms up.
    const fresh = { heatmap: [] as number[], byValue: [] as number[] };
    const again = { heatmap: [] as number[], byValue: [] as number[] };
    for (let round = 0; round <= repeats; round++) {
      const order = round % 2 === 0 ? (['heatmap', 'byValue'] as const) : (['byValue', 'heatmap'] as const);
      for (const kind of order) {
        const time = await timeOne(() => (kind === 'heatmap' ? heatmap(2 * round) : byValue(2 * round + 1)));
        if (round > 0) fresh[kind].push(time);
      }
    }
    for (let round = 0; round < repeats; round++) {
      const order = round % 2 === 0 ? (['heatmap', 'byValue'] as const) : (['byValue', 'heatmap'] as const);
      for (const kind of order) again[kind].push(await timeOne(() => (kind === 'heatmap' ? heatmap(0) : byValue(1))));
    }
    const [freshView, freshValue, againView, againValue] = [fresh.heatmap, fresh.byValue, again.heatmap, again.byValue].map(median);
    return [
      [
        '1024×1024 float32 webgl tensor in a page → 512×512 heatmap view in a DAP client (companion, tfjs/tensor), first read from the GPU',
        `${freshView.toFixed(1)} ms`,
        `${(freshValue / freshView).toFixed(1)}× faster`,
        `${repeats} tensors each way, alternating; target ≥ 10×`,
      ],
      ['the same tensors, arraySync() by value over CDP (evaluateOnCallFrame, returnByValue) (baseline)', `${freshValue.toFixed(1)} ms`, '', ''],
      [
        'one of them again (tfjs keeps a CPU copy after a read): heatmap view / arraySync() by value',
        `${againView.toFixed(1)} ms / ${againValue.toFixed(1)} ms`,
        `${(againValue / againView).toFixed(1)}× faster`,
        '',
      ],
    ];
  } finally {
    if (client) await endSession(client);
    owner.close();
    await browser.close();
    server.close();
  }
}
