/**
 * Library code inside a bundled script: the ranges the adapter reads off its source map, looked
 * up by position (codeRanges.ts), and the call paths CallSites takes from a real stack in such
 * a script (run with a page's URL as its name): tfjs's frames leave the path, the model
 * package's method names the model call, and paths taken before the ranges came are credited
 * again, with the source predictor's guesses dropped.
 */
import * as assert from 'node:assert/strict';
import * as vm from 'node:vm';
import type { ScriptCodeRanges } from '../../protocol/runtimeApi';
import { browserHost } from '../../runtime/browserHost';
import { useHost } from '../../runtime/host';
import { CallSites, SourcePredictor, type CallStep } from '../../runtime/recorder/callSites';
import { CodeKind, CodeRanges } from '../../runtime/recorder/codeRanges';

const bundleUrl = 'http://127.0.0.1:8080/dist/bundle.js';

/**
 * A bundle as a page loads one: tfjs-core's op (lines 1-3), tfjs-layers' `fit` (4-6), the
 * bundler's helper (7-9) and the user's code (10 on), which calls fit through the helper.
 */
const bundleSource = [
  'function matMul(capture) {',
  '  return capture();',
  '}',
  'function fit(capture) {',
  '  return matMul(capture);',
  '}',
  'function __call(f, capture) {',
  '  return f(capture);',
  '}',
  'function trainStep(capture) {',
  '  return __call(fit, capture);',
  '}',
  '(capture) => trainStep(capture)',
].join('\n');

const bundleRanges: ScriptCodeRanges = {
  starts: [1, 1, 4, 1, 7, 1, 10, 1],
  kinds: ['library', 'model', 'generated', 'user'],
};

/** Runs the bundle's user code, which ends in a capture of the call path inside tfjs's op. */
function runBundle(callSites: CallSites): number {
  const entry = vm.runInThisContext(bundleSource, { filename: bundleUrl }) as (capture: () => number) => number;
  return entry(() => callSites.capture());
}

/** A path's steps as text: `call <function>:<line>`, `api fit`. */
function described(steps: CallStep[] | undefined): string[] {
  return (steps ?? []).map((step) => (step.kind === 'call' ? `call ${step.location.functionName}:${step.location.line}` : `${step.kind} ${step.name}`));
}

describe('code ranges of a bundled script', () => {
  before(() => useHost(browserHost));

  it('say what the code at a position is: the range that starts at or before it, the user before the first', () => {
    const ranges = new CodeRanges({ starts: [2, 5, 2, 40, 9, 1], kinds: ['library', 'model', 'user'] });
    assert.deepEqual(
      [
        ranges.kindAt(1, 1),
        ranges.kindAt(2, 4),
        ranges.kindAt(2, 5),
        ranges.kindAt(2, 39),
        ranges.kindAt(2, 40),
        ranges.kindAt(8, 900),
        ranges.kindAt(9, 1),
        ranges.kindAt(500, 1),
      ],
      [CodeKind.User, CodeKind.User, CodeKind.Library, CodeKind.Library, CodeKind.Model, CodeKind.Model, CodeKind.User, CodeKind.User],
    );
    // A minified bundle is one long line.
    const oneLine = new CodeRanges({ starts: [1, 1, 1, 3_000_000], kinds: ['library', 'user'] });
    assert.deepEqual([oneLine.kindAt(1, 2_999_999), oneLine.kindAt(1, 3_000_000)], [CodeKind.Library, CodeKind.User]);
  });

  it('refuse ranges out of order, unpaired or of no known kind, saying which', () => {
    assert.throws(() => new CodeRanges({ starts: [3, 1, 2, 1], kinds: ['library', 'user'] }), /^Error: code ranges: range 1 does not start after range 0$/);
    assert.throws(() => new CodeRanges({ starts: [3, 1, 2], kinds: ['library', 'user'] }), /^Error: code ranges: 3 numbers for 2 ranges/);
    assert.throws(
      () => new CodeRanges({ starts: [1, 1], kinds: ['tfjs' as 'user'] }),
      /^Error: code ranges: range 0 has no kind user, library, model or generated: tfjs$/,
    );
  });

  it("credit an op in a bundle to the user's line, under the model method it called", () => {
    // Everything outside the bundle (mocha, this test) is library code: the path is the bundle's.
    const callSites = new CallSites([`^(?!${bundleUrl.replace(/[.]/g, '\\.')}$)`]);
    callSites.setLibraryRanges(bundleUrl, new CodeRanges(bundleRanges));
    const id = runBundle(callSites);
    assert.deepEqual(described(callSites.paths[id]), ['call :13', 'call trainStep:11', 'api fit']);
    assert.deepEqual([callSites.locations[id]?.path, callSites.locations[id]?.line], [bundleUrl, 11]);
  });

  it('credit the paths taken before the ranges came again, and give the same path the same id after', () => {
    const callSites = new CallSites([`^(?!${bundleUrl.replace(/[.]/g, '\\.')}$)`]);
    const before = runBundle(callSites);
    // Without ranges the whole bundle is the user's: tfjs's op is the op's line.
    assert.deepEqual(described(callSites.paths[before]), ['call :13', 'call trainStep:11', 'call __call:8', 'call fit:5', 'call matMul:2']);
    assert.equal(callSites.locations[before]?.line, 2);
    callSites.setLibraryRanges(bundleUrl, new CodeRanges(bundleRanges));
    assert.deepEqual(described(callSites.paths[before]), ['call :13', 'call trainStep:11', 'api fit']);
    assert.equal(callSites.locations[before]?.line, 11);
    assert.equal(runBundle(callSites), before);
  });

  it('drop the predictions made before the ranges came: the next op is captured', () => {
    const callSites = new CallSites();
    let captures = 0;
    callSites.capture = () => {
      captures++;
      return 10;
    };
    const predictor = new SourcePredictor(callSites);
    for (let step = 0; step < 100; step++) predictor.next(1, 0);
    const predicted = captures;
    predictor.next(1, 0);
    assert.equal(captures, predicted, 'predicted, not captured, before the ranges');
    callSites.setLibraryRanges(bundleUrl, new CodeRanges(bundleRanges));
    predictor.next(1, 0);
    assert.equal(predictor.captured, true);
    predictor.next(1, 0);
    assert.equal(predictor.captured, true, 'the old prediction is gone: its first use is checked');
  });
});
