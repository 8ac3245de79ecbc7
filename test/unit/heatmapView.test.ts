import * as assert from 'node:assert/strict';
import { computeStats } from '../../runtime/tensorStats';
import { blockReduce, computeView, parseSlice, sliceValues } from '../../runtime/heatmapView';

describe('tensor views', () => {
  it('parses slices and names what is wrong', () => {
    assert.equal(parseSlice(undefined, [2, 3, 4]).text, '0,:,:');
    assert.deepEqual(parseSlice(' 1 , : , 2 ', [2, 3, 4]), { indices: [1, undefined, 2], rowsAxis: undefined, colsAxis: 1, text: '1,:,2' });
    assert.equal(parseSlice(':', [5]).text, ':');
    assert.equal(parseSlice('-1,:,:', [2, 3, 4]).text, '1,:,:');
    assert.throws(() => parseSlice('0,:', [2, 3, 4]), { message: `slice: expected one entry per axis (3), each an index or ':', got "0,:"` });
    assert.throws(() => parseSlice('2,:,:', [2, 3, 4]), { message: 'slice: index 2 of axis 0 is outside 0..1' });
    assert.throws(() => parseSlice('0,0,0', [2, 3, 4]), { message: `slice: expected one or two ':' (the axes shown), got "0,0,0"` });
  });

  it('slices rows and columns of any two axes', () => {
    const values = Float32Array.from({ length: 24 }, (_, i) => i);
    assert.deepEqual([...sliceValues(values, [2, 3, 4], parseSlice('1,:,:', [2, 3, 4])).data], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    const columns = sliceValues(values, [2, 3, 4], parseSlice(':,0,:', [2, 3, 4]));
    assert.deepEqual([columns.rows, columns.cols], [2, 4]);
    assert.deepEqual([...columns.data], [0, 1, 2, 3, 12, 13, 14, 15]);
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
