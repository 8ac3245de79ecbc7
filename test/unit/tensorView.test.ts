import * as assert from 'node:assert/strict';
import { blockReduce, parseSlice, sliceValues } from '../../runtime/tensorView';

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
    assert.deepEqual([...reduced.data].map((v) => (Number.isNaN(v) ? 'NaN' : v)), [4, 'NaN', 7.5, 11.5, 13.5, 15]);
  });
});
