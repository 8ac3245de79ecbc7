/**
 * The flame tree on its way to the canvas: encoded by the host into buffers, decoded and laid
 * out by the webview (starts, parents, subtree ends), hit-tested under zoom, searched, and
 * described for the tooltip; on the recorded fixture profile.
 */
import * as assert from 'node:assert/strict';
import { decodeFlame, describeFrame, findPath, frameAt, framePath, nameOf, searchFrames, sourceOf } from '../../webviews/profile/flameFrames';
import { encodeFlame } from '../../extension/flameEncoding';
import { recordedProfile, TRAIN_JS } from '../webview/profileFixture';

describe('flame frames', () => {
  const frames = decodeFlame(encodeFlame(recordedProfile().root));
  const index = (path: string[]) => {
    const found = findPath(frames, path);
    assert.deepEqual(framePath(frames, found), path);
    return found;
  };

  it('decodes the tree depth first, with each frame placed after its elder siblings', () => {
    assert.equal(frames.size, 13);
    assert.equal(frames.maxDepth, 3);
    const order = Array.from({ length: frames.size }, (_, i) => `${frames.depth[i]}:${nameOf(frames, i)}@${frames.start[i]}`);
    assert.deepEqual(order, [
      '0:program@0',
      '1:model train.js:23@0',
      '2:matMul@0',
      '3:BatchMatMul@0',
      '2:add@40',
      '3:Add@40',
      '1:loss train.js:28@60',
      '2:meanSquaredError@60',
      '3:SquaredDifference@60',
      '3:Mean@78',
      '1:(backward pass)@90',
      '2:matMul@90',
      '3:BatchMatMul@90',
    ]);
    const loss = index(['loss train.js:28']);
    assert.equal(frames.end[loss], 10);
    assert.equal(frames.end[0], 13);
    assert.equal(frames.parent[index(['loss train.js:28', 'meanSquaredError', 'Mean'])], index(['loss train.js:28', 'meanSquaredError']));
    assert.equal(findPath(frames, ['loss train.js:28', 'gone']), loss, 'the deepest ancestor that still exists');
  });

  it('finds the frame under a point, zoomed out and in', () => {
    const view = { zoom: 0, width: 1000, rowHeight: 20 };
    assert.equal(nameOf(frames, frameAt(frames, view, 500, 70)), 'Add');
    assert.equal(nameOf(frames, frameAt(frames, view, 950, 30)), '(backward pass)');
    assert.equal(frameAt(frames, view, 500, 100), -1, 'below the deepest row');
    const zoomed = { ...view, zoom: index(['loss train.js:28']) };
    assert.equal(nameOf(frames, frameAt(frames, zoomed, 100, 10)), 'program', 'ancestors span the width');
    assert.equal(nameOf(frames, frameAt(frames, zoomed, 650, 70)), 'Mean');
  });

  it('searches names case-insensitively, and describes a frame for its tooltip', () => {
    const matches = searchFrames(frames, 'MATMUL');
    assert.deepEqual(
      Array.from(matches.keys())
        .filter((i) => matches[i])
        .map((i) => nameOf(frames, i)),
      ['matMul', 'BatchMatMul', 'matMul', 'BatchMatMul'],
    );
    assert.equal(
      searchFrames(frames, '  ').reduce((a, b) => a + b, 0),
      0,
    );
    const mean = index(['loss train.js:28', 'meanSquaredError', 'Mean']);
    assert.deepEqual(describeFrame(frames, mean), ['Mean', 'total 12 ms (12.0% of total)', 'self 12 ms', 'calls 1', 'shapes [64,1] → []']);
    assert.deepEqual(sourceOf(frames, mean), { path: TRAIN_JS, line: 28 });
    assert.equal(sourceOf(frames, 0), undefined);
  });
});
