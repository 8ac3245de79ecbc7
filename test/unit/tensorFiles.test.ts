import * as assert from 'node:assert/strict';
import { decodeFloat32, encodeCsv, encodeNpy, npyHeader } from '../../extension/tensorFiles';

describe('tensorFiles', () => {
  it('decodes the base64 float32 data of tfjs/tensor', () => {
    const values = new Float32Array([1.5, -2, NaN, Infinity]);
    const decoded = decodeFloat32(Buffer.from(values.buffer).toString('base64'));
    assert.deepEqual([...decoded], [1.5, -2, NaN, Infinity]);
  });

  it('writes the .npy 1.0 header: magic, version, length, dict padded to 64 bytes', () => {
    const header = npyHeader([8, 10]);
    assert.deepEqual([...header.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    assert.equal(header.length % 64, 0);
    assert.equal(header.readUInt16LE(8), header.length - 10);
    const text = header.subarray(10).toString('latin1');
    assert.ok(text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (8, 10), }"), text);
    assert.ok(text.endsWith('\n'));
    assert.match(text, /^\{[^\n]*\} *\n$/);
    assert.ok(npyHeader([5]).subarray(10).toString('latin1').includes("'shape': (5,)"));
    assert.ok(npyHeader([]).subarray(10).toString('latin1').includes("'shape': ()"));
    assert.ok(npyHeader([2, 3, 4]).subarray(10).toString('latin1').includes("'shape': (2, 3, 4)"));
  });

  it('writes the data after the header as little-endian float32', () => {
    const file = encodeNpy([2, 2], new Float32Array([1, 2, 3, -0.5]));
    const header = npyHeader([2, 2]);
    assert.deepEqual(file.subarray(0, header.length), header);
    const body = file.subarray(header.length);
    assert.equal(body.length, 16);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => body.readFloatLE(i * 4)),
      [1, 2, 3, -0.5],
    );
  });

  it('writes CSV one line per row of the last axis, floats as their shortest decimal', () => {
    const data = new Float32Array([0.1, 2, -3.5, NaN, Infinity, -Infinity]);
    assert.equal(encodeCsv([2, 3], data), '0.1,2,-3.5\nNaN,Inf,-Inf\n');
    assert.equal(encodeCsv([6], data), '0.1,2,-3.5,NaN,Inf,-Inf\n');
    assert.equal(encodeCsv([3, 1, 2], data), '0.1,2\n-3.5,NaN\nInf,-Inf\n');
    assert.equal(encodeCsv([], new Float32Array([7])), '7\n');
    assert.equal(encodeCsv([0, 3], new Float32Array(0)), '');
  });
});
