/** Quantiles read off a histogram, for the distribution band. */
import * as assert from 'node:assert/strict';
import { histogramQuantiles } from '../../common/histogramQuantiles';

describe('histogramQuantiles', () => {
  it('spreads the values of a bin evenly across it', () => {
    // 4 bins over [0, 4], one value each: the median is the second bin's top edge.
    assert.deepEqual(histogramQuantiles(0, 4, [1, 1, 1, 1], [0, 0.25, 0.5, 0.625, 1]), [0, 1, 2, 2.5, 4]);
  });

  it('skips empty bins', () => {
    assert.deepEqual(histogramQuantiles(0, 4, [2, 0, 0, 2], [0.5, 0.75]), [1, 3.5]);
  });

  it('answers NaN for a histogram of no value', () => {
    assert.deepEqual(histogramQuantiles(NaN, NaN, [0, 0], [0.5]), [NaN]);
  });
});
