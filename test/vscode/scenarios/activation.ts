/** Scenario: the extension is installed in the workbench and activates. Extension host only. */
import * as assert from 'node:assert/strict';
import type { Scenario } from '../support/scenario';

const EXTENSION_ID = 'tfjs-model-debugger.tfjs-model-debugger';

export const activation: Scenario = {
  name: 'activation',
  title: 'is installed and activates',
  timeoutMs: 120_000,
  async host({ vscode }) {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} not found`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  },
};
