import * as assert from 'node:assert/strict';
import { computeStats, formatNumber, presentValues } from '../../runtime/tensorStats';

describe('tensorStats', () => {
  it('formats numbers to 4 significant digits without trailing zeros', () => {
    assert.equal(formatNumber(-1.23), '-1.23');
    assert.equal(formatNumber(4.5), '4.5');
    assert.equal(formatNumber(0.012127), '0.01213');
    assert.equal(formatNumber(0.98014), '0.9801');
    assert.equal(formatNumber(7), '7');
    assert.equal(formatNumber(123456), '1.235e+5');
    assert.equal(formatNumber(1e-7), '1e-7');
    assert.equal(formatNumber(-0), '0');
    assert.equal(formatNumber(NaN), 'NaN');
  });

  it('computes population statistics over finite elements and counts NaN and Inf apart', () => {
    const stats = computeStats(new Float32Array([1, 2, 3, 4, NaN, Infinity, -Infinity]));
    assert.deepEqual({ ...stats, std: Number(stats.std.toFixed(6)) }, { min: 1, max: 4, mean: 2.5, std: 1.118034, nanCount: 1, infCount: 2, finiteCount: 4 });
  });

  it('keeps the variance of large-mean data (two passes)', () => {
    const stats = computeStats(new Float64Array([1e9 + 1, 1e9 + 2, 1e9 + 3]));
    assert.ok(Math.abs(stats.std - Math.sqrt(2 / 3)) < 1e-6);
  });

  it('presents tensors as the contract shows them', () => {
    assert.equal(presentValues('float32', [2, 2], new Float32Array([1, 2, 3, 4])), 'float32[2,2] min=1 max=4 mean=2.5 std=1.118');
    assert.equal(presentValues('int32', [], new Int32Array([7])), 'int32[] 7');
    assert.equal(presentValues('float32', [0, 3], new Float32Array(0)), 'float32[0,3] (empty)');
    assert.equal(presentValues('string', [3], ['a', 'b', 'c']), 'string[3]');
    assert.equal(presentValues('float32', [3], new Float32Array([1, NaN, Infinity])), 'float32[3] min=1 max=1 mean=1 std=0 NaN=1 Inf=1');
    assert.equal(presentValues('float32', [2], new Float32Array([NaN, NaN])), 'float32[2] NaN=2');
  });

  it('leaves statistics out when they are turned off', () => {
    assert.equal(presentValues('float32', [2, 2], [], 0, false), 'float32[2,2]');
    assert.equal(presentValues('float32', [], new Float32Array([0.5]), 0, false), 'float32[] 0.5');
  });

  it('presents a sub-tensor view at an offset', () => {
    assert.equal(presentValues('float32', [2], new Float32Array([9, 9, 1, 3]), 2), 'float32[2] min=1 max=3 mean=2 std=1');
  });
});
