/**
 * The synchronous webgpu read (runtime/webgpuRead.ts) against a stand-in of tfjs's
 * WebGPUBackend and a device: values per dtype out of the staging buffer's bytes (complex64
 * interleaved), the program's unsubmitted work submitted first, the staging buffer always
 * destroyed, and a mapping that never comes given up after the timeout without running the
 * program's own setImmediate callbacks.
 */
import * as assert from 'node:assert/strict';
import { readTimeoutMs, readWebGpu, type WebGpuBackendLike } from '../../runtime/webgpuRead';

interface Entry {
  dtype: string;
  shape: number[];
  values?: ArrayLike<number>;
  resource?: { size: number; bytes: ArrayBuffer };
  complexTensorInfos?: { real: { dataId: object }; imag: { dataId: object } };
}

/** A backend whose buffers map at once (`maps`) or never, recording what the read did. */
function standIn(maps: boolean): { backend: WebGpuBackendLike; entries: WeakMap<object, Entry>; log: string[] } {
  const log: string[] = [];
  const entries = new WeakMap<object, Entry>();
  let copied: ArrayBuffer = new ArrayBuffer(0);
  const device = {
    createBuffer: ({ size, usage }: { size: number; usage: number }) => {
      log.push(`staging ${size} usage ${usage}`);
      const buffer = {
        size,
        mapState: 'unmapped',
        mapAsync: () => {
          buffer.mapState = maps ? 'mapped' : 'pending';
          return maps ? Promise.resolve() : new Promise<void>(() => undefined);
        },
        getMappedRange: () => copied,
        unmap: () => log.push('unmap'),
        destroy: () => log.push('destroy'),
      };
      return buffer;
    },
    createCommandEncoder: () => ({
      copyBufferToBuffer: (from: { bytes: ArrayBuffer }) => (copied = from.bytes),
      finish: () => 'commands',
    }),
    queue: { submit: () => log.push('submit') },
  };
  const backend = {
    device,
    tensorMap: { data: entries },
    commandEncoder: {},
    endComputePassEncoder: () => log.push('end pass'),
    submitQueue: () => {
      log.push('submit program work');
      backend.commandEncoder = null as unknown as object;
    },
  };
  return { backend: backend as unknown as WebGpuBackendLike, entries, log };
}

const onGpu = (dtype: string, values: Int32Array | Float32Array): Entry => ({
  dtype,
  shape: [values.length],
  // Buffers are padded past the values, as tfjs pads them.
  resource: { size: values.byteLength + 8, bytes: new Uint8Array([...new Uint8Array(values.buffer), ...new Uint8Array(8)]).buffer },
});

describe('webgpu read', () => {
  it('reads float32, int32 and bool values out of a staging buffer of its own, submitting the program work first', () => {
    const { backend, entries, log } = standIn(true);
    const f = {};
    const i = {};
    const b = {};
    entries.set(f, onGpu('float32', new Float32Array([1.5, -2])));
    entries.set(i, onGpu('int32', new Int32Array([7, -3, 9])));
    entries.set(b, onGpu('bool', new Int32Array([1, 0])));
    assert.deepEqual(readWebGpu(backend, f, 2), new Float32Array([1.5, -2]));
    assert.deepEqual(log, ['end pass', 'submit program work', 'staging 16 usage 9', 'submit', 'unmap', 'destroy']);
    assert.deepEqual(readWebGpu(backend, i, 3), new Int32Array([7, -3, 9]));
    assert.deepEqual(readWebGpu(backend, b, 2), new Uint8Array([1, 0]));
  });

  it('interleaves complex64 parts and answers values kept on the CPU without reading', () => {
    const { backend, entries, log } = standIn(true);
    const real = {};
    const imag = {};
    const complex = {};
    entries.set(real, onGpu('float32', new Float32Array([1, 2])));
    entries.set(imag, onGpu('float32', new Float32Array([3, 4])));
    entries.set(complex, { dtype: 'complex64', shape: [2], complexTensorInfos: { real: { dataId: real }, imag: { dataId: imag } } });
    assert.deepEqual(readWebGpu(backend, complex, 2), new Float32Array([1, 3, 2, 4]));
    const kept = {};
    const values = new Float32Array([5, 6]);
    entries.set(kept, { dtype: 'float32', shape: [2], values });
    log.length = 0;
    assert.equal(readWebGpu(backend, kept, 2), values);
    assert.deepEqual(log, []);
    assert.equal(readWebGpu(backend, {}, 2), undefined);
  });

  it("gives up after the timeout when the buffer never maps, without running the program's immediates", function () {
    this.timeout(readTimeoutMs + 5000);
    const { backend, entries, log } = standIn(false);
    const f = {};
    entries.set(f, onGpu('float32', new Float32Array([1, 2])));
    let ran = false;
    const programs = setImmediate(() => (ran = true));
    const started = Date.now();
    try {
      assert.equal(readWebGpu(backend, f, 2), undefined);
      const took = Date.now() - started;
      assert.ok(took >= readTimeoutMs && took < readTimeoutMs + 1000, `${took} ms`);
      assert.equal(ran, false);
      assert.equal(log.at(-1), 'destroy');
    } finally {
      clearImmediate(programs);
    }
  });
});
