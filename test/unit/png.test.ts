import * as assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { crc32, encodePng, upscale } from '../../extension/png';
import { hoverExpression, thumbnailUri } from '../../extension/thumbnail';
import { NAN_COLOR, COLORMAPS, tableColor } from '../../common/colormap';

interface Chunk {
  type: string;
  data: Buffer;
}

/** Splits a PNG into chunks, checking each CRC. */
function chunks(png: Buffer): Chunk[] {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out: Chunk[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + length);
    const crc = png.readUInt32BE(at + 8 + length);
    assert.equal(crc, (crc32(png.subarray(at + 4, at + 8 + length)) ^ 0xffffffff) >>> 0, `CRC of ${type}`);
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

/** Decodes an 8-bit RGBA PNG with filter 0 rows, as encodePng writes it. */
function decode(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  const parts = chunks(png);
  assert.deepEqual(
    parts.map((c) => c.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  const header = parts[0].data;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  assert.deepEqual([...header.subarray(8)], [8, 6, 0, 0, 0]);
  const raw = inflateSync(parts[1].data);
  assert.equal(raw.length, height * (width * 4 + 1));
  return {
    width,
    height,
    pixel: (x, y) => {
      const row = y * (width * 4 + 1);
      assert.equal(raw[row], 0);
      return [...raw.subarray(row + 1 + x * 4, row + 1 + x * 4 + 4)];
    },
  };
}

describe('png', () => {
  it('computes the standard CRC-32', () => {
    assert.equal((crc32(Buffer.from('123456789')) ^ 0xffffffff) >>> 0, 0xcbf43926);
  });

  it('encodes RGBA pixels that decode back to the same pixels', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 40, 1, 2, 3, 4, 5, 6, 7, 8]);
    const image = decode(encodePng(3, 2, rgba));
    assert.equal(image.width, 3);
    assert.equal(image.height, 2);
    assert.deepEqual(image.pixel(0, 0), [255, 0, 0, 255]);
    assert.deepEqual(image.pixel(2, 0), [0, 0, 255, 255]);
    assert.deepEqual(image.pixel(0, 1), [10, 20, 30, 40]);
    assert.deepEqual(image.pixel(2, 1), [5, 6, 7, 8]);
    assert.throws(() => encodePng(2, 2, rgba), /expected 16 RGBA bytes/);
  });

  it('enlarges by whole pixels', () => {
    const big = upscale(2, 1, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 2);
    assert.deepEqual([...big], [1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8, 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8]);
  });

  it('makes hover thumbnails as data URIs in the heatmap colours', () => {
    const { uri, width, height } = thumbnailUri(2, 4, new Float32Array([0, 1, 2, 3, 4, 5, 6, NaN]));
    assert.equal(width, 64);
    assert.equal(height, 32);
    assert.ok(uri.startsWith('data:image/png;base64,'));
    const image = decode(Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64'));
    assert.deepEqual(image.pixel(0, 0), [...tableColor(COLORMAPS.viridis, 0), 255]);
    assert.deepEqual(image.pixel(47, 31), [...tableColor(COLORMAPS.viridis, 255), 255]);
    assert.deepEqual(image.pixel(63, 31), [...NAN_COLOR, 255]);
  });

  it('finds the expression a hover means: the dotted path up to the hovered name', () => {
    const line = '  const y = model.dense.kernel.add(bias);';
    assert.equal(hoverExpression(line, line.indexOf('model') + 2), 'model');
    assert.equal(hoverExpression(line, line.indexOf('dense') + 1), 'model.dense');
    assert.equal(hoverExpression(line, line.indexOf('kernel')), 'model.dense.kernel');
    assert.equal(hoverExpression(line, line.indexOf('bias') + 3), 'bias');
    assert.equal(hoverExpression(line, line.indexOf('=')), undefined);
  });
});
