import * as assert from 'node:assert/strict';
import {
  COLORMAPS,
  NAN_COLOR,
  NEG_INF_COLOR,
  POS_INF_COLOR,
  chooseScale,
  colorOf,
  finiteRange,
  paint,
  relativeLuminance,
  scalePosition,
  scaleValue,
  tableColor,
} from '../../common/colormap';

const distance = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('colormap', () => {
  it('viridis runs from dark purple to yellow with rising luminance', () => {
    const viridis = COLORMAPS.viridis;
    assert.equal(viridis.length, 256 * 3);
    // matplotlib's viridis: #440154 at 0, #21918c near 0.5, #fde725 at 1 (within the fit's error).
    assert.ok(distance(tableColor(viridis, 0), [68, 1, 84]) <= 5, String(tableColor(viridis, 0)));
    assert.ok(distance(tableColor(viridis, 128), [33, 145, 140]) <= 5, String(tableColor(viridis, 128)));
    assert.ok(distance(tableColor(viridis, 255), [253, 231, 37]) <= 5, String(tableColor(viridis, 255)));
    const luminance = Array.from({ length: 256 }, (_, i) => relativeLuminance(tableColor(viridis, i)));
    for (let i = 1; i < 256; i++) {
      // Monotonic up to 8-bit rounding (one step of one channel), and strictly over 4 entries.
      assert.ok(luminance[i] >= luminance[i - 1] - 5e-4, `luminance falls at entry ${i}`);
      if (i >= 4) assert.ok(luminance[i] > luminance[i - 4], `luminance flat at entry ${i}`);
    }
    assert.ok(luminance[255] - luminance[0] > 0.7);
  });

  it('the diverging map is white at its centre, blue below and red above, symmetric in luminance', () => {
    const diverging = COLORMAPS.diverging;
    assert.deepEqual(tableColor(diverging, 127), [247, 247, 247]);
    assert.deepEqual(tableColor(diverging, 128), [247, 247, 247]);
    const [r0, , b0] = tableColor(diverging, 0);
    const [r1, , b1] = tableColor(diverging, 255);
    assert.ok(b0 > r0, 'negative end is blue');
    assert.ok(r1 > b1, 'positive end is red');
    for (let i = 0; i < 127; i++) {
      const lower = relativeLuminance(tableColor(diverging, i));
      const upper = relativeLuminance(tableColor(diverging, 255 - i));
      assert.ok(lower <= relativeLuminance(tableColor(diverging, i + 1)) + 1e-9, `luminance rises towards the centre at ${i}`);
      assert.ok(Math.abs(lower - upper) < 0.08, `luminance roughly symmetric at ${i}`);
    }
  });

  it('chooses viridis for one-signed data and the diverging map centred on zero for signed data', () => {
    assert.deepEqual(chooseScale(0, 4, 'linear'), { colormap: 'viridis', lo: 0, hi: 4 });
    assert.deepEqual(chooseScale(-3, -1, 'linear'), { colormap: 'viridis', lo: -3, hi: -1 });
    const signed = chooseScale(-1, 4, 'linear');
    assert.equal(signed.colormap, 'diverging');
    assert.deepEqual(colorOf(0, signed), [247, 247, 247]);
    assert.equal(scalePosition(-1, signed), 0);
    assert.equal(scalePosition(4, signed), 1);
    assert.equal(scalePosition(2, signed), 0.75);
    assert.equal(scaleValue(0.75, signed), 2);
    const symmetric = chooseScale(-1, 4, 'symmetric');
    assert.deepEqual([symmetric.lo, symmetric.hi], [-4, 4]);
    assert.equal(scalePosition(-4, symmetric), 0);
    assert.deepEqual(colorOf(0, symmetric), [247, 247, 247]);
  });

  it('maps the ends of a linear range to the ends of the map', () => {
    const scale = chooseScale(2, 10, 'linear');
    assert.deepEqual(colorOf(2, scale), tableColor(COLORMAPS.viridis, 0));
    assert.deepEqual(colorOf(10, scale), tableColor(COLORMAPS.viridis, 255));
    assert.deepEqual(colorOf(100, scale), tableColor(COLORMAPS.viridis, 255), 'clamped');
    // A constant tensor is drawn at the middle of the map.
    assert.deepEqual(colorOf(3, chooseScale(3, 3, 'linear')), tableColor(COLORMAPS.viridis, 128));
  });

  it('draws NaN, +Inf and -Inf in their own colours, found in neither map', () => {
    const scale = chooseScale(-1, 1, 'linear');
    assert.deepEqual(colorOf(NaN, scale), NAN_COLOR);
    assert.deepEqual(colorOf(Infinity, scale), POS_INF_COLOR);
    assert.deepEqual(colorOf(-Infinity, scale), NEG_INF_COLOR);
    const specials = [NAN_COLOR, POS_INF_COLOR, NEG_INF_COLOR];
    assert.equal(new Set(specials.map(String)).size, 3);
    for (const table of Object.values(COLORMAPS)) {
      for (let i = 0; i < 256; i++) {
        for (const special of specials) assert.ok(distance(tableColor(table, i), special) > 40, `entry ${i} looks like ${special}`);
      }
    }
  });

  it('paints RGBA and counts what is not finite', () => {
    const data = new Float32Array([0, 1, NaN, Infinity, -Infinity, 0.5]);
    const range = finiteRange(data);
    assert.deepEqual(range, { min: 0, max: 1, nan: 1, posInf: 1, negInf: 1 });
    const out = new Uint8Array(data.length * 4);
    paint(data, chooseScale(range.min, range.max, 'linear'), out);
    assert.deepEqual([...out.subarray(8, 12)], [...NAN_COLOR, 255]);
    assert.deepEqual([...out.subarray(12, 16)], [...POS_INF_COLOR, 255]);
    assert.deepEqual([...out.subarray(16, 20)], [...NEG_INF_COLOR, 255]);
    assert.deepEqual(finiteRange(new Float32Array([NaN])), { min: NaN, max: NaN, nan: 1, posInf: 0, negInf: 0 });
  });
});
