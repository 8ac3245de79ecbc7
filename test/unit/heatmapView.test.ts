import * as assert from 'node:assert/strict';
import { computeStats } from '../../runtime/tensorStats';
import { parseSlice } from '../../common/tensorSlices';
import { blockReduce, computeView, sliceValues } from '../../runtime/heatmapView';

describe('tensor views', () => {
  it('slices rows and columns of any two axes', () => {
    const values = Float32Array.from({ length: 24 }, (_, i) => i);
    assert.deepEqual([...sliceValues(values, [2, 3, 4], parseSlice('1,:,:', [2, 3, 4])).data], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    const columns = sliceValues(values, [2, 3, 4], parseSlice(':,0,:', [2, 3, 4]));
    assert.deepEqual([columns.rows, columns.cols], [2, 4]);
    assert.deepEqual([...columns.data], [0, 1, 2, 3, 12, 13, 14, 15]);
  });

  it('slices ranges of two axes, with steps, from values of any dtype', () => {
    const values = Float32Array.from({ length: 2 * 8 * 4 }, (_, i) => i);
    const ranged = sliceValues(values, [2, 8, 4], parseSlice('1,2:5,:', [2, 8, 4]));
    assert.deepEqual([ranged.rows, ranged.cols], [3, 4]);
    assert.deepEqual([...ranged.data], [40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51]);
    const stepped = sliceValues(Int32Array.from(values), [2, 8, 4], parseSlice(':,1:8:3,-1', [2, 8, 4]));
    assert.deepEqual([stepped.rows, stepped.cols], [2, 3]);
    assert.deepEqual([...stepped.data], [7, 19, 31, 39, 51, 63]);
    const row = sliceValues(values, [64], parseSlice('60:', [64]));
    assert.deepEqual([...row.data], [60, 61, 62, 63]);
  });

  it('block-reduces within a range, and echoes the range normalised', () => {
    const shape = [3, 40, 30];
    const values = Float32Array.from({ length: 3 * 40 * 30 }, (_, i) => i);
    const computed = computeView(values, shape, '2, 10:30, -10:', [5, 5], false);
    assert.deepEqual(computed.view, { shape: [5, 5], slice: '2,10:30,20:30', blocks: [4, 2] });
    // The first block: rows 10..13 and columns 20..21 of slice 2.
    const first = [10, 11, 12, 13].flatMap((r) => [20, 21].map((c) => 2 * 1200 + r * 30 + c));
    assert.equal(computed.data[0], first.reduce((a, b) => a + b, 0) / first.length);
    assert.throws(() => computeView(values, shape, '2,10:30,40:', [5, 5], false), { message: 'slice: range 40: of axis 2 holds no element of 0..29' });
  });

  it('block-reduces by mean, odd edges and NaN blocks included', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, NaN, 10, 11, 12, 13, 14, 15]);
    const reduced = blockReduce(data, 3, 5, 2, 2);
    assert.deepEqual([reduced.rows, reduced.cols], [2, 3]);
    assert.deepEqual(
      [...reduced.data].map((v) => (Number.isNaN(v) ? 'NaN' : v)),
      [4, 'NaN', 7.5, 11.5, 13.5, 15],
    );
  });

  it('computes statistics and blocks of a 2-D view in one pass as two passes would', () => {
    const values = Float32Array.from({ length: 37 * 53 }, (_, i) => Math.sin(i) * 100 + 1e4);
    values[5] = NaN;
    values[77] = Infinity;
    const fused = computeView(values, [37, 53], undefined, [10, 10], false);
    const expected = computeStats(values);
    for (const key of ['min', 'max', 'mean', 'std', 'nanCount', 'infCount'] as const) {
      assert.ok(Math.abs(fused.stats[key] - expected[key]) <= Math.abs(expected[key]) * 1e-9, `${key}: ${fused.stats[key]} vs ${expected[key]}`);
    }
    const reduced = blockReduce(values, 37, 53, 4, 6);
    assert.deepEqual(fused.view, { shape: [reduced.rows, reduced.cols], slice: ':,:', blocks: [4, 6] });
    assert.deepEqual([...fused.data].map(String), [...reduced.data].map(String));
  });
});
