/**
 * The source predictor on scripted call paths: an op whose path changes once (a loop's first
 * step, reached from another stack) takes the new path and costs a few captures, not one per
 * call from then on; an op whose path alternates is captured, and right, every time.
 */
import * as assert from 'node:assert/strict';
import { CallSites, SourcePredictor } from '../../runtime/recorder/callSites';

/** A predictor whose captures answer from `truth` and are counted. */
function scripted(): { predictor: SourcePredictor; truth: { path: number }; captures: () => number } {
  const callSites = new CallSites();
  const truth = { path: 0 };
  let count = 0;
  callSites.capture = () => {
    count++;
    return truth.path;
  };
  return { predictor: new SourcePredictor(callSites), truth, captures: () => count };
}

/** Runs steps of two ops: `first` always on path 10, then `second` on the path `pathOf(step)`; returns what was predicted for `second`. */
function run(predictor: SourcePredictor, truth: { path: number }, steps: number, pathOf: (step: number) => number): number[] {
  const predicted: number[] = [];
  for (let step = 0; step < steps; step++) {
    truth.path = 10;
    predictor.next(1, 0);
    truth.path = pathOf(step);
    predicted.push(predictor.next(2, 0));
  }
  return predicted;
}

describe('SourcePredictor', () => {
  it('takes the new path of an op reached once from another stack, and keeps its captures few', () => {
    const { predictor, truth, captures } = scripted();
    const predicted = run(predictor, truth, 2000, (step) => (step === 0 ? 20 : 21));
    assert.deepEqual(predicted.slice(0, 3), [20, 21, 21]);
    assert.ok(predicted.slice(1).every((path) => path === 21));
    // Two ops a step, 2000 steps: the checks at the 1st, 2nd, 4th, ... and every 4096th use.
    assert.ok(captures() < 40, `${captures()} captures`);
  });

  it('captures, and names rightly, an op whose path alternates', () => {
    const { predictor, truth, captures } = scripted();
    const pathOf = (step: number): number => (step % 2 === 0 ? 20 : 21);
    const predicted = run(predictor, truth, 200, pathOf);
    assert.deepEqual(
      predicted,
      predicted.map((_, step) => pathOf(step)),
    );
    assert.ok(captures() >= 200, `${captures()} captures`);
  });
});
