/**
 * The launch.json entry "create a launch.json file" writes for the `tfjs` type: one entry, the
 * active program by its path inside the workspace folder, so that it works in every clone.
 */
import './vscodeStub';
import * as assert from 'node:assert/strict';
import { initialConfiguration } from '../../extension/configurationProvider';

describe('the launch.json entry for a new project', () => {
  it('names the active program by its path in the workspace folder', () => {
    assert.deepEqual(initialConfiguration('/home/ada/project/mlp/train.js', '/home/ada/project'), {
      type: 'tfjs',
      request: 'launch',
      name: 'Debug train.js (TF.js)',
      program: '${workspaceFolder}/mlp/train.js',
    });
  });

  it('leaves a train.js to edit without an active program, or with one outside the folder', () => {
    for (const [file, folder] of [
      [undefined, '/home/ada/project'],
      ['/home/ada/elsewhere/new.js', '/home/ada/project'],
      ['/home/ada/project/new.js', undefined],
    ]) {
      assert.deepEqual(initialConfiguration(file, folder), {
        type: 'tfjs',
        request: 'launch',
        name: 'Debug train.js (TF.js)',
        program: '${workspaceFolder}/train.js',
      });
    }
  });
});
