/**
 * The layer rule of eslint.config.mjs: `npm run lint` fails on a wrong-way import, naming the
 * layer and what it may import, and passes the imports the layer table allows.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The messages of the layer rule for `code` as if it were the file `file`. */
async function layerMessages(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('layer rule', function () {
  this.timeout(30_000);

  it('refuses an import from the adapter into the runtime, naming what the runtime may import', async () => {
    assert.deepEqual(
      await layerMessages(
        'runtime/recorder/probe.ts',
        "import type { SkipFiles } from '../../debug-adapter/services/skipFiles';\nexport type T = SkipFiles;\n",
      ),
      [
        "'../../debug-adapter/services/skipFiles' import is restricted from being used by a pattern. runtime/ may import only runtime/, common/, protocol/ (the layer table in eslint.config.mjs): move what both need to common/.",
      ],
    );
  });

  it('refuses the runtime, webviews and vscode in the adapter and the extension, and the extension in a webview', async () => {
    assert.equal((await layerMessages('debug-adapter/cdp/probe.ts', "import { x } from '../../runtime/agent';\nexport { x };\n")).length, 1);
    assert.equal((await layerMessages('extension/probe.ts', "import { x } from '../webviews/tape/layout';\nexport { x };\n")).length, 1);
    assert.equal((await layerMessages('debug-adapter/probe.ts', "import * as vscode from 'vscode';\nexport { vscode };\n")).length, 1);
    assert.equal((await layerMessages('webviews/tape/probe.ts', "import { x } from '../../extension/extension';\nexport { x };\n")).length, 1);
  });

  it('keeps webviews and common/ free of Node', async () => {
    assert.equal((await layerMessages('webviews/heatmap/probe.ts', "import * as fs from 'node:fs';\nexport { fs };\n")).length, 1);
    assert.deepEqual(await layerMessages('common/probe.ts', "import { encodeFrame } from './node/socketFrames';\nexport { encodeFrame };\n"), [
      "'./node/socketFrames' import is restricted from being used by a pattern. common/ runs in a browser too: common/node/ is for Node only.",
    ]);
    assert.deepEqual(await layerMessages('common/node/probe.ts', "import { formatNumber } from '../numberFormat';\nexport { formatNumber };\n"), []);
    assert.equal(
      (await layerMessages('webviews/heatmap/probe.ts', "import { encodeFrame } from '../../common/node/socketFrames';\nexport { encodeFrame };\n")).length,
      1,
    );
  });

  it('keeps the debugger and its services blind to how the program started, and still in their layer', async () => {
    assert.deepEqual(
      await layerMessages(
        'debug-adapter/services/probe.ts',
        "import { NodeLaunchTarget } from '../targets/node/nodeLaunchTarget';\nexport { NodeLaunchTarget };\n",
      ),
      [
        "'../targets/node/nodeLaunchTarget' import is restricted from being used by a pattern. the debugger and its services see only targets/debugTarget.ts: how the program started stays in targets/.",
      ],
    );
    assert.equal(
      (
        await layerMessages(
          'debug-adapter/programDebugger.ts',
          "import { NodeAttachTarget } from './targets/node/nodeAttachTarget';\nexport { NodeAttachTarget };\n",
        )
      ).length,
      1,
    );
    assert.deepEqual(
      await layerMessages('debug-adapter/programDebugger.ts', "import type { DebugTarget } from './targets/debugTarget';\nexport type T = DebugTarget;\n"),
      [],
    );
    assert.equal((await layerMessages('debug-adapter/services/probe.ts', "import { x } from '../../runtime/agent';\nexport { x };\n")).length, 1);
    assert.deepEqual(
      await layerMessages('debug-adapter/session.ts', "import { NodeLaunchTarget } from './targets/node/nodeLaunchTarget';\nexport { NodeLaunchTarget };\n"),
      [],
    );
  });

  it('lets the adapter import runtime/adapterCode.ts alone of the runtime, and that file only protocol/', async () => {
    assert.deepEqual(
      await layerMessages(
        'debug-adapter/services/probe.ts',
        "import { breakpointCondition } from '../../runtime/adapterCode';\nexport { breakpointCondition };\n",
      ),
      [],
    );
    assert.deepEqual(await layerMessages('debug-adapter/cdp/probe.ts', "import { x } from '../../runtime/adapterCodeHelpers';\nexport { x };\n"), [
      "'../../runtime/adapterCodeHelpers' import is restricted from being used by a pattern. debug-adapter/ may import only debug-adapter/, common/, protocol/, runtime/adapterCode.ts (the layer table in eslint.config.mjs): move what both need to common/.",
    ]);
    assert.deepEqual(await layerMessages('runtime/adapterCode.ts', "import { summarize } from './tensorReader';\nexport { summarize };\n"), [
      "'./tensorReader' import is restricted from being used by a pattern. runtime/adapterCode.ts is imported by the adapter and the extension: it may import only protocol/.",
    ]);
  });

  it("lets the extension import runtime/adapterCode.ts (js-debug's description generator) alone of the runtime", async () => {
    assert.deepEqual(
      await layerMessages(
        'extension/probe.ts',
        "import { tensorDescriptionGenerator } from '../runtime/adapterCode';\nexport { tensorDescriptionGenerator };\n",
      ),
      [],
    );
    assert.deepEqual(
      await layerMessages('extension/panels/probe.ts', "import { descriptionOf } from '../../runtime/tensorDescription';\nexport { descriptionOf };\n"),
      [
        "'../../runtime/tensorDescription' import is restricted from being used by a pattern. extension/ may import only extension/, common/, protocol/, runtime/adapterCode.ts (the layer table in eslint.config.mjs): move what both need to common/.",
      ],
    );
  });

  it('allows common/ and protocol/ everywhere', async () => {
    for (const file of ['runtime/probe.ts', 'debug-adapter/services/probe.ts', 'extension/panels/probe.ts', 'webviews/tape/probe.ts']) {
      const up = '../'.repeat(file.split('/').length - 1);
      assert.deepEqual(
        await layerMessages(
          file,
          `import { frameName } from '${up}common/frameNames';\nimport type { FlameNode } from '${up}protocol/runtimeApi';\nexport { frameName };\nexport type F = FlameNode;\n`,
        ),
        [],
        file,
      );
    }
  });
});
