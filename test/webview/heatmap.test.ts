/**
 * The heatmap webview in headless Chromium: the built dist/webviews/heatmap.js in the page
 * the extension serves (same CSP), a stub `acquireVsCodeApi` that records what the page
 * posts, and this test acting as the extension host. Checks pixels at known cells, the
 * NaN/Inf colours, the readout under the cursor, slice pickers and the slice box (ranged
 * views included), editing, the diff view, the keyboard's cell cursor and its live readout,
 * the values grid, the high-contrast frame, that an error or a resize leaves no stale or
 * blank picture, and that the CSP blocks nothing; saves test-results/heatmap.png.
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

  /** How many of the canvas's pixels are exactly `color`. */
  function pixelsOf(color: Rgb): Promise<number> {
    return page.evaluate((color) => {
      const canvas = document.getElementById('canvas') as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255 && data[i] === color[0] && data[i + 1] === color[1] && data[i + 2] === color[2]) count++;
      return count;
    }, color);
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

  const cursorReadout = async () => (await page.textContent('#cursor-readout')) ?? '';

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

  it('applies a slice typed in the slice box, with or without the name and brackets', async () => {
    await send({ type: 'view', view: view([3, 4, 5], '0,:,:', [4, 5], cube(0)) });
    const box = page.locator('#slice-box');
    assert.equal(await box.inputValue(), 'w[0, :, :]');
    assert.equal(await box.getAttribute('placeholder'), 'w[0, :, :]');
    assert.ok(await box.getAttribute('aria-label'));
    await clearPosted();
    await box.fill('w[2, 1:3, -3:]');
    await box.press('Enter');
    assert.deepEqual(await waitForPosted((m) => m.type === 'slice'), { type: 'slice', slice: '2,1:3,2:5' });
    await clearPosted();
    await box.fill(' 1 , : , ::2 ');
    await box.press('Enter');
    assert.deepEqual(await waitForPosted((m) => m.type === 'slice'), { type: 'slice', slice: '1,:,0:5:2' });
    assert.equal(await box.getAttribute('aria-invalid'), null);
  });

  it('refuses a slice that does not fit, says why beside the box, and sends nothing', async () => {
    await send({ type: 'view', view: view([3, 4, 5], '0,:,:', [4, 5], cube(0)) });
    await clearPosted();
    const box = page.locator('#slice-box');
    const cases: [string, string][] = [
      ['w[5, :, :]', 'index 5 of axis 0 is outside 0..2'],
      ['0, :', "2 axes given, w has rank 3 (shape [3,4,5]): give one index, ':' or range per axis"],
      [':, :, 0:2', "pick two axes to span with ':' or a range (or one, for a single row), and an index for each other axis; got 3"],
      ['0, 9:, :', 'range 9: of axis 1 holds no element of 0..3'],
      ['w[0, :, :', 'unbalanced brackets in w[0, :, :: write x[3, :, 0:10], or 3, :, 0:10 alone'],
    ];
    for (const [typed, problem] of cases) {
      await box.fill(typed);
      await box.press('Enter');
      assert.equal(await page.textContent('#slice-problem'), problem);
      assert.equal(await box.getAttribute('aria-invalid'), 'true');
      assert.equal(await box.inputValue(), typed);
    }
    // A stop while the user's text is refused leaves it there; Escape puts back the slice shown.
    await send({ type: 'view', view: view([3, 4, 5], '0,:,:', [4, 5], cube(0)) });
    assert.equal(await box.inputValue(), 'w[0, :, :');
    await box.press('Escape');
    assert.equal(await box.inputValue(), 'w[0, :, :]');
    assert.equal(await page.textContent('#slice-problem'), '');
    assert.equal(await box.getAttribute('aria-invalid'), null);
    assert.deepEqual(
      (await posted()).filter((m) => m.type === 'slice'),
      [],
    );
  });

  it('reads, edits and picks axes of a ranged view by the full index, the box in step', async () => {
    // Rows 1..2 and columns 2..4 of slice 2.
    const values = [1, 2].flatMap((r) => [2, 3, 4].map((c) => 200 + r * 5 + c));
    await send({ type: 'view', view: view([3, 4, 5], '2,1:3,2:5', [2, 3], values) });
    assert.equal(await page.locator('#slice-box').inputValue(), 'w[2, 1:3, 2:5]');
    const at = await cellCentre(2, 3, 1, 2);
    await page.mouse.move(at.x, at.y);
    assert.equal(await page.textContent('#readout'), '[2,2,4] = 214');
    await clearPosted();
    await page.mouse.dblclick(at.x, at.y);
    const editor = page.locator('#editor');
    await editor.waitFor({ state: 'visible' });
    assert.equal(await editor.inputValue(), '214');
    await editor.fill('-1');
    await editor.press('Enter');
    assert.deepEqual(await waitForPosted((m) => m.type === 'edit'), { type: 'edit', index: [2, 2, 4], value: -1 });
    // Rows from axis 0 instead: axis 1 is fixed at the first index its range showed, axis 2 keeps its range.
    await clearPosted();
    await page.locator('#rows-axis').click();
    await page.locator('#rows-axis').locator('li#op-0').click();
    assert.deepEqual(await waitForPosted((m) => m.type === 'slice'), { type: 'slice', slice: ':,1,2:5' });
    await send({ type: 'view', view: view([3, 4, 5], ':,1,2:5', [3, 3], [7, 8, 9, 107, 108, 109, 207, 208, 209]) });
    assert.equal(await page.locator('#slice-box').inputValue(), 'w[:, 1, 2:5]');
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
    // The settings, beside what the page keeps of the host's messages (panelMemory.test.ts).
    const { kept, ...settings } = (await savedState<Record<string, unknown>>(page)) ?? {};
    assert.deepEqual(settings, { scaling: 'linear', diff: true });
    assert.ok(kept, 'the page keeps the view shown');
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

  it('reads values by keys alone: a cell cursor on the canvas, its index and exact value in a live readout', async () => {
    // Fractions that float32 rounds: the readout must give the stored float32 exactly.
    const values = cube(2).map((v) => v + 0.123456789);
    const stored = new Float32Array(values);
    await send({ type: 'view', view: view([3, 4, 5], '2,:,:', [4, 5], values) });
    assert.equal(await page.getAttribute('#cursor-readout', 'aria-live'), 'polite');
    assert.equal(await page.getAttribute('#canvas', 'tabindex'), '0');
    await page.focus('#canvas');
    assert.equal(await cursorReadout(), '', 'no cursor before a key');
    await page.keyboard.press('ArrowDown');
    const first = /^\[2,0,0\] = (\S+)$/.exec(await cursorReadout());
    assert.ok(first, 'the first key puts the cursor on the first cell');
    assert.equal(Math.fround(Number(first[1])), stored[0]);
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(key);
    const text = await cursorReadout();
    const match = /^\[2,1,2\] = (\S+)$/.exec(text);
    assert.ok(match, text);
    assert.equal(Math.fround(Number(match[1])), stored[1 * 5 + 2]);
    await page.keyboard.press('End');
    assert.match(await cursorReadout(), /^\[2,1,4\] = /);
    await page.keyboard.press('Control+End');
    assert.match(await cursorReadout(), /^\[2,3,4\] = /);
    await page.keyboard.press('Home');
    assert.match(await cursorReadout(), /^\[2,3,0\] = /);
    await page.keyboard.press('PageUp');
    assert.match(await cursorReadout(), /^\[2,0,0\] = /);
    await page.keyboard.press('ArrowLeft');
    assert.match(await cursorReadout(), /^\[2,0,0\] = /, 'the cursor stops at the edge');
    for (const key of ['ArrowDown', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);

    // F2 opens the editor, Escape closes it with nothing posted; Enter edits the cursor's element.
    await clearPosted();
    const editor = page.locator('#editor');
    await page.keyboard.press('F2');
    await editor.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    assert.ok(await editor.isHidden());
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'canvas');
    await page.keyboard.press('Enter');
    await editor.waitFor({ state: 'visible' });
    assert.equal(Math.fround(Number(await editor.inputValue())), stored[1 * 5 + 2]);
    await editor.fill('-3.5');
    await editor.press('Enter');
    const edit = await waitForPosted((m) => m.type === 'edit');
    assert.deepEqual(edit, { type: 'edit', index: [2, 1, 2], value: -3.5 });
    assert.deepEqual(
      (await posted()).filter((m) => m.type === 'edit'),
      [edit],
    );
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'canvas');

    // Another slice of the same shape: the cursor stays on its cell and reads the new value.
    await send({ type: 'view', view: view([3, 4, 5], '1,:,:', [4, 5], cube(1)) });
    assert.equal(await cursorReadout(), '[1,1,2] = 107');
    // The mouse's readout is its own.
    const at = await cellCentre(4, 5, 3, 4);
    await page.mouse.move(at.x, at.y);
    assert.equal(await page.textContent('#readout'), '[1,3,4] = 119');
    assert.equal(await cursorReadout(), '[1,1,2] = 107');
  });

  it('pans a zoomed picture to keep the cell cursor in sight', async () => {
    await send({
      type: 'view',
      view: view(
        [40, 50],
        ':,:',
        [40, 50],
        Array.from({ length: 2000 }, (_, i) => i % 7),
      ),
    });
    const focusBorder: Rgb = [0, 127, 212];
    await page.focus('#canvas');
    await page.keyboard.press('ArrowDown');
    assert.ok((await pixelsOf(focusBorder)) > 0, 'the cursor is outlined');
    // Zoom in on the top-left corner, far enough that the last cell is off the canvas.
    const box = await page.locator('#canvas').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + 5, box.y + 5);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
    await page.keyboard.press('Control+End');
    assert.equal(await cursorReadout(), '[39,49] = 4');
    assert.ok((await pixelsOf(focusBorder)) > 0, 'the cursor is outlined where it went');
    await page.keyboard.press('Control+Home');
    assert.equal(await cursorReadout(), '[0,0] = 0');
    assert.ok((await pixelsOf(focusBorder)) > 0, 'and back');
  });

  it('lists exact values in a grid with their indices, NaN and Inf as such, sharing the cursor with the canvas', async () => {
    const values = matrix();
    values[0] = 0.1;
    await send({ type: 'view', view: view([3, 4, 5], '2,:,:', [4, 5], values) });
    const toggle = page.locator('#values-toggle');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.ok(await page.locator('#values-grid').isHidden());
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    const grid = page.locator('#values-grid[role="grid"]');
    await grid.waitFor({ state: 'visible' });
    assert.equal(await grid.getAttribute('aria-rowcount'), '5');
    assert.equal(await grid.getAttribute('aria-colcount'), '6');
    const cellText = (row: number, col: number) => page.textContent(`#values-grid [role="row"][aria-rowindex="${row + 2}"] [aria-colindex="${col + 2}"]`);
    // The shortest text that reads back as the float32 stored for 0.1.
    assert.equal(await cellText(0, 0), '0.1');
    assert.equal(await cellText(1, 1), 'NaN');
    assert.equal(await cellText(2, 3), 'Inf');
    assert.equal(await cellText(3, 0), '-Inf');
    assert.equal(await cellText(3, 4), '19');
    const headers = await page.$$eval('#values-grid [role="columnheader"]', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(headers, ['', '0', '1', '2', '3', '4']);
    const rowHeaders = await page.$$eval('#values-grid [role="rowheader"]', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(rowHeaders, ['0', '1', '2', '3']);

    // A click in the grid moves the shared cursor; arrows on the canvas move it on from there.
    await page.locator('#values-grid [role="row"][aria-rowindex="4"] [aria-colindex="5"]').click();
    assert.equal(await cursorReadout(), '[2,2,3] = Inf');
    assert.equal(await page.getAttribute('#values-grid', 'aria-activedescendant'), 'values-active');
    await page.focus('#canvas');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await cursorReadout(), '[2,2,2] = 12');
    const active = page.locator('#values-active');
    assert.equal(await active.getAttribute('aria-selected'), 'true');
    assert.equal(await active.getAttribute('aria-colindex'), '4');
    assert.equal(await active.textContent(), '12');
    // And the grid's own keys: focus stays in the grid, Enter edits from there.
    await page.focus('#values-grid');
    await page.keyboard.press('ArrowDown');
    assert.equal(await cursorReadout(), '[2,3,2] = 17');
    assert.equal(await page.locator('#values-active').textContent(), '17');
    await clearPosted();
    await page.keyboard.press('Enter');
    await page.locator('#editor').fill('1e-7');
    await page.locator('#editor').press('Enter');
    assert.deepEqual(await waitForPosted((m) => m.type === 'edit'), { type: 'edit', index: [2, 3, 2], value: 1e-7 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'values-grid');
  });

  it('keeps the values grid of a 512×512 view to the cells in sight', async () => {
    const values = Array.from({ length: 512 * 512 }, (_, i) => (i + 1) / 3);
    const stored = new Float32Array(values);
    await send({ type: 'view', view: view([512, 512], ':,:', [512, 512], values) });
    await page.locator('#values-toggle').click();
    await page.locator('#values-grid').waitFor({ state: 'visible' });
    const counts = () =>
      page.evaluate(() => ({
        elements: document.querySelectorAll('*').length,
        cells: document.querySelectorAll('#values-grid [role="gridcell"]').length,
      }));
    const first = await counts();
    assert.ok(first.cells > 20 && first.cells < 500, JSON.stringify(first));
    assert.ok(first.elements < 1500, JSON.stringify(first));
    assert.equal(await page.getAttribute('#values-grid', 'aria-rowcount'), '513');
    await page.focus('#values-grid');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+End');
    assert.equal(Math.fround(Number((await cursorReadout()).replace(/^\[511,511\] = /, ''))), stored[512 * 512 - 1]);
    const active = page.locator('#values-active');
    assert.equal(Math.fround(Number(await active.textContent())), stored[512 * 512 - 1]);
    assert.equal(await active.getAttribute('aria-colindex'), '513');
    assert.equal(await page.locator('#values-grid [role="row"]:has(#values-active)').getAttribute('aria-rowindex'), '513');
    assert.ok(await active.isVisible());
    const headers = await page.$$eval('#values-grid [role="columnheader"]', (cells) => cells.map((c) => c.textContent));
    assert.equal(headers.at(-1), '511');
    await page.keyboard.press('PageUp');
    assert.match(await cursorReadout(), /^\[\d+,511\] = /);
    const last = await counts();
    assert.ok(last.cells > 20 && last.cells < 500, JSON.stringify(last));
    assert.ok(last.elements < 1500, JSON.stringify(last));
  });

  it('reads a block-reduced cell as the mean of the ranges it covers, in the readout and the grid headers', async () => {
    await send({
      type: 'view',
      view: view(
        [7, 10],
        ':,:',
        [4, 5],
        matrix().map((v) => (Number.isFinite(v) ? v : 0)),
        [2, 2],
      ),
    });
    await page.focus('#canvas');
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    assert.equal(await cursorReadout(), 'block mean of [2:4,4:6] = 7');
    await page.keyboard.press('Control+End');
    assert.equal(await cursorReadout(), 'block mean of [6,8:10] = 19', 'the edge block is one row high');
    await page.locator('#values-toggle').click();
    const headers = await page.$$eval('#values-grid [role="columnheader"]', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(headers, ['', '0:2', '2:4', '4:6', '6:8', '8:10']);
    const rowHeaders = await page.$$eval('#values-grid [role="rowheader"]', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(rowHeaders, ['0:2', '2:4', '4:6', '6']);
  });

  it('clears the picture, grid and readouts when the host says the expression cannot be read', async () => {
    await send({ type: 'view', view: view([4, 5], ':,:', [4, 5], matrix()) });
    await page.locator('#values-toggle').click();
    await page.focus('#canvas');
    await page.keyboard.press('ArrowDown');
    assert.ok((await paintedPixels()) > 1000);
    assert.ok((await page.locator('#values-grid [role="gridcell"]').count()) > 0);
    await send({ type: 'error', message: 'ReferenceError: w is not defined' });
    assert.equal(await paintedPixels(), 0, 'no pixel of the old picture');
    assert.equal(await page.textContent('#summary'), 'ReferenceError: w is not defined');
    assert.equal(await page.locator('#values-grid [role="gridcell"]').count(), 0);
    assert.equal(await page.textContent('#expression'), '');
    assert.equal(await page.textContent('#bar-hi'), '');
    assert.equal(await page.textContent('#specials'), '');
    assert.equal(await cursorReadout(), '');
    // The next stop's view comes back whole.
    await send({ type: 'view', view: view([4, 5], ':,:', [4, 5], matrix()) });
    await assertMatrixDrawn();
    assert.equal(await cursorReadout(), '[0,0] = 0');
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
