/**
 * The source predictor on scripted call paths: an op whose path changes once (a loop's first
 * step, reached from another stack) takes the new path and costs a few captures, not one per
 * call from then on; an op whose path alternates is captured, and right, every time; the op
 * after a model's `fit` starts, returns or settles is captured, not predicted from fit's ops.
 */
import * as assert from 'node:assert/strict';
import { CallSites, SourcePredictor } from '../../runtime/recorder/callSites';
import type { LayersExports } from '../../runtime/recorder/modelScopes';

/** A predictor whose captures answer from `truth` and are counted. */
function scripted(callSites = new CallSites()): { predictor: SourcePredictor; truth: { path: number }; captures: () => number } {
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

/**
 * A model whose `fit`, wrapped by `callSites`'s model scopes as a program's is, runs `batches`
 * steps of ops 1 and 2 on path 10, the first `beforeAwait` of them before its first await (so
 * that its caller's next op follows an op of fit's) and each of the others after an await.
 */
function fitting(
  callSites: CallSites,
  predictor: SourcePredictor,
  truth: { path: number },
  { batches, beforeAwait }: { batches: number; beforeAwait: number },
): { fit(): Promise<void> } {
  const model = {
    async fit(): Promise<void> {
      for (let batch = 0; batch < batches; batch++) {
        if (batch >= beforeAwait) await Promise.resolve();
        truth.path = 10;
        predictor.next(1, 0);
        predictor.next(2, 0);
      }
    },
  };
  const exports = { layers: { Layer: { prototype: { apply: () => undefined } } }, LayersModel: { prototype: model } };
  callSites.scopes.install(exports as unknown as LayersExports, () => [{ kind: 'api', name: 'fit' }]);
  return model;
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

  it('captures the op right after an awaited fit, whose op before was the same op of fit', async () => {
    const callSites = new CallSites();
    const { predictor, truth, captures } = scripted(callSites);
    const model = fitting(callSites, predictor, truth, { batches: 500, beforeAwait: 1 });
    await model.fit();
    // fit's own ops were predicted: a few checks, not a capture per op.
    assert.ok(captures() < 40, `${captures()} captures`);
    truth.path = 30;
    assert.equal(predictor.next(2, 0), 30);
    assert.equal(predictor.captured, true);
  });

  it("captures the caller's op after a fit that is not awaited returns", async () => {
    const callSites = new CallSites();
    const { predictor, truth } = scripted(callSites);
    const model = fitting(callSites, predictor, truth, { batches: 101, beforeAwait: 100 });
    const predicted: number[] = [];
    for (let call = 0; call < 50; call++) {
      const training = model.fit();
      truth.path = 30;
      predicted.push(predictor.next(2, 0));
      await training;
    }
    assert.deepEqual(
      predicted,
      predicted.map(() => 30),
    );
  });
});
