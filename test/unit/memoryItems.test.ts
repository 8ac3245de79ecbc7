/**
 * The words of "TF.js: Show Memory": a leaking line first with its growth per training step,
 * a line that grew between stops without training steps, steady lines without growth, and the
 * title with the totals.
 */
import * as assert from 'node:assert/strict';
import type { MemoryInfo } from '../../protocol/runtimeApi';
import { memoryItems, memoryTitle, sizeText } from '../../extension/memoryItems';

const memory: MemoryInfo = {
  numTensors: 23,
  numBytes: 5000,
  backend: 'cpu',
  byLine: {
    steps: 5,
    stepsSincePreviousStop: 2,
    tracked: 23,
    tracking: true,
    lines: [
      {
        name: 'train.js:47',
        key: '/p/train.js:47',
        source: { path: '/p/train.js', line: 47, column: 15 },
        functionName: 'main',
        tensors: 5,
        bytes: 480,
        made: 10,
        disposed: 5,
        sincePreviousStop: { tensors: 2, bytes: 192 },
        perStep: 1,
      },
      {
        name: 'train.js:12',
        key: '/p/train.js:12',
        source: { path: '/p/train.js', line: 12, column: 3 },
        functionName: '',
        tensors: 4,
        bytes: 2048,
        made: 4,
        disposed: 0,
        sincePreviousStop: { tensors: 0, bytes: 0 },
        perStep: 0,
      },
      { name: '(tfjs)', key: '(tfjs)', tensors: 1, bytes: 4, made: 3, disposed: 2, sincePreviousStop: { tensors: 0, bytes: 0 }, perStep: 0 },
    ],
  },
};

describe('Show Memory words', () => {
  it('puts the leaking line first with its growth per step, and goes to its source', () => {
    const [leak, weights, tfjs] = memoryItems(memory);
    assert.deepEqual(leak, {
      label: '$(warning) train.js:47',
      description: '+1 tensor / step · 5 tensors alive, 480 B',
      detail: 'in main: made 10, disposed 5',
      source: { path: '/p/train.js', line: 47 },
      key: '/p/train.js:47',
    });
    assert.deepEqual(weights, {
      label: 'train.js:12',
      description: '4 tensors alive, 2.0 KiB',
      detail: 'made 4, disposed 0',
      source: { path: '/p/train.js', line: 12 },
      key: '/p/train.js:12',
    });
    assert.equal(tfjs.source, undefined);
    assert.equal(tfjs.description, '1 tensor alive, 4 B');
  });

  it('says growth since the previous stop where no training step ran, and the totals in the title', () => {
    const line = { ...memory.byLine!.lines[0], perStep: undefined, sincePreviousStop: { tensors: -3, bytes: -12 } };
    const [item] = memoryItems({ ...memory, byLine: { ...memory.byLine!, stepsSincePreviousStop: 0, lines: [line] } });
    assert.equal(item.label, 'train.js:47');
    assert.equal(item.description, '−3 since the previous stop · 5 tensors alive, 480 B');
    assert.equal(memoryTitle(memory), 'TF.js memory: 23 tensors, 4.9 KiB · 2 training steps since the previous stop');
    assert.equal(
      memoryTitle({ ...memory, byLine: { ...memory.byLine!, stepsSincePreviousStop: undefined } }),
      'TF.js memory: 23 tensors, 4.9 KiB · no previous stop to compare with',
    );
    assert.equal(sizeText(3 * 1024 * 1024), '3.0 MiB');
  });
});
