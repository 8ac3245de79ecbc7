// The same extension-host suite as run.mjs, run the usual way: @vscode/test-electron downloads
// a desktop VS Code (needs internet access to update.code.visualstudio.com) and starts it with
// the extension in development mode. Use run.mjs on machines without that access.
//
// The scenarios' page halves are run.mjs's alone: TFJS_VSCODE_TEST_DIR is not set here, so a
// scenario that needs its page half is marked skipped (pending) once its extension-host checks
// have run. Prerequisites: npm run build && npx tsc -p .
//
// Environment: VSCODE_TEST_VERSION (default "stable"; e.g. "1.90.0" for the oldest supported).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'tfjs-vscode-electron-'));

try {
  await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(REPO, 'out', 'test', 'vscode', 'suite', 'index.js'),
    launchArgs: [
      join(REPO, 'examples'),
      // Only this extension: no user-installed ones interfering with the `tfjs` debugger.
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      // A fresh profile per run, as run.mjs does.
      `--user-data-dir=${join(scratch, 'user-data')}`,
    ],
    // Without this the test would inherit a TFJS_VSCODE_TEST_DIR from the caller's shell and
    // wait for a page half that nobody runs here.
    extensionTestsEnv: { TFJS_VSCODE_TEST_DIR: undefined },
  });
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
