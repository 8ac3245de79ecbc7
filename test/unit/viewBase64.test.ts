import * as assert from 'node:assert/strict';
import { chunkedBase64, viewBase64 } from '../../runtime/viewBase64';

/** `count` float32 values with every byte value among their bytes, and NaN, ±Inf and -0. */
function floats(count: number): Float32Array {
  const values = new Float32Array(count);
  new Uint8Array(values.buffer).forEach((_, i, bytes) => (bytes[i] = (i * 97 + 13) & 255));
  values.set([NaN, Infinity, -Infinity, -0].slice(0, count));
  return values;
}

describe('view base64', () => {
  it('encodes chunk by chunk as one text, at lengths around the chunks and with a window on a larger buffer', () => {
    // 24576 bytes a chunk: 6144 floats; the lengths cross one and two chunk ends, with each remainder mod 3.
    for (const count of [0, 1, 2, 3, 6143, 6144, 6145, 12288, 12289, 512 * 512]) {
      const values = floats(count);
      const expected = Buffer.from(values.buffer).toString('base64');
      assert.equal(chunkedBase64(new Uint8Array(values.buffer)), expected, `${count} floats`);
      assert.equal(viewBase64(values), expected, `${count} floats`);
    }
    const whole = floats(7000);
    const window = whole.subarray(5, 6500);
    assert.equal(viewBase64(window), Buffer.from(whole.buffer, 20, 6495 * 4).toString('base64'));
  });

  it("uses the engine's own toBase64 where the byte array has one", () => {
    const values = floats(10);
    const own = Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'toBase64');
    const seen: Uint8Array[] = [];
    Object.defineProperty(Uint8Array.prototype, 'toBase64', {
      configurable: true,
      value(this: Uint8Array) {
        seen.push(this);
        return 'native';
      },
    });
    try {
      assert.equal(viewBase64(values), 'native');
    } finally {
      if (own) Object.defineProperty(Uint8Array.prototype, 'toBase64', own);
      else delete (Uint8Array.prototype as { toBase64?: unknown }).toBase64;
    }
    assert.deepEqual(
      seen.map((bytes) => [bytes.buffer === values.buffer, bytes.byteOffset, bytes.byteLength]),
      [[true, 0, 40]],
    );
  });
});
