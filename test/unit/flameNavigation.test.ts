/**
 * The flame graph's arrow keys on the recorded fixture profile: parent, first child, the
 * siblings beside, the root; and where a frame is drawn under a zoom (none outside it).
 */
import * as assert from 'node:assert/strict';
import { encodeFlame } from '../../extension/flameEncoding';
import { decodeFlame, findPath, frameBox, nameOf } from '../../webviews/profile/flameFrames';
import { moveFrame, type FlameMove } from '../../webviews/profile/flameNavigation';
import { recordedProfile } from '../webview/profileFixture';

describe('flame navigation', () => {
  const frames = decodeFlame(encodeFlame(recordedProfile().root));
  const walk = (from: string[], ...moves: FlameMove[]) =>
    nameOf(
      frames,
      moves.reduce((at, move) => moveFrame(frames, at, move), findPath(frames, from)),
    );

  it('goes up to the parent, down to the first child, and beside to the siblings', () => {
    assert.equal(walk([], 'child'), 'model train.js:23');
    assert.equal(walk([], 'child', 'child', 'next', 'child'), 'Add');
    assert.equal(walk(['model train.js:23'], 'next', 'next'), '(backward pass)');
    assert.equal(walk(['(backward pass)'], 'previous', 'previous'), 'model train.js:23');
    assert.equal(walk(['loss train.js:28', 'meanSquaredError', 'Mean'], 'parent', 'parent'), 'loss train.js:28');
    assert.equal(walk(['loss train.js:28', 'meanSquaredError', 'Mean'], 'root'), 'program');
  });

  it('stays put where a move has nowhere to go', () => {
    assert.equal(walk([], 'parent'), 'program');
    assert.equal(walk([], 'next'), 'program');
    assert.equal(walk(['model train.js:23'], 'previous'), 'model train.js:23');
    assert.equal(walk(['(backward pass)'], 'next'), '(backward pass)');
    assert.equal(walk(['model train.js:23', 'add', 'Add'], 'child'), 'Add');
  });

  it('places a frame under a zoom: ancestors span the width, frames outside are not drawn', () => {
    const loss = findPath(frames, ['loss train.js:28']);
    const view = { zoom: loss, width: 300, rowHeight: 20 };
    assert.deepEqual(frameBox(frames, view, 0), { x: 0, y: 0, w: 300 });
    assert.deepEqual(frameBox(frames, view, loss), { x: 0, y: 20, w: 300 });
    // Mean: 12 of loss's 30 ms, after SquaredDifference's 18.
    assert.deepEqual(frameBox(frames, view, findPath(frames, ['loss train.js:28', 'meanSquaredError', 'Mean'])), { x: 180, y: 60, w: 120 });
    assert.equal(frameBox(frames, view, findPath(frames, ['model train.js:23'])), undefined);
  });
});
