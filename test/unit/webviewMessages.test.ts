import * as assert from 'node:assert/strict';
import { parseHeatmapMessage, parseModelMessage, parseProfileMessage, parseTapeMessage } from '../../protocol/webviewMessages';

/** What no panel's parser takes: no plain object, no type of a panel, a type every object inherits, an extra field, an inherited type. */
const NOT_MESSAGES: unknown[] = [
  undefined,
  null,
  'ready',
  42,
  [],
  { type: 'nope' },
  { type: 'constructor' },
  { type: 'toString' },
  { type: '__proto__' },
  { type: 'ready', extra: 1 },
  Object.assign(Object.create({ inherited: true }), { type: 'ready' }),
];

/** `goToSource` messages the profile and tape parsers both refuse. */
const BAD_SOURCE_LINES: unknown[] = [
  { type: 'goToSource', path: '/w/train.js' },
  { type: 'goToSource', path: '', line: 1 },
  { type: 'goToSource', path: 7, line: 1 },
  { type: 'goToSource', path: ['/w/train.js'], line: 2 },
  { type: 'goToSource', path: '/w/a\0b', line: 1 },
  { type: 'goToSource', path: '/w/train.js', line: 0 },
  { type: 'goToSource', path: '/w/train.js', line: 1.5 },
  { type: 'goToSource', path: '/w/train.js', line: '3' },
  { type: 'goToSource', path: 'x'.repeat(5000), line: 1 },
  { type: 'goToSource', path: '/w/train.js', line: 3, column: 1 },
  // The profile's name for it before profile and tape shared `goToSource`.
  { type: 'goto', path: '/w/train.js', line: 23 },
];

function assertRejects(parse: (value: unknown) => unknown, bad: unknown[]): void {
  for (const value of [...NOT_MESSAGES, ...bad]) assert.equal(parse(value), undefined, JSON.stringify(value));
}

describe('webviewMessages', () => {
  it('accepts each message of the heatmap webview', () => {
    assert.deepEqual(parseHeatmapMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseHeatmapMessage({ type: 'refresh' }), { type: 'refresh' });
    assert.deepEqual(parseHeatmapMessage({ type: 'slice', slice: '0,:,:' }), { type: 'slice', slice: '0,:,:' });
    for (const slice of ['0,2:5,:', '1:,:3', '0:8:2,:', '::2']) assert.deepEqual(parseHeatmapMessage({ type: 'slice', slice }), { type: 'slice', slice });
    assert.deepEqual(parseHeatmapMessage({ type: 'edit', index: [1, 2], value: 3.5 }), { type: 'edit', index: [1, 2], value: 3.5 });
    assert.deepEqual(parseHeatmapMessage({ type: 'edit', index: [], value: -Infinity }), { type: 'edit', index: [], value: -Infinity });
    assert.deepEqual(parseHeatmapMessage({ type: 'export', format: 'npy' }), { type: 'export', format: 'npy' });
    assert.deepEqual(parseHeatmapMessage({ type: 'export', format: 'csv' }), { type: 'export', format: 'csv' });
  });

  it('rejects anything malformed', () => {
    assertRejects(parseHeatmapMessage, [
      { type: 'slice' },
      { type: 'slice', slice: 3 },
      { type: 'slice', slice: '0;alert(1)' },
      { type: 'slice', slice: '' },
      { type: 'slice', slice: '-1,:' },
      { type: 'slice', slice: '0,-3:,:' },
      { type: 'slice', slice: '0,1:2:3:4' },
      { type: 'slice', slice: 'x[0,:]' },
      { type: 'slice', slice: '0,:,:', more: true },
      { type: 'edit', index: [1.5], value: 1 },
      { type: 'edit', index: [-1], value: 1 },
      { type: 'edit', index: ['1'], value: 1 },
      { type: 'edit', index: 1, value: 1 },
      { type: 'edit', index: [0], value: '1' },
      { type: 'edit', index: [0] },
      { type: 'edit', index: new Array(40).fill(0), value: 1 },
      { type: 'export', format: 'exe' },
      { type: 'export' },
      { type: 'goToSource', path: '/w/train.js', line: 1 },
    ]);
  });
});

describe('profile webview messages', () => {
  it('accepts each message of the profile webview', () => {
    for (const type of ['ready', 'refresh', 'reset'] as const) assert.deepEqual(parseProfileMessage({ type }), { type });
    assert.deepEqual(parseProfileMessage({ type: 'export', format: 'chrome-trace' }), { type: 'export', format: 'chrome-trace' });
    assert.deepEqual(parseProfileMessage({ type: 'export', format: 'speedscope' }), { type: 'export', format: 'speedscope' });
    assert.deepEqual(parseProfileMessage({ type: 'goToSource', path: '/w/train.js', line: 23 }), { type: 'goToSource', path: '/w/train.js', line: 23 });
    for (const on of [true, false]) assert.deepEqual(parseProfileMessage({ type: 'gpuTime', on }), { type: 'gpuTime', on });
  });

  it('rejects anything that is not exactly one of them', () => {
    assertRejects(parseProfileMessage, [
      'reset',
      { type: 'slice', slice: '0,:' },
      { type: 'reset', now: true },
      { type: 'export' },
      { type: 'export', format: 'pprof' },
      { type: 'export', format: 'speedscope', path: '/tmp/x' },
      { type: 'gpuTime' },
      { type: 'gpuTime', on: 'true' },
      { type: 'gpuTime', on: true, kernels: 3 },
      ...BAD_SOURCE_LINES,
    ]);
  });
});

describe('tape webview messages', () => {
  it('accepts each message of the tape webview', () => {
    assert.deepEqual(parseTapeMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseTapeMessage({ type: 'refresh' }), { type: 'refresh' });
    assert.deepEqual(parseTapeMessage({ type: 'selectTape', index: 3 }), { type: 'selectTape', index: 3 });
    assert.deepEqual(parseTapeMessage({ type: 'showTensor', tapeId: 7, tensorId: 12, kind: 'value' }), {
      type: 'showTensor',
      tapeId: 7,
      tensorId: 12,
      kind: 'value',
    });
    assert.deepEqual(parseTapeMessage({ type: 'showTensor', tapeId: 0, tensorId: 0, kind: 'gradient' }), {
      type: 'showTensor',
      tapeId: 0,
      tensorId: 0,
      kind: 'gradient',
    });
    assert.deepEqual(parseTapeMessage({ type: 'goToSource', path: '/w/train.js', line: 22 }), { type: 'goToSource', path: '/w/train.js', line: 22 });
  });

  it('rejects anything malformed', () => {
    assertRejects(parseTapeMessage, [
      { type: 'edit', index: [0], value: 1 },
      { type: 'selectTape' },
      { type: 'selectTape', index: -1 },
      { type: 'selectTape', index: 1.5 },
      { type: 'selectTape', index: '1' },
      { type: 'selectTape', index: 2 ** 53 },
      { type: 'showTensor', tapeId: 7, tensorId: 12 },
      { type: 'showTensor', tapeId: 7, tensorId: 12, kind: 'both' },
      { type: 'showTensor', tapeId: 7, tensorId: '12', kind: 'value' },
      { type: 'showTensor', tapeId: NaN, tensorId: 12, kind: 'value' },
      { type: 'showTensor', tapeId: 7, tensorId: 12, kind: 'value', expression: 'process.exit()' },
      Object.assign(Object.create({ inherited: true }), { type: 'refresh' }),
      ...BAD_SOURCE_LINES,
    ]);
  });
});

describe('model webview messages', () => {
  it('accepts each message of the model webview', () => {
    assert.deepEqual(parseModelMessage({ type: 'refresh' }), { type: 'refresh' });
    assert.deepEqual(parseModelMessage({ type: 'showWeight', model: 1, weight: 'conv/kernel' }), { type: 'showWeight', model: 1, weight: 'conv/kernel' });
    assert.deepEqual(parseModelMessage({ type: 'showWeight', model: 1, weight: 'conv/kernel', step: 0 }), {
      type: 'showWeight',
      model: 1,
      weight: 'conv/kernel',
      step: 0,
    });
    assert.deepEqual(parseModelMessage({ type: 'showGradient', tape: 3, tensorId: 9 }), { type: 'showGradient', tape: 3, tensorId: 9 });
    assert.deepEqual(parseModelMessage({ type: 'pin', model: 1, layer: 'conv', weight: 'conv/kernel', pinned: false }), {
      type: 'pin',
      model: 1,
      layer: 'conv',
      weight: 'conv/kernel',
      pinned: false,
    });
    assert.deepEqual(parseModelMessage({ type: 'breakOnLayer', layer: 'conv', on: 'nan' }), { type: 'breakOnLayer', layer: 'conv', on: 'nan' });
    assert.deepEqual(parseModelMessage({ type: 'fitStops', at: 'epoch' }), { type: 'fitStops', at: 'epoch' });
    assert.deepEqual(parseModelMessage({ type: 'select', model: 2, layer: 'conv', weight: 'conv/kernel' }), {
      type: 'select',
      model: 2,
      layer: 'conv',
      weight: 'conv/kernel',
    });
  });

  it('rejects anything malformed', () => {
    assertRejects(parseModelMessage, [
      { type: 'showWeight', model: -1, weight: 'k' },
      { type: 'showWeight', model: 1, weight: '' },
      { type: 'showWeight', model: 1, weight: 'k', step: 1.5 },
      { type: 'showGradient', tape: 1 },
      { type: 'pin', model: 1, layer: 'conv', weight: 'k', pinned: 'yes' },
      { type: 'pin', model: 1, weight: 'k', pinned: true },
      { type: 'select', model: 1, layer: 'conv', weight: 7 },
      { type: 'breakOnLayer', layer: 'conv', on: 'always' },
      { type: 'breakOnLayer', layer: '', on: 'run' },
      { type: 'fitStops', at: 'step' },
    ]);
  });
});
