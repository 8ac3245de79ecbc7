/**
 * The training history's bounded ring: the recent steps whole, older ones thinned to every
 * 2^k-th, one summary per step, and the memory budget counting what did not fit.
 */
import * as assert from 'node:assert/strict';
import { histogramBins, type ValueSummary } from '../../protocol/runtimeApi';
import { bytesPerStep, SummaryBudget, SummaryRing } from '../../runtime/recorder/summaryRing';

function summaryOf(step: number): ValueSummary {
  const histogram = new Array<number>(histogramBins).fill(0);
  histogram[step % histogramBins] = step;
  return { min: -step, max: step, mean: step / 2, std: 1, nanCount: 0, infCount: step % 3, zeroCount: 7, histogram };
}

describe('SummaryRing', () => {
  it('keeps every step while they fit, and the summaries as given', () => {
    const ring = new SummaryRing(new SummaryBudget(1 << 20), 64, 16);
    for (let step = 1; step <= 40; step++) ring.add(step, summaryOf(step));
    const { steps, summaries } = ring.entries();
    assert.deepEqual(
      steps,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.deepEqual(summaries[9], summaryOf(10));
    assert.equal(ring.firstStep, 1);
    assert.equal(ring.lastStep, 40);
  });

  it('keeps the last summary of a step given twice', () => {
    const ring = new SummaryRing(new SummaryBudget(1 << 20), 64, 16);
    ring.add(3, summaryOf(1));
    ring.add(3, summaryOf(2));
    assert.deepEqual(ring.entries(), { steps: [3], summaries: [summaryOf(2)] });
  });

  it('thins the steps older than the recent ones to every 2^k-th', () => {
    const ring = new SummaryRing(new SummaryBudget(1 << 24), 16, 8);
    for (let step = 1; step <= 100; step++) ring.add(step, summaryOf(step));
    const { steps, summaries } = ring.entries();
    // The last 16 whole; of steps 1–84, at most 8, every 16th.
    assert.deepEqual(
      steps.slice(-16),
      Array.from({ length: 16 }, (_, i) => 85 + i),
    );
    assert.deepEqual(steps.slice(0, -16), [16, 32, 48, 64, 80]);
    assert.equal(ring.olderEvery, 16);
    assert.deepEqual(summaries[0], summaryOf(16));
  });

  it('picks evenly spread steps, the first and last among them', () => {
    const ring = new SummaryRing(new SummaryBudget(1 << 20), 64, 16);
    for (let step = 1; step <= 10; step++) ring.add(step, summaryOf(step));
    assert.deepEqual(ring.entries(4).steps, [1, 4, 7, 10]);
  });

  it('drops what the budget cannot hold, and counts it', () => {
    const budget = new SummaryBudget(16 * bytesPerStep);
    const first = new SummaryRing(budget, 64, 16);
    for (let step = 1; step <= 20; step++) first.add(step, summaryOf(step));
    // The first 16 took the budget: the ring goes on over its oldest steps, and the older ones have no room.
    assert.deepEqual(
      first.entries().steps,
      Array.from({ length: 16 }, (_, i) => 5 + i),
    );
    const second = new SummaryRing(budget, 64, 16);
    second.add(1, summaryOf(1));
    assert.deepEqual(second.entries().steps, []);
    assert.equal(budget.dropped, 4 + 1);
    assert.equal(budget.bytes, 16 * bytesPerStep);
  });
});
