import * as assert from 'node:assert/strict';
import { encodeFrame, FrameDecoder } from '../../common/node/socketFrames';

describe('wire framing', () => {
  it('decodes frames split and joined across chunks, with binary attachments', () => {
    const bytes = Buffer.concat([
      encodeFrame({ id: 1, method: 'Debugger.enable' }),
      encodeFrame({ id: 2, result: {} }, new Uint8Array([1, 2, 3])),
      encodeFrame({ method: 'Debugger.resumed' }),
    ]);
    const decoder = new FrameDecoder();
    const frames = [];
    for (let i = 0; i < bytes.length; i += 5) frames.push(...decoder.push(bytes.subarray(i, i + 5)));
    assert.deepEqual(
      frames.map((f) => f.message),
      [{ id: 1, method: 'Debugger.enable' }, { id: 2, result: {} }, { method: 'Debugger.resumed' }],
    );
    assert.deepEqual([...(frames[1].binary ?? [])], [1, 2, 3]);
  });
});
