/**
 * Tensor bytes in and out of the extension host: the base64 float32 data of `tfjs/tensor`
 * decoded, and the whole tensor written as NumPy `.npy` (format 1.0, little-endian float32)
 * or as CSV (one line per row of the last axis).
 */

/** Base64 of a little-endian Float32Array → the array (a copy, aligned). */
export function decodeFloat32(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** The `.npy` header: magic, version 1.0, header length, the dict padded to 64 bytes. */
export function npyHeader(shape: readonly number[]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64.
  const unpadded = 10 + dict.length + 1;
  const padding = (64 - (unpadded % 64)) % 64;
  const text = `${dict}${' '.repeat(padding)}\n`;
  const header = Buffer.alloc(10 + text.length);
  header.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY, version 1.0
  header.writeUInt16LE(text.length, 8);
  header.write(text, 10, 'latin1');
  return header;
}

/** A whole `.npy` file of float32 values in C order. */
export function encodeNpy(shape: readonly number[], data: Float32Array): Buffer {
  const body = Buffer.alloc(data.length * 4);
  for (let i = 0; i < data.length; i++) body.writeFloatLE(data[i], i * 4);
  return Buffer.concat([npyHeader(shape), body]);
}

function csvNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Inf';
  if (value === -Infinity) return '-Inf';
  // The shortest decimal that reads back as the same float32: 0.1, not 0.10000000149011612.
  for (let digits = 1; digits < 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return String(short);
  }
  return String(value);
}

/**
 * CSV of a tensor in C order: one line per row of the last axis (a rank-1 tensor is one
 * line, a scalar one value); each value the shortest decimal that reads back as its float32.
 */
export function encodeCsv(shape: readonly number[], data: Float32Array): string {
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  if (cols === 0 || data.length === 0) return '';
  const lines: string[] = [];
  for (let start = 0; start < data.length; start += cols) {
    lines.push(Array.from(data.subarray(start, start + cols), csvNumber).join(','));
  }
  return `${lines.join('\n')}\n`;
}
