/**
 * The gradient tape webview in headless Chromium: the built dist/webviews/tape.js (and its
 * layout worker) in the page the extension serves (same CSP), this test acting as the
 * extension host with recorded tapes (test/tapeFixtures.ts). Checks what is drawn (boxes,
 * edges, colours and marks on screen), the variables list, the details of a clicked op and
 * the messages its buttons send, the message shown when there is no tape, a 2,000-op tape
 * (collapsed by line, expanded, flat), the state kept over a reload, the keyboard (arrow
 * keys, the live readout, Enter), the "List" that stands in for the graph, high-contrast
 * outlines, Fit again on resize and Fit's smallest zoom; saves test-results/tape.png.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { TapeBody } from '../../protocol/customRequests';
import type { HostToTape, TapeToHost } from '../../protocol/webviewMessages';
import { normColor, normScale } from '../../webviews/tape/normScale';
import { mlpTape, rnnTape, TRAIN_JS } from '../tapeFixtures';
import { clearPosted, cspViolations, pagePerTest, postedBy, savedState, screenPixel, sendHostMessage, tabTo, waitForPosted } from './webviewPage';

const REPO = resolve(__dirname, '..', '..', '..');
const RESULTS = join(REPO, 'test-results');
const EXPLODING_OUTLINE = [241, 76, 76];
const VANISHING_BADGE = [55, 148, 255];

/** Within 3 per channel: edges of shapes are anti-aliased. */
function assertColor(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.ok(
    actual.every((v, i) => Math.abs(v - expected[i]) <= 3),
    `${what}: got rgb(${actual.join(', ')}), expected rgb(${expected.join(', ')})`,
  );
}

describe('tape webview (headless Chromium)', function () {
  this.timeout(60_000);
  let page: Page;
  const { problems } = pagePerTest('tape', { viewport: { width: 1200, height: 700 }, worker: 'tapeLayout' }, (opened) => (page = opened));

  const send = (message: HostToTape) => sendHostMessage(page, message);
  const posted = () => postedBy<TapeToHost>(page);
  const waitForMessage = (match: (m: TapeToHost) => boolean) => waitForPosted(page, match);

  /** Sends a tape and waits until it is drawn; answers how long that took. */
  async function showTape(tape: TapeBody): Promise<number> {
    const started = Date.now();
    await send({ type: 'tape', tape });
    await waitForDrawn();
    return Date.now() - started;
  }

  async function waitForDrawn(): Promise<void> {
    await page.waitForFunction(() => /^\d+ boxes, \d+ edges/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 20_000 });
  }

  async function counts(): Promise<{ nodes: number; edges: number; drawnNodes: string; drawnEdges: string }> {
    return page.evaluate(() => {
      const svg = document.getElementById('graph') as unknown as SVGSVGElement;
      return {
        nodes: svg.querySelectorAll('g.node').length,
        edges: svg.querySelectorAll('path.edge').length,
        drawnNodes: svg.dataset.nodes ?? '',
        drawnEdges: svg.dataset.edges ?? '',
      };
    });
  }

  /** Page coordinates of a point given in a box's own coordinates (the view's zoom and pan applied). */
  async function onBox(key: string, x: number | 'right', y: number | 'middle'): Promise<{ x: number; y: number }> {
    return page.evaluate(
      ({ key, x, y }) => {
        const rect = document.querySelector(`g.node[data-key="${key}"] rect.box`) as SVGRectElement;
        const m = rect.getScreenCTM() as DOMMatrix;
        const lx = x === 'right' ? rect.width.baseVal.value : x;
        const ly = y === 'middle' ? rect.height.baseVal.value / 2 : y;
        return { x: m.a * lx + m.e, y: m.d * ly + m.f };
      },
      { key, x, y },
    );
  }

  async function pixelOnBox(key: string, x: number | 'right', y: number | 'middle'): Promise<[number, number, number]> {
    const point = await onBox(key, x, y);
    return screenPixel(page, point.x, point.y);
  }

  async function zoom(): Promise<number> {
    return page.evaluate(() => {
      const match = /scale\(([\d.e-]+)\)/.exec(document.getElementById('viewport')?.getAttribute('transform') ?? '');
      return Number(match?.[1]);
    });
  }

  it('draws every op and source, each tensor an edge, coloured by gradient norm, the exploding op marked', async () => {
    const tape = mlpTape({ explode: 1e6 });
    await showTape(tape);
    assert.deepEqual(await counts(), { nodes: 14, edges: 13, drawnNodes: '14', drawnEdges: '13' });
    assert.equal(await page.textContent('#summary'), 'tape #7: 8 ops, 4 variables');
    // The second MatMul (node 103) takes the 1e6 gradient: the top of the scale, a red outline and a '!' badge.
    const exploding = page.locator('g.node[data-key="n103"]');
    assert.equal(await exploding.getAttribute('class'), 'node op exploding');
    assert.equal(await exploding.locator('.badge text').textContent(), '!');
    const scale = normScale([...tape.nodes.map((n) => n.gradient?.norm), ...tape.sources.map((s) => s.gradient?.norm)]);
    assert.deepEqual(scale, { lo: -9, hi: 6 });
    const k = await zoom();
    assert.ok(k > 0.3, `zoom ${k}`);
    assertColor(await pixelOnBox('n103', 4 + 2 / k, 'middle'), normColor(1e6, scale), 'fill of the exploding MatMul');
    assertColor(await pixelOnBox('n103', 0.5, 'middle'), EXPLODING_OUTLINE, 'outline of the exploding MatMul');
    // An op of ordinary gradient: its own colour, no mark.
    assertColor(await pixelOnBox('n107', 4 + 2 / k, 'middle'), normColor(1, scale), 'fill of Mean (norm 1)');
    assert.equal(await page.locator('g.node[data-key="n107"]').getAttribute('class'), 'node op');
    // Relu's gradient vanishes (1e-9): the bottom of the scale and a blue badge.
    const vanishing = page.locator('g.node[data-key="n102"]');
    assert.equal(await vanishing.getAttribute('class'), 'node op vanishing');
    assert.equal(await vanishing.locator('.badge text').textContent(), '0');
    assertColor(await pixelOnBox('n102', 4 + 2 / k, 'middle'), normColor(1e-9, scale), 'fill of the vanishing Relu');
    assertColor(await pixelOnBox('n102', 'right', -6 / k), VANISHING_BADGE, 'badge of the vanishing Relu');
    // Data tensors (x, y) have no gradient: the plain box.
    assert.equal(await page.locator('g.node[data-key="t1"]').getAttribute('class'), 'node source no-gradient');
    assert.equal(await page.textContent('#scale-lo'), '1e-9');
    assert.equal(await page.textContent('#scale-hi'), '1e+6');
  });

  it('lists the trainable variables with their gradient norms', async () => {
    await showTape(mlpTape({ explode: 1e6 }));
    const rows = await page.$$eval('#variables li', (items) =>
      items.map((li) =>
        Array.from(li.children)
          .map((span) => span.textContent)
          .join(' '),
      ),
    );
    assert.deepEqual(rows, ['w1 float32[8,16] ‖g‖=0.8', 'b1 float32[16] ‖g‖=0.2', 'w2 float32[16,1] ‖g‖=1e+6 exploding', 'b2 float32[1] ‖g‖=0.4']);
  });

  it("shows an op's details on click, and asks the host for its value, its gradient and its line", async () => {
    await showTape(mlpTape({ explode: 1e6 }));
    await page.locator('g.node[data-key="n103"]').click();
    assert.equal(await page.textContent('#details-title'), 'MatMul (node 103)');
    const details = await page.$$eval('#details dt, #details dd', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(details.slice(0, 6), ['outputs', 'float32[64,1] #10', 'inputs', 'float32[64,16] #9, float32[16,1] #5', 'gradient', details[5]]);
    assert.match(details[5] ?? '', /^‖g‖=1e\+6 float32\[64,1\] min=\S+ max=\S+ mean=0 std=\S+$/);
    assert.deepEqual(details.slice(6), ['source', 'train.js:23']);
    assert.equal(await page.locator('g.node[data-key="n103"]').getAttribute('class'), 'node op exploding selected');

    await clearPosted(page);
    await page.locator('#show-value').click();
    await page.locator('#show-gradient').click();
    await page.locator('#go-to-source').click();
    await waitForMessage((m) => m.type === 'goToSource');
    assert.deepEqual(await posted(), [
      { type: 'showTensor', tapeId: 7, tensorId: 10, kind: 'value' },
      { type: 'showTensor', tapeId: 7, tensorId: 10, kind: 'gradient' },
      { type: 'goToSource', path: TRAIN_JS, line: 23 },
    ]);
  });

  it('shows a variable from the list: its gradient, not a value the runtime does not keep', async () => {
    await showTape(mlpTape({ explode: 1e6 }));
    await page.locator('#variables li', { hasText: 'w2' }).click();
    assert.equal(await page.textContent('#details-title'), 'Variable w2');
    assert.equal(await page.locator('g.node[data-key="t5"]').getAttribute('class'), 'node source exploding selected');
    assert.equal(await page.locator('#show-value').getAttribute('disabled'), '');
    assert.equal(await page.locator('#go-to-source').getAttribute('disabled'), '');
    await clearPosted(page);
    await page.locator('#show-gradient').click();
    assert.deepEqual(await waitForMessage((m) => m.type === 'showTensor'), { type: 'showTensor', tapeId: 7, tensorId: 5, kind: 'gradient' });
  });

  it('marks NaN in a gradient as exploding, in the graph and in the variables', async () => {
    await showTape({ ...mlpTape({ nan: 3 }), id: 8 });
    assert.equal(await page.locator('g.node[data-key="n105"]').getAttribute('class'), 'node op exploding');
    assertColor(await pixelOnBox('n105', 0.5, 'middle'), EXPLODING_OUTLINE, 'outline of Sub with NaN in its gradient');
    assert.equal(await page.locator('#variables li').first().textContent(), 'w1float32[8,16]‖g‖=0.8exploding');
    await page.locator('g.node[data-key="n105"]').click();
    assert.match((await page.locator('#details dd').nth(2).textContent()) ?? '', / NaN=3$/);
  });

  it('keeps zoom, pan and the selection when the page is reloaded (panel hidden and shown)', async () => {
    const tape = { ...mlpTape({ nan: 3 }), id: 8 };
    await showTape(tape);
    await page.locator('g.node[data-key="n105"]').click();
    const box = await page.locator('#graph').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    const before = await page.getAttribute('#viewport', 'transform');
    const saved = await savedState<{ selected?: string; view?: { k: number } }>(page);
    assert.equal(saved?.selected, 'n105');
    await page.reload();
    await waitForMessage((m) => m.type === 'ready');
    await showTape(tape);
    assert.equal(await page.getAttribute('#viewport', 'transform'), before);
    assert.equal(await page.textContent('#details-title'), 'Sub (node 105)');
    assert.equal(await page.locator('g.node[data-key="n105"]').getAttribute('class'), 'node op exploding selected');
  });

  it('shows why there is no tape, in the panel', async () => {
    await send({ type: 'error', message: 'no gradient tape recorded yet: tapes are recorded for tf.grad, tf.variableGrads and optimizer.minimize calls' });
    assert.equal(await page.locator('#empty').isVisible(), true);
    assert.match((await page.textContent('#empty')) ?? '', /^no gradient tape recorded yet/);
    assert.equal(await page.locator('#graph').isVisible(), false);
    assert.equal(await page.textContent('#variables'), 'none');
  });

  it('draws a 2,000-op tape collapsed by line within seconds, expands a line on click, and stays live', async () => {
    const took = await showTape(rnnTape());
    assert.ok(took < 5000, `took ${took} ms`);
    assert.equal(await page.locator('#empty').isVisible(), false);
    assert.deepEqual(await counts(), { nodes: 9, edges: 9, drawnNodes: '9', drawnEdges: '9' });
    assert.equal(await page.textContent('#summary'), 'tape #42: 2000 ops, 3 variables');
    assert.match((await page.textContent('#status')) ?? '', /\(2000 ops in collapsed lines: click one to expand\)$/);
    const group = page.locator(`g.node.group[data-key$=":13"]`);
    assert.equal(await group.locator('text.label').textContent(), 'train.js:13');
    assert.equal(await group.locator('text.detail').textContent(), '500 ops: Tanh×500');
    // Its gradients vanish back in time: the box is marked.
    assert.equal(await group.getAttribute('class'), 'node group vanishing');

    const started = Date.now();
    await group.click();
    // The page answers while the worker lays out 500 boxes.
    const roundTrip = Date.now();
    await page.evaluate(() => document.getElementById('status')?.textContent);
    assert.ok(Date.now() - roundTrip < 500, `the page took ${Date.now() - roundTrip} ms to answer during the layout`);
    await waitForDrawn();
    assert.ok(Date.now() - started < 15_000, `expanding took ${Date.now() - started} ms`);
    const expanded = await counts();
    assert.equal(expanded.nodes, 9 - 1 + 500);
    assert.equal(await page.locator('g.cluster').count(), 1);
    assert.equal(await page.locator('g.cluster text').textContent(), '− train.js:13 (500 ops)');
    await page.locator('g.cluster text').click();
    await waitForDrawn();
    assert.equal((await counts()).nodes, 9);

    // Flat: every op a box (too many for dagre: the plain layered layout).
    const flatStarted = Date.now();
    await page.locator('#grouped').click();
    await page.waitForFunction(() => document.querySelectorAll('#graph g.node').length === 2005, undefined, { timeout: 20_000 });
    assert.ok(Date.now() - flatStarted < 10_000, `flat took ${Date.now() - flatStarted} ms`);
    await page.locator('#grouped').click();
    await page.waitForFunction(() => document.querySelectorAll('#graph g.node').length === 9, undefined, { timeout: 20_000 });
  });

  it('loads under its CSP with nothing blocked, and leaves a screenshot', async () => {
    await showTape({ ...mlpTape({ explode: 1e6 }), id: 9 });
    await page.locator('g.node[data-key="n103"]').click();
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'tape.png') });
  });

  const readout = async () => (await page.textContent('#graph-readout')) ?? '';
  const ringed = () => page.evaluate(() => document.getElementById('graph')?.dataset.focused);

  it('moves between boxes by the arrow keys, announces each, and picks one with Enter', async () => {
    await showTape(mlpTape({ explode: 1e6 }));
    await tabTo(page, 'graph');
    // The ring starts on the first box in tape order: the data x.
    assert.equal(await ringed(), 't1');
    assert.equal(await readout(), 'Input tensor #1, float32[64,8], no gradient');
    // Right follows x to the op that reads it, then on along the chain to the second MatMul.
    await page.keyboard.press('ArrowRight');
    assert.equal(await readout(), 'MatMul, output float32[64,16], gradient norm 0.05, train.js:22');
    for (const op of ['Add', 'Relu', 'MatMul']) {
      await page.keyboard.press('ArrowRight');
      assert.match(await readout(), new RegExp(`^${op},`));
    }
    assert.equal(await ringed(), 'n103');
    assert.equal(await readout(), 'MatMul, output float32[64,1], gradient norm 1e+6 (exploding), train.js:23');
    const ring = await page.locator('#focus-ring').boundingBox();
    const box = await page.locator('g.node[data-key="n103"] rect.box').boundingBox();
    assert.ok(ring && box && ring.x < box.x && ring.y < box.y && ring.x + ring.width > box.x + box.width, 'the ring is around the box');
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('#details-title'), 'MatMul (node 103)');
    assert.equal(await page.locator('g.node[data-key="n103"]').getAttribute('class'), 'node op exploding selected');
    assert.equal(await readout(), 'MatMul, output float32[64,1], gradient norm 1e+6 (exploding), train.js:23, selected');
    // Left goes back to an input of the MatMul: Relu's output or w2.
    await page.keyboard.press('ArrowLeft');
    assert.ok(['n102', 't5'].includes((await ringed()) ?? ''), `ringed ${await ringed()}`);
    // Up and Down stay in the box's column.
    const column = async () => page.locator(`g.node[data-key="${await ringed()}"] rect.box`).boundingBox();
    const before = await column();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const after = await column();
    assert.ok(before && after && Math.abs(before.x + before.width / 2 - (after.x + after.width / 2)) < 1, 'same column');
    await page.keyboard.press('End');
    assert.equal(await readout(), 'Mean, output float32[], gradient norm 1, train.js:28');
  });

  it("pans the keyboard's box into view in a panel too narrow for the graph", async () => {
    await page.setViewportSize({ width: 520, height: 700 });
    await showTape(mlpTape({ explode: 1e6 }));
    await tabTo(page, 'graph');
    await page.keyboard.press('End');
    assert.equal(await ringed(), 'n107');
    const inStage = await page.evaluate(() => {
      const stage = (document.getElementById('stage') as HTMLElement).getBoundingClientRect();
      const box = (document.querySelector('g.node[data-key="n107"] rect.box') as SVGRectElement).getBoundingClientRect();
      return box.left >= stage.left && box.right <= stage.right && box.top >= stage.top && box.bottom <= stage.bottom;
    });
    assert.ok(inStage, 'Mean, the last box, is in view');
  });

  it('lists every box in tape order under "List", and a row picked by keys or click selects its op', async () => {
    await showTape(mlpTape({ explode: 1e6 }));
    await tabTo(page, 'show-list');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#show-list').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#graph').isVisible(), false);
    const names = await page.locator('#node-list [role="option"] .name').allTextContents();
    assert.deepEqual(names, ['tensor #1', 'w1', 'b1', 'w2', 'b2', 'tensor #2', 'MatMul', 'Add', 'Relu', 'MatMul', 'Add', 'Sub', 'Square', 'Mean']);
    assert.deepEqual(await page.locator('#row-n103 span').allTextContents(), [
      'MatMul',
      'float32[64,16] float32[16,1] → float32[64,1]',
      'train.js:23',
      '‖g‖=1e+6 exploding',
    ]);
    assert.deepEqual(await page.locator('#row-t1 span').allTextContents(), ['tensor #1', 'float32[64,8]', '', 'no gradient']);
    await tabTo(page, 'node-list');
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#node-list', 'aria-activedescendant'), 'row-n103');
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('#details-title'), 'MatMul (node 103)');
    assert.equal(await page.getAttribute('#row-n103', 'aria-selected'), 'true');
    await page.locator('#row-n105').click();
    assert.equal(await page.textContent('#details-title'), 'Sub (node 105)');
    assert.equal(await page.getAttribute('#row-n103', 'aria-selected'), 'false');
    // Back to the graph: the op picked in the list is the one selected there.
    await page.locator('#show-list').click();
    assert.equal(await page.locator('#node-list-view').isVisible(), false);
    assert.equal(await page.locator('g.node[data-key="n105"]').getAttribute('class'), 'node op selected');
  });

  it("outlines every box in the contrast border, and rings the keyboard's box in the focus border, in high-contrast themes", async () => {
    await showTape(mlpTape({ explode: 1e6 }));
    await tabTo(page, 'graph');
    const strokes = await page.evaluate(() => {
      document.body.classList.add('vscode-high-contrast');
      document.documentElement.style.setProperty('--vscode-contrastBorder', 'rgb(111, 195, 223)');
      document.documentElement.style.setProperty('--vscode-focusBorder', 'rgb(243, 133, 24)');
      const stroke = (selector: string) => getComputedStyle(document.querySelector(selector) as Element).stroke;
      return {
        data: stroke('g.node[data-key="t1"] rect.box'),
        op: stroke('g.node[data-key="n107"] rect.box'),
        exploding: stroke('g.node[data-key="n103"] rect.box'),
        ring: stroke('#focus-ring'),
      };
    });
    assert.deepEqual(strokes, { data: 'rgb(111, 195, 223)', op: 'rgb(111, 195, 223)', exploding: 'rgb(241, 76, 76)', ring: 'rgb(243, 133, 24)' });
  });

  /** The transform once it has stopped changing (a resize refits a frame or two later). */
  async function settledTransform(): Promise<string> {
    let last = '';
    for (let i = 0; i < 40; i++) {
      await page.waitForTimeout(50);
      const now = (await page.getAttribute('#viewport', 'transform')) ?? '';
      if (now === last) return now;
      last = now;
    }
    return last;
  }

  it('fits again when the panel is resized, unless the user has zoomed or panned since', async () => {
    const tape = mlpTape({ explode: 1e6 });
    await showTape(tape);
    // Shown again (a reload): the view is still Fit's, so a resize fits again.
    await page.reload();
    await waitForMessage((m) => m.type === 'ready');
    await showTape(tape);
    const before = await settledTransform();
    await page.setViewportSize({ width: 1600, height: 900 });
    const resized = await settledTransform();
    assert.notEqual(resized, before);
    await page.locator('#fit').click();
    assert.equal(await settledTransform(), resized, 'the resize left the view Fit would give');
    // Zoomed by the user: a resize keeps their view.
    const box = await page.locator('#graph').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    const zoomed = await settledTransform();
    await page.setViewportSize({ width: 1200, height: 700 });
    assert.equal(await settledTransform(), zoomed);
  });

  it('fits a large tape in a narrow panel no smaller than readable, its first boxes in view', async () => {
    await page.setViewportSize({ width: 520, height: 700 });
    await showTape(rnnTape());
    await page.locator('#grouped').click();
    await page.waitForFunction(() => document.querySelectorAll('#graph g.node').length === 2005, undefined, { timeout: 20_000 });
    await waitForDrawn();
    await page.locator('#fit').click();
    const label = await page.evaluate(() => {
      const text = document.querySelector('#graph g.node[data-key="t1"] text.label') as SVGTextElement;
      const stage = (document.getElementById('stage') as HTMLElement).getBoundingClientRect();
      const box = text.getBoundingClientRect();
      return {
        px: parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM() as DOMMatrix).a,
        inStage: box.left >= stage.left && box.right <= stage.right && box.top >= stage.top && box.bottom <= stage.bottom,
      };
    });
    assert.ok(label.px > 8.99, `labels ${label.px.toFixed(2)} px on screen`);
    assert.ok(label.inStage, 'the first input (tensor #1) is in view');
  });

  it('says a tape is being recorded, and names a numbered variable by its label', async () => {
    const tape = mlpTape({ explode: 1e6 });
    tape.inProgress = true;
    tape.sources[0] = { ...tape.sources[0], label: 'AdamOptimizer #0 (train.js:21)' };
    await showTape(tape);
    assert.equal(await page.textContent('#summary'), 'tape #7: 8 ops, 4 variables — being recorded: the forward pass so far, no gradients yet');
    assert.ok((await page.textContent('svg'))?.includes('AdamOptimizer #0 (train.js:21)'));
  });
});
