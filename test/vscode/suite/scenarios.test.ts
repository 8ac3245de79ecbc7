// The extension-host halves of the real-VS-Code scenarios (test/vscode/scenarios/), one mocha
// test each, in the list's order. Under run.mjs each page half answers its handshake; under
// electron.mjs there is none, and a scenario that needs one is skipped once its extension-host
// checks have run.
import { scenarios } from '../scenarios';
import { hostKit } from '../support/host';

describe('TF.js Model Debugger in VS Code', () => {
  for (const scenario of scenarios) {
    it(scenario.title, async function () {
      this.timeout(scenario.timeoutMs);
      await scenario.host(hostKit(scenario.name, this));
    });
  }
});
