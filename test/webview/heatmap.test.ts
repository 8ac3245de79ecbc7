/**
 * The heatmap webview in headless Chromium: the built dist/webviews/heatmap.js in the page
 * the extension serves (same CSP), a stub `acquireVsCodeApi` that records what the page
 * posts, and this test acting as the extension host. Checks pixels at known cells, the
 * NaN/Inf colours, the readout under the cursor, slice pickers, editing, the diff view, that
 * an error or a resize leaves no stale or blank picture, the high-contrast frame, and that
 * the CSP blocks nothing; saves test-results/heatmap.png.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { HeatmapToHost, HeatmapView, HostToHeatmap } from '../../protocol/webviewMessages';
import {
  clearPosted as clearPostedOn,
  cspViolations,
  pagePerTest,
  postedBy,
  savedState,
  sendHostMessage,
  waitForPosted as waitForPostedOn,
} from './webviewPage';
import { NAN_COLOR, NEG_INF_COLOR, POS_INF_COLOR, chooseScale, colorOf, type Rgb } from '../../common/colormap';

const REPO = resolve(__dirname, '..', '..', '..');
const RESULTS = join(REPO, 'test-results');

/** A view message as the host builds it. */
function view(shape: number[], slice: string, viewShape: [number, number], values: number[], blocks: [number, number] = [1, 1]): HeatmapView {
  const finite = values.filter(Number.isFinite);
  return {
    expression: 'w',
    shape,
    dtype: 'float32',
    stats: {
      min: finite.reduce((a, b) => Math.min(a, b), Infinity),
      max: finite.reduce((a, b) => Math.max(a, b), -Infinity),
      mean: finite.reduce((a, b) => a + b, 0) / finite.length,
      std: 1,
      nanCount: values.filter(Number.isNaN).length,
      infCount: values.filter((v) => v === Infinity || v === -Infinity).length,
    },
    viewShape,
    slice,
    blocks,
    data: new Float32Array(values).buffer,
  };
}

/** The 4×5 tensor 0..19 with NaN at [1,1], +Inf at [2,3], −Inf at [3,0]. */
function matrix(): number[] {
  const values = Array.from({ length: 20 }, (_, i) => i);
  values[1 * 5 + 1] = NaN;
  values[2 * 5 + 3] = Infinity;
  values[3 * 5 + 0] = -Infinity;
  return values;
}

/** Slice `i` of the 3×4×5 tensor whose element [i,r,c] is i*100 + r*5 + c. */
function cube(i: number): number[] {
  return Array.from({ length: 20 }, (_, k) => i * 100 + k);
}

describe('heatmap webview (headless Chromium)', function () {
  this.timeout(30_000);
  let page: Page;
  const { problems } = pagePerTest('heatmap', { viewport: { width: 900, height: 600 } }, (opened) => (page = opened));

  const posted = () => postedBy<HeatmapToHost>(page);
  const waitForPosted = (match: (m: HeatmapToHost) => boolean) => waitForPostedOn(page, match);
  const clearPosted = () => clearPostedOn(page);

  /** Sends a host message the way VS Code delivers it: a `message` event on the window. */
  function send(message: HostToHeatmap): Promise<void> {
    return sendHostMessage(page, message);
  }

  /** Lets the page's resize and mutation observers run and the page paint. */
  function frames(): Promise<void> {
    return page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  }

  /** How many of the canvas's pixels are painted (not transparent). */
  function paintedPixels(): Promise<number> {
    return page.evaluate(() => {
      const canvas = document.getElementById('canvas') as HTMLCanvasElement;
      if (canvas.width === 0 || canvas.height === 0) return 0;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    });
  }

  /** The colour at canvas pixel (x, y) in CSS pixels from its corner. */
  function canvasPixel(x: number, y: number): Promise<Rgb> {
    return page.evaluate(
      ({ x, y }) => {
        const data = (document.getElementById('canvas') as HTMLCanvasElement).getContext('2d')?.getImageData(x, y, 1, 1).data;
        return [data?.[0] ?? -1, data?.[1] ?? -1, data?.[2] ?? -1] as const;
      },
      { x, y },
    );
  }

  /** Where the initial fit puts the picture of a `rows × cols` view in the canvas: its scale and corner. */
  function fitted(rows: number, cols: number): Promise<{ scale: number; x: number; y: number }> {
    return page.evaluate(
      ({ rows, cols }) => {
        const canvas = document.getElementById('canvas') as HTMLCanvasElement;
        const scale = Math.min(canvas.clientWidth / cols, canvas.clientHeight / rows);
        return { scale, x: (canvas.clientWidth - cols * scale) / 2, y: (canvas.clientHeight - rows * scale) / 2 };
      },
      { rows, cols },
    );
  }

  /** Checks that every cell of a 4×5 `matrix()` view shows in its colour where the fit puts it. */
  async function assertMatrixDrawn(): Promise<void> {
    const values = matrix();
    const scale = chooseScale(0, 19, 'linear');
    for (let row = 0; row < 4; row++) {
      for (let col = 0; col < 5; col++) {
        const value = values[row * 5 + col];
        const expected = Number.isNaN(value) ? NAN_COLOR : value === Infinity ? POS_INF_COLOR : value === -Infinity ? NEG_INF_COLOR : colorOf(value, scale);
        assert.deepEqual(await pixelAt(4, 5, row, col), expected, `cell [${row},${col}]`);
      }
    }
  }

  /** Centre of view cell (row, col) in page coordinates, with the panel's initial fit. */
  async function cellCentre(rows: number, cols: number, row: number, col: number): Promise<{ x: number; y: number }> {
    return page.evaluate(
      ({ rows, cols, row, col }) => {
        const canvas = document.getElementById('canvas') as HTMLCanvasElement;
        const box = canvas.getBoundingClientRect();
        const scale = Math.min(canvas.clientWidth / cols, canvas.clientHeight / rows);
        const x0 = (canvas.clientWidth - cols * scale) / 2;
        const y0 = (canvas.clientHeight - rows * scale) / 2;
        return { x: box.left + x0 + (col + 0.5) * scale, y: box.top + y0 + (row + 0.5) * scale };
      },
      { rows, cols, row, col },
    );
  }

  async function pixelAt(rows: number, cols: number, row: number, col: number): Promise<Rgb> {
    const { x, y } = await cellCentre(rows, cols, row, col);
    return page.evaluate(
      ({ x, y }) => {
        const canvas = document.getElementById('canvas') as HTMLCanvasElement;
        const box = canvas.getBoundingClientRect();
        const ratio = canvas.width / canvas.clientWidth;
        const data = canvas.getContext('2d')?.getImageData(Math.floor((x - box.left) * ratio), Math.floor((y - box.top) * ratio), 1, 1).data;
        return [data?.[0] ?? -1, data?.[1] ?? -1, data?.[2] ?? -1] as const;
      },
      { x, y },
    );
  }

  it('draws each cell in its colour, NaN and ±Inf in theirs, and counts them in the header', async () => {
    await send({ type: 'view', view: view([4, 5], ':,:', [4, 5], matrix()) });
    const scale = chooseScale(0, 19, 'linear');
    assert.equal(scale.colormap, 'viridis');
    assert.deepEqual(await pixelAt(4, 5, 0, 0), colorOf(0, scale));
    assert.deepEqual(await pixelAt(4, 5, 3, 4), colorOf(19, scale));
    assert.deepEqual(await pixelAt(4, 5, 2, 1), colorOf(11, scale));
    assert.deepEqual(await pixelAt(4, 5, 1, 1), NAN_COLOR);
    assert.deepEqual(await pixelAt(4, 5, 2, 3), POS_INF_COLOR);
    assert.deepEqual(await pixelAt(4, 5, 3, 0), NEG_INF_COLOR);
    const summary = await page.textContent('#summary');
    assert.match(summary ?? '', /^float32\[4,5\] min=0 max=19 mean=\S+ std=1 NaN=1 Inf=2$/);
    assert.equal(await page.textContent('#specials'), 'view: NaN=1 +Inf=1 -Inf=1');
    assert.equal(await page.textContent('#expression'), 'w');
  });

  it('shows the index and value under the cursor', async () => {
    await send({ type: 'view', view: view([4, 5], ':,:', [4, 5], matrix()) });
    const at = await cellCentre(4, 5, 2, 3);
    await page.mouse.move(at.x, at.y);
    assert.equal(await page.textContent('#readout'), '[2,3] = Inf');
    const other = await cellCentre(4, 5, 0, 4);
    await page.mouse.move(other.x, other.y);
    assert.equal(await page.textContent('#readout'), '[0,4] = 4');
  });

  it('switches to the diverging map for signed data, white at zero', async () => {
    await send({ type: 'view', view: view([2, 2], ':,:', [2, 2], [-2, 0, 1, 2]) });
    assert.deepEqual(await pixelAt(2, 2, 0, 1), [247, 247, 247]);
    const [r, , b] = await pixelAt(2, 2, 0, 0);
    assert.ok(b > r, 'negative is blue');
    const [r2, , b2] = await pixelAt(2, 2, 1, 1);
    assert.ok(r2 > b2, 'positive is red');
  });

  it('offers slice pickers for rank 3 and shows the slice the host answers', async () => {
    await send({ type: 'view', view: view([3, 4, 5], '0,:,:', [4, 5], cube(0)) });
    const before = await pixelAt(4, 5, 1, 2);
    await clearPosted();
    await page.locator('#slice-0').click();
    await page.locator('#slice-0').locator('li#op-2').click();
    const request = await waitForPosted((m) => m.type === 'slice');
    assert.deepEqual(request, { type: 'slice', slice: '2,:,:' });
    await send({ type: 'view', view: view([3, 4, 5], '2,:,:', [4, 5], cube(2)) });
    // Same relative position in a higher range: the colour scale follows the slice, so read the readout.
    const at = await cellCentre(4, 5, 1, 2);
    await page.mouse.move(at.x, at.y);
    assert.equal(await page.textContent('#readout'), '[2,1,2] = 207');
    // A different picture: make the slice non-uniform and compare a pixel.
    const values = cube(2);
    values[1 * 5 + 2] = 0;
    await send({ type: 'view', view: view([3, 4, 5], '2,:,:', [4, 5], values) });
    assert.notDeepEqual(await pixelAt(4, 5, 1, 2), before);
    assert.ok(await page.locator('#rows-axis').isVisible());
    assert.ok(await page.locator('#cols-axis').isVisible());
  });

  it('edits a cell on double-click: the index in the full tensor and the typed value', async () => {
    await send({ type: 'view', view: view([3, 4, 5], '2,:,:', [4, 5], cube(2)) });
    await clearPosted();
    const at = await cellCentre(4, 5, 1, 2);
    await page.mouse.dblclick(at.x, at.y);
    const editor = page.locator('#editor');
    await editor.waitFor({ state: 'visible' });
    assert.equal(await editor.inputValue(), '207');
    await editor.fill('7.5');
    await editor.press('Enter');
    const edit = await waitForPosted((m) => m.type === 'edit');
    assert.deepEqual(edit, { type: 'edit', index: [2, 1, 2], value: 7.5 });
    assert.ok(await editor.isHidden());
  });

  it('does not edit a block-reduced view, and says so', async () => {
    await send({
      type: 'view',
      view: view(
        [8, 10],
        ':,:',
        [4, 5],
        matrix().map((v) => (Number.isFinite(v) ? v : 0)),
        [2, 2],
      ),
    });
    await clearPosted();
    const at = await cellCentre(4, 5, 1, 2);
    await page.mouse.dblclick(at.x, at.y);
    assert.match((await page.textContent('#note')) ?? '', /block-reduced/);
    assert.ok(await page.locator('#editor').isHidden());
    assert.equal((await posted()).filter((m) => m.type === 'edit').length, 0);
    await page.mouse.move(at.x, at.y);
    assert.equal(await page.textContent('#readout'), '[2,4] block 2×2 mean = 7');
  });

  it("does not edit a tape's snapshot, and says why", async () => {
    const readOnly = "Editing is off: this is the gradient tape 3 recorded, a snapshot; edit the program's tensors from Variables or Watch.";
    await send({ type: 'view', view: { ...view([3, 4, 5], '2,:,:', [4, 5], cube(2)), readOnly } });
    await clearPosted();
    const at = await cellCentre(4, 5, 1, 2);
    await page.mouse.dblclick(at.x, at.y);
    assert.equal(await page.textContent('#note'), readOnly);
    assert.ok(await page.locator('#editor').isHidden());
    assert.equal((await posted()).filter((m) => m.type === 'edit').length, 0);
  });

  it('shows the difference from the previous stop', async () => {
    const previous = view([2, 3], ':,:', [2, 3], [1, 2, 3, 4, 5, 6]);
    const current = view([2, 3], ':,:', [2, 3], [1, 2, 9, 4, 0, 6]);
    await send({ type: 'view', view: current, previous });
    // On its box: the element stretches beyond its label, and a click in that blank middle
    // toggles nothing (an earlier test's slice pickers used to narrow it).
    await page.locator('#diff').click({ position: { x: 8, y: 8 } });
    await page.waitForFunction(() => /previous stop/.test(document.getElementById('note')?.textContent ?? ''));
    assert.deepEqual(await pixelAt(2, 3, 0, 0), [247, 247, 247], 'unchanged is white');
    const [r, , b] = await pixelAt(2, 3, 0, 2);
    assert.ok(r > b, 'increase is red');
    const [r2, , b2] = await pixelAt(2, 3, 1, 1);
    assert.ok(b2 > r2, 'decrease is blue');
    const at = await cellCentre(2, 3, 0, 2);
    await page.mouse.move(at.x, at.y);
    assert.equal(await page.textContent('#readout'), '[0,2] Δ=6 (3 → 9)');
    const state = await savedState(page);
    assert.deepEqual(state, { scaling: 'linear', diff: true });
  });

  it('asks the host for exports and a refresh', async () => {
    await send({ type: 'view', view: view([4, 5], ':,:', [4, 5], matrix()) });
    await clearPosted();
    await page.locator('#export-npy').click();
    await page.locator('#export-csv').click();
    await page.locator('#refresh').click();
    await waitForPosted((m) => m.type === 'refresh');
    const types = (await posted()).map((m) => JSON.stringify(m));
    assert.deepEqual(types, ['{"type":"export","format":"npy"}', '{"type":"export","format":"csv"}', '{"type":"refresh"}']);
  });

  it('clears the picture when the host says the expression cannot be read', async () => {
    await send({ type: 'view', view: view([4, 5], ':,:', [4, 5], matrix()) });
    assert.ok((await paintedPixels()) > 1000);
    await send({ type: 'error', message: 'ReferenceError: w is not defined' });
    assert.equal(await paintedPixels(), 0, 'no pixel of the old picture');
    assert.equal(await page.textContent('#summary'), 'ReferenceError: w is not defined');
    assert.equal(await page.textContent('#expression'), '');
    assert.equal(await page.textContent('#bar-hi'), '');
    assert.equal(await page.textContent('#specials'), '');
    // The next stop's view comes back whole.
    await send({ type: 'view', view: view([4, 5], ':,:', [4, 5], matrix()) });
    await assertMatrixDrawn();
  });

  it('draws the picture again after the panel is resized, fitted if it was, zoomed as it was if not', async () => {
    // The first view comes while the editor group leaves the canvas no height (the panel
    // opened beside a squeezed editor), and then the group grows: the picture was fitted to
    // nothing and stayed a speck until "Fit".
    await page.setViewportSize({ width: 300, height: 200 });
    await frames();
    assert.equal(await page.$eval('#canvas', (canvas) => canvas.clientHeight), 0);
    await send({ type: 'view', view: view([4, 5], ':,:', [4, 5], matrix()) });
    await page.setViewportSize({ width: 900, height: 600 });
    await frames();
    assert.ok((await paintedPixels()) > 100_000, 'the picture fills the canvas again');
    await assertMatrixDrawn();
    // A fitted picture follows the canvas's size.
    await page.setViewportSize({ width: 640, height: 520 });
    await frames();
    await assertMatrixDrawn();
    // A zoomed one keeps its zoom, and what was at the centre stays at the centre: cell
    // [1,2], zoomed about, moves by half the change in the canvas's size.
    const box = await page.locator('#canvas').boundingBox();
    assert.ok(box);
    const { scale, x, y } = await fitted(4, 5);
    const cell = { x: x + 2.5 * scale, y: y + 1.5 * scale };
    await page.mouse.move(box.x + cell.x, box.y + cell.y);
    await page.mouse.wheel(0, -300);
    await page.mouse.move(0, 0);
    await page.setViewportSize({ width: 800, height: 560 });
    await frames();
    const after = await page.locator('#canvas').boundingBox();
    assert.ok(after);
    const moved = { x: cell.x + (after.width - box.width) / 2, y: cell.y + (after.height - box.height) / 2 };
    assert.deepEqual(await canvasPixel(Math.floor(moved.x), Math.floor(moved.y)), colorOf(7, chooseScale(0, 19, 'linear')));
    assert.ok((await paintedPixels()) > 0.9 * after.width * after.height, 'the zoomed picture fills the canvas');
  });

  it("frames the picture in a high-contrast theme's border colour, and rules large cells", async () => {
    await send({ type: 'view', view: view([2, 2], ':,:', [2, 2], [0, 0, 0, 1]) });
    const { scale, x, y } = await fitted(2, 2);
    const outside = { x: Math.floor(x) - 1, y: Math.floor(y + scale / 2) };
    const between = { x: Math.round(x + scale / 2), y: Math.round(y + scale) };
    assert.deepEqual(await canvasPixel(outside.x, outside.y), [0, 0, 0], 'nothing outside the picture in an ordinary theme');
    const lowest = colorOf(0, chooseScale(0, 1, 'linear'));
    assert.deepEqual(await canvasPixel(between.x, between.y), lowest);
    await page.evaluate(() => {
      document.body.style.setProperty('--vscode-contrastBorder', '#6fc3df');
      document.body.classList.add('vscode-high-contrast');
    });
    await frames();
    assert.deepEqual(await canvasPixel(outside.x, outside.y), [0x6f, 0xc3, 0xdf]);
    assert.deepEqual(await canvasPixel(between.x, between.y), [0x6f, 0xc3, 0xdf]);
    assert.equal(await page.$eval('#bar', (bar) => getComputedStyle(bar).borderTopColor), 'rgb(111, 195, 223)');
    await page.evaluate(() => document.body.classList.replace('vscode-high-contrast', 'vscode-high-contrast-light'));
    await frames();
    assert.deepEqual(await canvasPixel(outside.x, outside.y), [0x6f, 0xc3, 0xdf]);
    await page.evaluate(() => document.body.classList.remove('vscode-high-contrast-light'));
    await frames();
    assert.deepEqual(await canvasPixel(outside.x, outside.y), [0, 0, 0]);
  });

  it('loads under its CSP with nothing blocked, and leaves a screenshot', async () => {
    const values = Array.from({ length: 24 * 32 }, (_, i) => Math.sin(i / 7) * Math.cos(i / 29) * 3);
    values[5] = NaN;
    values[40] = Infinity;
    values[77] = -Infinity;
    await send({ type: 'view', view: view([2, 24, 32], '0,:,:', [24, 32], values) });
    const violations = await cspViolations(page);
    assert.deepEqual(violations, []);
    assert.deepEqual(problems, []);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'heatmap.png') });
  });
});
