/**
 * The words of the status-bar item of a session with tensors, and the command line "Copy
 * Attach Command" copies.
 */
import './vscodeStub';
import * as assert from 'node:assert/strict';
import { attachCommandLine } from '../../extension/programCommands';
import { statusText } from '../../extension/statusBar';

describe('status-bar item', () => {
  it('shows kernels recorded and tensors held while recording', () => {
    const { text, tooltip } = statusText({
      numTensors: 1234,
      numBytes: 8192,
      backend: 'wasm',
      recording: { profile: true, captureTape: true, kernels: 56789 },
    });
    assert.equal(text, '$(record) TF.js 56,789 kernels · 1,234 tensors');
    assert.match(
      tooltip,
      /^TF\.js Model Debugger on wasm: recording kernels and gradient tapes, 56,789 kernels so far; the program holds 1,234 tensors \(8 KiB\)\./,
    );
    assert.match(tooltip, /Click to show the profile\.$/);
  });

  it('says when recording is off, and before tfjs loads', () => {
    assert.equal(
      statusText({ numTensors: 3, numBytes: 12, backend: 'cpu', recording: { profile: false, captureTape: false, kernels: 10 } }).text,
      '$(circle-slash) TF.js not recording · 3 tensors',
    );
    assert.equal(statusText(undefined).text, '$(pulse) TF.js');
    assert.match(statusText(undefined).tooltip, /has not loaded tfjs yet/);
  });

  it('names the adapter a webgpu program runs on', () => {
    const { tooltip } = statusText({ numTensors: 3, numBytes: 12, backend: 'webgpu', adapter: 'SwiftShader driver 5.0.0' });
    assert.match(tooltip, /^TF\.js Model Debugger on webgpu \(SwiftShader driver 5\.0\.0\): recording is off;/);
  });
});

describe('attach command line', () => {
  it('preloads the runtime and holds the program on port 9229', () => {
    assert.equal(attachCommandLine('/ext/dist/runtime.js', 'mlp/train.js'), 'node --inspect-brk=9229 -r /ext/dist/runtime.js mlp/train.js');
    assert.equal(attachCommandLine('/home/a b/ext/dist/runtime.js', undefined), 'node --inspect-brk=9229 -r "/home/a b/ext/dist/runtime.js" train.js');
  });
});
