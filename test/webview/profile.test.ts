/**
 * The profile webview in headless Chromium: the built dist/webviews/profile.js in the page the
 * extension serves (same CSP), a stub `acquireVsCodeApi`, and this test acting as the host
 * with profiles recorded by the runtime's own ring and `buildProfile`. Checks the frames drawn
 * and their colours at known places, the tooltip, search highlighting, zoom on click, "Go to
 * source", the sortable by-op table, state kept across a reload, a 90k-frame tree drawn
 * merged, the keyboard (arrow keys, the live readout, Enter), the tree grid under "List", and
 * high-contrast borders; saves test-results/profile.png.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { ProfileBody } from '../../protocol/runtimeApi';
import type { ProfileToHost } from '../../protocol/webviewMessages';
import { encodeFlame } from '../../extension/flameEncoding';
import { FlameKind } from '../../protocol/webviewMessages';
import { DIMMED_COLOR, MATCH_COLOR, frameColor, type Rgb } from '../../webviews/profile/flameColors';
import { ROW_HEIGHT } from '../../webviews/profile/flameRenderer';
import { countFrames, recordedProfile, syntheticProfile, TRAIN_JS } from './profileFixture';
import { clearPosted, cspViolations, pagePerTest, postedBy, savedState, sendHostMessage, tabTo, waitForPosted } from './webviewPage';

const REPO = resolve(__dirname, '..', '..', '..');
const RESULTS = join(REPO, 'test-results');

describe('profile webview (headless Chromium)', function () {
  this.timeout(60_000);
  let page: Page;
  const profile = recordedProfile();
  const { problems, open } = pagePerTest('profile', { viewport: { width: 1000, height: 600 } }, (opened) => (page = opened));

  /** Sends a profile as the host does (the tree encoded into buffers), and waits until the page has handled it. */
  async function showProfile(target: Page, body: ProfileBody = profile): Promise<void> {
    const { root, ...summary } = body;
    await sendHostMessage(target, { type: 'profile', summary, flame: encodeFlame(root) });
    await sendHostMessage(target, { type: 'origin', origin: { session: 'train.js', stop: 1, ended: false } });
  }

  /** Page coordinates of a point at `fraction` of the canvas's width on row `depth`. */
  async function at(fraction: number, depth: number, target = page): Promise<{ x: number; y: number }> {
    const box = await target.locator('#flame').boundingBox();
    assert.ok(box);
    return { x: box.x + fraction * box.width, y: box.y + depth * ROW_HEIGHT + ROW_HEIGHT / 2 };
  }

  /** The colour near the top of row `depth` at `fraction` of the width (above any label). */
  async function pixel(fraction: number, depth: number): Promise<Rgb> {
    return page.evaluate(
      ({ fraction, y }) => {
        const canvas = document.getElementById('flame') as HTMLCanvasElement;
        const ratio = canvas.width / canvas.clientWidth;
        const data = canvas.getContext('2d')?.getImageData(Math.floor(fraction * canvas.clientWidth * ratio), Math.floor(y * ratio), 1, 1).data;
        return [data?.[0] ?? -1, data?.[1] ?? -1, data?.[2] ?? -1] as const;
      },
      { fraction, y: depth * ROW_HEIGHT + 3 },
    );
  }

  async function tooltipAt(fraction: number, depth: number): Promise<string[]> {
    const point = await at(fraction, depth);
    await page.mouse.move(point.x, point.y);
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    return page.locator('#tooltip > div').allTextContents();
  }

  async function tableColumn(column: number): Promise<string[]> {
    return page.locator(`#by-op tbody tr td:nth-child(${column})`).allTextContents();
  }

  it('draws every frame of a small profile in its place and colour', async () => {
    await showProfile(page);
    assert.equal(await page.textContent('#drawn'), '13 of 13 frames drawn, 0 merged blocks');
    assert.equal(await page.textContent('#panel-origin'), 'train.js · stop 1');
    assert.equal(await page.textContent('#summary'), '36 kernels recorded, 100 ms in outermost kernels');
    // Children sorted by time: model 0–60 %, loss 60–90 %, backward pass 90–100 %.
    assert.deepEqual(await pixel(0.3, 1), frameColor('model train.js:23', FlameKind.Call));
    assert.deepEqual(await pixel(0.75, 1), frameColor('loss train.js:28', FlameKind.Call));
    assert.deepEqual(await pixel(0.95, 2), frameColor('matMul', FlameKind.Op));
    assert.deepEqual(await pixel(0.5, 3), frameColor('Add', FlameKind.Kernel));
    assert.notDeepEqual(frameColor('Add', FlameKind.Kernel), frameColor('BatchMatMul', FlameKind.Kernel));
  });

  it("names a frame's figures in its tooltip", async () => {
    await showProfile(page);
    assert.deepEqual(await tooltipAt(0.3, 1), ['model train.js:23', 'total 60 ms (60.0% of total)', 'self 0 ms', 'calls 30', `${TRAIN_JS}:23`]);
    assert.deepEqual(await tooltipAt(0.5, 3), ['Add', 'total 20 ms (20.0% of total)', 'self 20 ms', 'calls 20']);
    await page.mouse.move(0, 0);
    await page.locator('#tooltip').waitFor({ state: 'hidden' });
  });

  it('highlights the frames a search matches and counts them', async () => {
    await showProfile(page);
    await page.locator('#search input').fill('matmul');
    await page.waitForFunction(() => document.getElementById('matches')?.textContent === '4 matches');
    assert.deepEqual(await pixel(0.2, 3), MATCH_COLOR, 'BatchMatMul under model');
    assert.deepEqual(await pixel(0.95, 3), MATCH_COLOR, 'BatchMatMul of the backward pass');
    assert.deepEqual(await pixel(0.2, 2), MATCH_COLOR, 'the matMul op');
    assert.deepEqual(await pixel(0.5, 3), DIMMED_COLOR, 'Add');
    assert.deepEqual(await pixel(0.3, 1), DIMMED_COLOR, 'model train.js:23');
    const state = (await savedState<{ search: string }>(page)) ?? { search: '' };
    assert.equal(state.search, 'matmul');
    await page.locator('#search input').fill('');
    await page.waitForFunction(() => document.getElementById('matches')?.textContent === '');
    assert.deepEqual(await pixel(0.5, 3), frameColor('Add', FlameKind.Kernel));
  });

  it('zooms to a clicked frame and goes to its source line', async () => {
    await showProfile(page);
    const loss = await at(0.75, 1);
    await page.mouse.click(loss.x, loss.y);
    // loss spans the width now: SquaredDifference (18 of 30 ms) the left 60 %, Mean the rest.
    assert.deepEqual(await pixel(0.1, 1), frameColor('loss train.js:28', FlameKind.Call));
    assert.deepEqual(await pixel(0.3, 3), frameColor('SquaredDifference', FlameKind.Kernel));
    assert.deepEqual(await pixel(0.8, 3), frameColor('Mean', FlameKind.Kernel));
    assert.equal(await page.textContent('#drawn'), '5 of 13 frames drawn, 0 merged blocks');
    assert.deepEqual(await tooltipAt(0.8, 3), ['Mean', 'total 12 ms (12.0% of total)', 'self 12 ms', 'calls 1', 'shapes [64,1] → []']);
    assert.equal(await page.textContent('#selected'), `loss train.js:28 — ${TRAIN_JS}:28`);
    await clearPosted(page);
    await page.locator('#goto').click();
    assert.deepEqual(await waitForPosted<ProfileToHost>(page, (m) => m.type === 'goToSource'), { type: 'goToSource', path: TRAIN_JS, line: 28 });
    // The root, above the zoomed frame, zooms back out; a kernel goes to its line's source.
    const root = await at(0.5, 0);
    await page.mouse.click(root.x, root.y);
    assert.equal(await page.textContent('#drawn'), '13 of 13 frames drawn, 0 merged blocks');
    assert.ok(await page.locator('#goto').evaluate((button) => (button as HTMLElement & { disabled: boolean }).disabled), 'the program has no line');
    const add = await at(0.5, 3);
    await page.mouse.click(add.x, add.y);
    await clearPosted(page);
    await page.locator('#goto').click();
    assert.deepEqual(await waitForPosted<ProfileToHost>(page, (m) => m.type === 'goToSource'), { type: 'goToSource', path: TRAIN_JS, line: 23 });
  });

  it('sorts the by-op table by the column clicked, the other way on a second click', async () => {
    await showProfile(page);
    assert.deepEqual(await tableColumn(1), ['BatchMatMul', 'Add', 'SquaredDifference', 'Mean']);
    assert.deepEqual(await page.locator('#by-op tbody tr').first().locator('td').allTextContents(), ['BatchMatMul', '14', '50', '50', '3.571']);
    await page.locator('#by-op th[data-key="count"]').click();
    assert.deepEqual(await tableColumn(1), ['Add', 'BatchMatMul', 'Mean', 'SquaredDifference']);
    assert.equal(await page.locator('#by-op th[data-key="count"]').getAttribute('aria-sort'), 'descending');
    await page.locator('#by-op th[data-key="count"]').click();
    assert.deepEqual(await tableColumn(2), ['1', '1', '14', '20']);
    await page.locator('#by-op th[data-key="op"]').click();
    assert.deepEqual(await tableColumn(1), ['Add', 'BatchMatMul', 'Mean', 'SquaredDifference']);
  });

  it('asks the host to refresh, reset and export', async () => {
    await showProfile(page);
    await clearPosted(page);
    for (const id of ['#refresh', '#reset', '#export-trace', '#export-speedscope']) await page.locator(id).click();
    await waitForPosted<ProfileToHost>(page, (m) => m.type === 'export' && m.format === 'speedscope');
    assert.deepEqual(await postedBy<ProfileToHost>(page), [
      { type: 'refresh' },
      { type: 'reset' },
      { type: 'export', format: 'chrome-trace' },
      { type: 'export', format: 'speedscope' },
    ]);
  });

  it('says what the times measure, and switches the GPU timer on webgl and webgpu', async () => {
    const timingText = () => page.textContent('#timing');
    const gpuButton = page.locator('#gpu-time');
    await showProfile(page, { ...profile, timing: { backend: 'cpu', kernelTime: 'compute' } });
    assert.equal(await timingText(), 'Times: kernels computing on cpu (each finishes before it returns).');
    assert.equal(await gpuButton.isVisible(), false);

    await showProfile(page, { ...profile, timing: { backend: 'webgl', kernelTime: 'dispatch', gpuTime: 'unavailable' } });
    assert.match((await timingText()) ?? '', /^Times: CPU dispatch on webgl; .* GPU time: not available \(no timer query/);
    assert.equal(await gpuButton.isVisible(), false);

    await showProfile(page, { ...profile, timing: { backend: 'webgpu', kernelTime: 'dispatch', gpuTime: 'off' } });
    assert.match((await timingText()) ?? '', /^Times: CPU dispatch on webgpu; the GPU runs kernels later, .* GPU time: off\.$/);
    assert.equal(await gpuButton.textContent(), 'Time on GPU');
    await clearPosted(page);
    await gpuButton.click();
    assert.deepEqual(await waitForPosted<ProfileToHost>(page, (m) => m.type === 'gpuTime'), { type: 'gpuTime', on: true });

    // The GPU timed the 10 forward BatchMatMul calls: 3 ms each.
    const timed: ProfileBody = structuredClone({ ...profile, timing: { backend: 'webgpu', kernelTime: 'dispatch', gpuTime: 'on' } });
    const [model] = timed.root.children;
    const matMulOp = model.children.find((frame) => frame.name === 'matMul');
    for (const frame of [timed.root, model, matMulOp, matMulOp?.children[0]]) Object.assign(frame ?? {}, { gpuMs: 30, gpuCount: 10 });
    Object.assign(timed.byOp.find((row) => row.op === 'BatchMatMul') ?? {}, { gpuMs: 30, gpuCount: 10 });
    await showProfile(page, timed);
    assert.match((await timingText()) ?? '', /GPU time on: 30 ms in 10 timed kernels/);
    assert.equal(await gpuButton.textContent(), 'Stop GPU timing');
    assert.deepEqual(await page.locator('#by-op thead th').allTextContents(), ['Op', 'Calls', 'Total ms ▼', 'Self ms', 'Mean ms', 'GPU ms']);
    assert.deepEqual(await page.locator('#by-op tbody tr').first().locator('td').allTextContents(), ['BatchMatMul', '14', '50', '50', '3.571', '30']);
    assert.deepEqual((await tooltipAt(0.2, 3)).slice(0, 5), [
      'BatchMatMul',
      'total 40 ms (40.0% of total)',
      'self 40 ms',
      'calls 10',
      'GPU 30 ms (10 of 10 kernels timed)',
    ]);
    await clearPosted(page);
    await gpuButton.click();
    assert.deepEqual(await waitForPosted<ProfileToHost>(page, (m) => m.type === 'gpuTime'), { type: 'gpuTime', on: false });
  });

  it('restores zoom, search and sort from its saved state when shown again', async () => {
    await showProfile(page);
    await page.locator('#by-op th[data-key="op"]').click();
    const loss = await at(0.75, 1);
    await page.mouse.click(loss.x, loss.y);
    await page.locator('#search input').fill('mean');
    const saved = await savedState<Record<string, unknown>>(page);
    const { kept, ...settings } = saved ?? {};
    assert.deepEqual(settings, { zoom: ['loss train.js:28'], selected: ['loss train.js:28'], search: 'mean', sort: { key: 'op', descending: false } });
    assert.ok(kept, 'the page keeps the profile shown');
    const again = await open(saved);
    try {
      await showProfile(again);
      assert.equal(await again.textContent('#selected'), `loss train.js:28 — ${TRAIN_JS}:28`);
      assert.equal(await again.textContent('#drawn'), '5 of 13 frames drawn, 0 merged blocks');
      assert.equal(await again.textContent('#matches'), '2 matches');
      assert.equal(await again.locator('#search').evaluate((field) => (field as HTMLElement & { value: string }).value), 'mean');
      assert.deepEqual(await again.locator('#by-op tbody tr td:nth-child(1)').allTextContents(), ['Add', 'BatchMatMul', 'Mean', 'SquaredDifference']);
    } finally {
      await again.close();
    }
  });

  const readout = async () => (await page.textContent('#flame-readout')) ?? '';

  it('moves between frames by the arrow keys, reads each out, and zooms with Enter', async () => {
    await showProfile(page);
    await tabTo(page, 'flame');
    assert.match(await readout(), /^program, total 100 ms \(100\.0% of total\), self 0 ms/);
    await page.keyboard.press('ArrowDown');
    assert.equal(await readout(), `model train.js:23, total 60 ms (60.0% of total), self 0 ms, calls 30, ${TRAIN_JS}:23`);
    await page.keyboard.press('ArrowDown');
    assert.match(await readout(), /^matMul, total 40 ms/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    assert.equal(await readout(), 'Add, total 20 ms (20.0% of total), self 20 ms, calls 20');
    // The tooltip shows what the readout says.
    assert.deepEqual(await page.locator('#tooltip > div').allTextContents(), ['Add', 'total 20 ms (20.0% of total)', 'self 20 ms', 'calls 20']);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    assert.match(await readout(), /^matMul, total 40 ms/);
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('#selected'), `matMul — ${TRAIN_JS}:23`);
    assert.equal(await page.textContent('#drawn'), '4 of 13 frames drawn, 0 merged blocks');
    // Beside the zoomed frame: the zoom widens to the parent, which shows it.
    await page.keyboard.press('ArrowRight');
    assert.match(await readout(), /^add, total 20 ms/);
    assert.equal(await page.textContent('#drawn'), '6 of 13 frames drawn, 0 merged blocks');
    assert.equal(await page.textContent('#selected'), `matMul — ${TRAIN_JS}:23`, 'a move does not select');
    await page.keyboard.press('Escape');
    assert.equal(await page.textContent('#drawn'), '13 of 13 frames drawn, 0 merged blocks');
  });

  it('shows the flame tree as a tree grid under "List", opened and picked by keys, with "Go to source" on each row', async () => {
    await showProfile(page);
    await tabTo(page, 'show-list');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#show-list').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#flame').isVisible(), false);
    const rows = () => page.locator('#flame-tree tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent).join(' | ')));
    assert.deepEqual(await rows(), [
      '▾program | 100 | 0 | 36 | ',
      '▸model train.js:23 | 60 | 0 | 30 | train.js:23',
      '▸loss train.js:28 | 30 | 0 | 2 | train.js:28',
      '▸(backward pass) | 10 | 0 | 4 | ',
    ]);
    await tabTo(page, 'frame-row-0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#frame-row-1', 'aria-expanded'), 'true');
    assert.deepEqual((await rows()).slice(1, 4), [
      '▾model train.js:23 | 60 | 0 | 30 | train.js:23',
      '▸matMul | 40 | 0 | 10 | train.js:23',
      '▸add | 20 | 0 | 20 | train.js:23',
    ]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('#selected'), `add — ${TRAIN_JS}:23`);
    assert.equal(await page.getAttribute('#frame-row-4', 'aria-selected'), 'true');
    await clearPosted(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Go to source: ${TRAIN_JS}:23`);
    await page.keyboard.press('Enter');
    assert.deepEqual(await waitForPosted<ProfileToHost>(page, (m) => m.type === 'goToSource'), { type: 'goToSource', path: TRAIN_JS, line: 23 });
    // Left goes up to the parent, and again closes it.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getAttribute('#frame-row-1', 'aria-expanded'), 'false');
    assert.equal((await rows()).length, 4);
  });

  it('borders every frame in the contrast border in high-contrast themes', async () => {
    await showProfile(page);
    const topEdge = () =>
      page.evaluate((y) => {
        const canvas = document.getElementById('flame') as HTMLCanvasElement;
        const data = canvas.getContext('2d')?.getImageData(Math.floor(0.3 * canvas.width), y, 1, 1).data;
        return [data?.[0], data?.[1], data?.[2]];
      }, ROW_HEIGHT);
    assert.deepEqual(await topEdge(), [...frameColor('model train.js:23', FlameKind.Call)]);
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-contrastBorder', 'rgb(111, 195, 223)');
      document.body.classList.add('vscode-high-contrast');
    });
    await page.waitForFunction((y) => {
      const canvas = document.getElementById('flame') as HTMLCanvasElement;
      return canvas.getContext('2d')?.getImageData(Math.floor(0.3 * canvas.width), y, 1, 1).data[0] === 111;
    }, ROW_HEIGHT);
    assert.deepEqual(await topEdge(), [111, 195, 223]);
  });

  it('draws a tree of 90k frames with the narrow ones merged', async () => {
    const { profile: big } = syntheticProfile(200_000, 30_000);
    const total = countFrames(big);
    assert.ok(total > 80_000, `${total} frames`);
    const target = await open();
    try {
      await showProfile(target, big);
      const text = (await target.textContent('#drawn')) ?? '';
      const [, drawn, size, merged] = (text.match(/^(\d+) of (\d+) frames drawn, (\d+) merged blocks$/) ?? []).map(Number);
      assert.equal(size, total, text);
      const width = await target.locator('#flame').evaluate((canvas) => canvas.clientWidth);
      // At least half a pixel each: no more frames per row than twice the width.
      assert.ok(drawn > 10 && drawn <= 2 * width * 4, text);
      assert.ok(merged > 0, text);
    } finally {
      await target.close();
    }
  });

  it('loads under its CSP with nothing blocked, and leaves a screenshot', async () => {
    await showProfile(page);
    const point = await at(0.3, 2);
    await page.mouse.move(point.x, point.y);
    const violations = await cspViolations(page);
    assert.deepEqual(violations, []);
    assert.deepEqual(problems, []);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'profile.png') });
  });
});
