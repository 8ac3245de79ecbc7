import * as assert from 'node:assert/strict';
import { releaseShared, sharedHeaderBytes, takeShared } from '../../runtime/sharedPool';

describe('shared buffers for views', () => {
  it('uses a released buffer again, never a busy one, and keeps no huge one', () => {
    const first = takeShared(4096);
    assert.ok(first.byteLength >= sharedHeaderBytes + 4096);
    const second = takeShared(4096);
    assert.notEqual(second, first, 'a busy buffer was handed out twice');
    releaseShared(first);
    assert.equal(takeShared(1024), first, 'a free buffer large enough is used again');
    releaseShared(first);
    releaseShared(second);
    const huge = takeShared(65 * 1024 * 1024);
    releaseShared(huge);
    assert.notEqual(takeShared(65 * 1024 * 1024), huge, 'a buffer over 64 MB is used once');
  });
});
