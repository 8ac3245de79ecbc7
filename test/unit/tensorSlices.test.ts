/**
 * common/tensorSlices.ts: the one slice parser the runtime, the extension and the heatmap's
 * slice box share (indices, `:`, numpy-style ranges; what is wrong and how to write it), the
 * full index of a view cell, the axis pickers' slices and the presentation strings.
 */
import * as assert from 'node:assert/strict';
import { fullIndex, parseCellValue, parseSlice, presentTensor, sliceExpression, sliceOfExpression, sliceWithAxes } from '../../common/tensorSlices';

const parts = (text: string, shape: number[]) => parseSlice(text, shape).parts;
const problemOf = (text: string, shape: number[], name?: string): string => {
  try {
    parseSlice(text, shape, name);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no problem';
};

describe('tensorSlices', () => {
  it('parses indices, : and ranges, and normalises them', () => {
    assert.deepEqual(parseSlice(undefined, [2, 3, 4]), { parts: [0, ':', ':'], spanned: [1, 2], text: '0,:,:' });
    assert.deepEqual(parseSlice(' 1 , : , 2 ', [2, 3, 4]), { parts: [1, ':', 2], spanned: [1], text: '1,:,2' });
    assert.equal(parseSlice('-1,:,:', [2, 3, 4]).text, '1,:,:');
    assert.deepEqual(parseSlice('1,2:5,:', [2, 8, 4]), { parts: [1, { start: 2, stop: 5, step: 1 }, ':'], spanned: [1, 2], text: '1,2:5,:' });
    assert.equal(parseSlice('3,:,0:10', [4, 5, 64]).text, '3,:,0:10');
    // numpy's meaning: open ends, negative bounds from the end, bounds clamped, a step.
    assert.equal(parseSlice('2:,:3', [8, 10]).text, '2:8,0:3');
    assert.equal(parseSlice('-3:,:-1', [8, 10]).text, '5:8,0:9');
    assert.equal(parseSlice('0:99,-99:2', [8, 10]).text, ':,0:2');
    assert.equal(parseSlice('::2,1:8:3', [8, 10]).text, '0:8:2,1:8:3');
    assert.equal(parseSlice('0:8:1,::', [8, 10]).text, ':,:');
    assert.equal(parseSlice(':', [5]).text, ':');
    assert.equal(parseSlice('1:4', [5]).text, '1:4');
    assert.deepEqual(parseSlice('', []), { parts: [], spanned: [], text: '' });
    assert.equal(parseSlice(':,:', [0, 3]).text, ':,:');
  });

  it('names what is wrong with a slice and how to write it', () => {
    const shape = [4, 5, 64];
    assert.equal(problemOf('0,:', shape), "slice: 2 axes given, the tensor has rank 3 (shape [4,5,64]): give one index, ':' or range per axis");
    assert.equal(problemOf('0,0,:,:', shape, 'x'), "slice: 4 axes given, x has rank 3 (shape [4,5,64]): give one index, ':' or range per axis");
    assert.equal(problemOf('0', [], 'x'), 'slice: 1 axis given, x has rank 0 (shape []): a scalar takes no slice');
    assert.equal(problemOf('4,:,:', shape), 'slice: index 4 of axis 0 is outside 0..3');
    assert.equal(problemOf('-5,:,:', shape), 'slice: index -5 of axis 0 is outside 0..3');
    assert.equal(problemOf('0,:,70:80', shape), 'slice: range 70:80 of axis 2 holds no element of 0..63');
    assert.equal(problemOf('0,3:1,:', shape), 'slice: range 3:1 of axis 1 holds no element of 0..4');
    assert.equal(problemOf('0,::0,:', shape), 'slice: step 0 of axis 1 (in ::0) must be 1 or more: a view cannot reverse or repeat an axis');
    assert.equal(problemOf('0,::-1,:', shape), 'slice: step -1 of axis 1 (in ::-1) must be 1 or more: a view cannot reverse or repeat an axis');
    assert.equal(problemOf('0,a,:', shape), `slice: "a" of axis 1 is not an index, ':' or a range (start:stop or start:stop:step, as in numpy)`);
    assert.equal(problemOf('0,1:2:3:4,:', shape), `slice: "1:2:3:4" of axis 1 is not an index, ':' or a range (start:stop or start:stop:step, as in numpy)`);
    assert.equal(
      problemOf(':,:,0:10', shape),
      "slice: pick two axes to span with ':' or a range (or one, for a single row), and an index for each other axis; got 3",
    );
    assert.equal(
      problemOf('0,0,0', shape),
      "slice: pick two axes to span with ':' or a range (or one, for a single row), and an index for each other axis; got none",
    );
    assert.equal(problemOf('3', [5]), "slice: axis 0 is the one to span: write ':' or a range, not an index");
  });

  it('reads the slice out of what is typed in the slice box', () => {
    assert.equal(sliceOfExpression(' x[3, :, 0:10] '), '3, :, 0:10');
    assert.equal(sliceOfExpression('model.layers[0].kernel[0, :]'), '0, :');
    assert.equal(sliceOfExpression('[1, 2:5]'), '1, 2:5');
    assert.equal(sliceOfExpression('3,:,0:10'), '3,:,0:10');
    assert.throws(() => sliceOfExpression('x[3, :'), { message: 'slice: unbalanced brackets in x[3, :: write x[3, :, 0:10], or 3, :, 0:10 alone' });
    assert.throws(() => sliceOfExpression('3, :]'), { message: 'slice: unbalanced brackets in 3, :]: write x[3, :, 0:10], or 3, :, 0:10 alone' });
    assert.equal(sliceExpression('x', parts('3,:,0:10', [4, 5, 64])), 'x[3, :, 0:10]');
    assert.equal(sliceExpression(undefined, parts('0,::2', [4, 5])), '[0, 0:5:2]');
  });

  it('maps a view cell to its index in the full tensor', () => {
    assert.deepEqual(fullIndex(parts(':,:', [8, 10]), 3, 4), [3, 4]);
    assert.deepEqual(fullIndex(parts('2,:,:', [3, 4, 5]), 1, 3), [2, 1, 3]);
    assert.deepEqual(fullIndex(parts(':,1,:', [3, 4, 5]), 2, 4), [2, 1, 4]);
    assert.deepEqual(fullIndex(parts(':', [6]), 0, 5), [5]);
    assert.deepEqual(fullIndex(parts('', []), 0, 0), []);
    // Ranges: the view's first cell is the range's start, and a step spaces the cells.
    assert.deepEqual(fullIndex(parts('1,2:5,:', [2, 8, 4]), 0, 0), [1, 2, 0]);
    assert.deepEqual(fullIndex(parts('1,2:5,:', [2, 8, 4]), 2, 3), [1, 4, 3]);
    assert.deepEqual(fullIndex(parts('1:8:3,-4:', [8, 10]), 2, 1), [7, 7]);
    assert.deepEqual(fullIndex(parts('0,3:9:2', [2, 10]), 0, 2), [0, 7]);
  });

  it('chooses which two axes to show, keeping the other indices and the ranges still shown', () => {
    assert.deepEqual(sliceWithAxes(parts('2,:,:', [3, 4, 5]), 0, 2), [':', 0, ':']);
    assert.deepEqual(sliceWithAxes(parts('2,3,:,:', [3, 4, 5, 6]), 1, 2), [2, ':', ':', 0]);
    assert.deepEqual(sliceWithAxes(parts('2,1:3,4:', [3, 4, 6]), 0, 2), [':', 1, { start: 4, stop: 6, step: 1 }]);
  });

  it('presents the header as the Variables view does', () => {
    const stats = { min: -1.23, max: 4.5, mean: 0.012127, std: 0.98014, nanCount: 0, infCount: 0 };
    assert.equal(presentTensor('float32', [8, 10], stats), 'float32[8,10] min=-1.23 max=4.5 mean=0.01213 std=0.9801');
    assert.equal(presentTensor('float32', [3], { ...stats, nanCount: 1, infCount: 2 }).endsWith(' NaN=1 Inf=2'), true);
    assert.equal(presentTensor('float32', [0, 3], stats), 'float32[0,3] (empty)');
  });

  it('reads what is typed into a cell', () => {
    assert.equal(parseCellValue(' 2.5 '), 2.5);
    assert.equal(parseCellValue('-1e-3'), -0.001);
    assert.equal(parseCellValue('inf'), Infinity);
    assert.equal(parseCellValue('-Infinity'), -Infinity);
    assert.ok(Number.isNaN(parseCellValue('NaN') as number));
    assert.equal(parseCellValue('1+1'), undefined);
    assert.equal(parseCellValue(''), undefined);
  });
});
