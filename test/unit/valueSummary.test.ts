/** Summaries of values for the model panel: the histogram's bins and edges, zeros, non-finite values, dead ReLU units, update ratios. */
import * as assert from 'node:assert/strict';
import { updateRatio } from '../../runtime/recorder/weightUpdates';
import { deadUnits, summarize } from '../../runtime/valueSummary';

describe('summarize', () => {
  it('bins the finite values from min to max, the top edge in the last bin', () => {
    const summary = summarize(Float32Array.from([0, 1, 2, 3, 4, NaN, Infinity, 0]));
    assert.deepEqual([summary.min, summary.max, summary.nanCount, summary.infCount, summary.zeroCount], [0, 4, 1, 1, 2]);
    assert.equal(summary.histogram.length, 32);
    assert.deepEqual(
      summary.histogram.flatMap((count, bin) => (count ? [[bin, count]] : [])),
      [
        [0, 2],
        [8, 1],
        [16, 1],
        [24, 1],
        [31, 1],
      ],
    );
  });

  it('puts a constant tensor in the first bin', () => {
    const summary = summarize(new Float32Array(5).fill(-2));
    assert.equal(summary.histogram[0], 5);
    assert.equal(
      summary.histogram.reduce((a, b) => a + b, 0),
      5,
    );
  });

  it('has an empty histogram when no value is finite', () => {
    const summary = summarize(Float32Array.from([NaN, -Infinity]));
    assert.equal(
      summary.histogram.reduce((a, b) => a + b, 0),
      0,
    );
  });
});

describe('deadUnits', () => {
  it('counts the units of the last axis that are never positive', () => {
    // Two examples of three units: unit 1 is never positive, unit 2 is in the second example.
    assert.equal(deadUnits(Float32Array.from([1, 0, 0, 2, -1, 0.5]), 3), 1);
    assert.equal(deadUnits(Float32Array.from([0, 0, 0, 0]), 2), 2);
  });
});

describe('updateRatio', () => {
  it('is the norm of the change over the norm of the values before', () => {
    assert.equal(updateRatio([3, 4], [3, 4]), 0);
    assert.ok(Math.abs(updateRatio([3, 4], [3.3, 4.4]) - 0.1) < 1e-12);
    assert.equal(updateRatio([0, 0], [1, 0]), Infinity);
  });
});
