import * as assert from 'node:assert/strict';
import { cellSpan, colLabel, formatSpan, rowLabel } from '../../webviews/heatmap/cellIndices';
import { cellAfterKey } from '../../webviews/heatmap/cursorKeys';
import { computeShown, describeCursor, formatNumberExact } from '../../webviews/heatmap/shownValues';
import type { HeatmapView } from '../../protocol/webviewMessages';

/** A view message with only what the cell mapping reads filled in. */
function view(shape: number[], slice: string, viewShape: [number, number], blocks: [number, number] = [1, 1], values?: number[]): HeatmapView {
  const data = values ? new Float32Array(values) : new Float32Array(viewShape[0] * viewShape[1]);
  return {
    expression: 'x',
    shape,
    dtype: 'float32',
    stats: { min: 0, max: 0, mean: 0, std: 0, nanCount: 0, infCount: 0 },
    viewShape,
    slice,
    blocks,
    data: data.buffer,
  };
}

const key = (name: string, ctrlKey = false) => ({ key: name, ctrlKey, metaKey: false });

describe('heatmap cell cursor and indices', () => {
  it('moves the cursor by arrows, row ends, pages and corners, and stops at the edges', () => {
    const shape: [number, number] = [10, 6];
    const at = { row: 4, col: 2 };
    assert.deepEqual(cellAfterKey(at, key('ArrowUp'), shape, 3), { row: 3, col: 2 });
    assert.deepEqual(cellAfterKey(at, key('ArrowDown'), shape, 3), { row: 5, col: 2 });
    assert.deepEqual(cellAfterKey(at, key('ArrowLeft'), shape, 3), { row: 4, col: 1 });
    assert.deepEqual(cellAfterKey(at, key('ArrowRight'), shape, 3), { row: 4, col: 3 });
    assert.deepEqual(cellAfterKey(at, key('Home'), shape, 3), { row: 4, col: 0 });
    assert.deepEqual(cellAfterKey(at, key('End'), shape, 3), { row: 4, col: 5 });
    assert.deepEqual(cellAfterKey(at, key('Home', true), shape, 3), { row: 0, col: 0 });
    assert.deepEqual(cellAfterKey(at, { key: 'End', ctrlKey: false, metaKey: true }, shape, 3), { row: 9, col: 5 });
    assert.deepEqual(cellAfterKey(at, key('PageUp'), shape, 3), { row: 1, col: 2 });
    assert.deepEqual(cellAfterKey(at, key('PageDown'), shape, 30), { row: 9, col: 2 });
    assert.deepEqual(cellAfterKey({ row: 0, col: 0 }, key('ArrowUp'), shape, 3), { row: 0, col: 0 });
    assert.deepEqual(cellAfterKey(at, key('PageDown'), shape, 0), { row: 5, col: 2 }, 'a page is at least a row');
    assert.equal(cellAfterKey(at, key('a'), shape, 3), undefined);
  });

  it('maps a cell to its index in the full tensor through the slice, and labels rows and columns by it', () => {
    const middle = view([3, 4, 5], '1,:,:', [4, 5]);
    assert.equal(formatSpan(cellSpan(middle, { row: 2, col: 3 })), '[1,2,3]');
    assert.equal(rowLabel(middle, 2), '2');
    assert.equal(colLabel(middle, 3), '3');
    const outer = view([3, 4, 5], ':,2,:', [3, 5]);
    assert.equal(formatSpan(cellSpan(outer, { row: 1, col: 4 })), '[1,2,4]');
    const row = view([7], ':', [1, 7]);
    assert.equal(formatSpan(cellSpan(row, { row: 0, col: 6 })), '[6]');
    assert.equal(rowLabel(row, 0), '', 'a rank-1 view has no row axis');
    assert.equal(colLabel(row, 6), '6');
    const scalar = view([], '', [1, 1]);
    assert.equal(formatSpan(cellSpan(scalar, { row: 0, col: 0 })), '[]');
  });

  it("gives a block-reduced cell the ranges its block covers, the edge block's cut short", () => {
    const reduced = view([1025, 1030], ':,:', [513, 515], [2, 2]);
    assert.equal(formatSpan(cellSpan(reduced, { row: 3, col: 1 })), '[6:8,2:4]');
    assert.equal(formatSpan(cellSpan(reduced, { row: 512, col: 514 })), '[1024,1028:1030]');
    assert.equal(rowLabel(reduced, 512), '1024');
    assert.equal(colLabel(reduced, 0), '0:2');
  });

  it('reads the cursor cell exactly: float32 values to the digits that tell them apart, NaN and Inf by name', () => {
    const values = [Math.fround(0.1), 0.011659780517220497, NaN, -Infinity];
    const shown = computeShown(view([2, 2], ':,:', [2, 2], [1, 1], values), undefined, { scaling: 'linear', diff: false });
    assert.ok(shown);
    assert.equal(describeCursor(shown, { row: 0, col: 0 }), '[0,0] = 0.1');
    assert.equal(describeCursor(shown, { row: 0, col: 1 }), '[0,1] = 0.0116597805', 'nine digits when eight do not tell it apart');
    assert.equal(describeCursor(shown, { row: 1, col: 0 }), '[1,0] = NaN');
    assert.equal(describeCursor(shown, { row: 1, col: 1 }), '[1,1] = -Inf');
    assert.equal(formatNumberExact(Infinity), 'Inf');
    const reduced = computeShown(view([4, 4], ':,:', [2, 2], [2, 2], [1, 2, 3, 4.5]), undefined, { scaling: 'linear', diff: false });
    assert.ok(reduced);
    assert.equal(describeCursor(reduced, { row: 1, col: 1 }), 'block mean of [2:4,2:4] = 4.5');
  });

  it('reads a diff at the cursor as the change and both stops', () => {
    const previous = view([1, 2], ':,:', [1, 2], [1, 1], [1, 2]);
    const current = view([1, 2], ':,:', [1, 2], [1, 1], [1, 2.5]);
    const shown = computeShown(current, previous, { scaling: 'linear', diff: true });
    assert.ok(shown);
    assert.equal(describeCursor(shown, { row: 0, col: 1 }), '[0,1] Δ = 0.5 (2 → 2.5)');
  });
});
