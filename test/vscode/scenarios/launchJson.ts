/**
 * Scenario: a project without launch.json, train.js open. The Run and Debug view offers the
 * extension's "Debug TF.js Program" button; "create a launch.json file", with the TF.js Model
 * Debugger picked, writes one entry that names the active program by its
 * `${workspaceFolder}`-relative path, under a name no other entry has. The project's own
 * launch.json is put back afterwards, whatever happens.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { log, runCommand, sleep } from '../support/page';
import type * as vscodeApi from 'vscode';
import { PROGRAM, type Scenario } from '../support/scenario';

const DEBUGGER_LABEL = 'TF.js Model Debugger';

interface LaunchJsonSeen {
  /** The welcome buttons and links of the Run and Debug view. */
  welcome: string[];
  /** The tab of the editor "create a launch.json file" opened, as it reads. */
  opened: string;
}

/** launch.json's configurations: the file is JSON with comments (VS Code writes a comment header). */
function configurationsOf(text: string): { type: string; request: string; name: string; program?: string }[] {
  const json = text.replace(/^\s*\/\/.*$/gm, '').replace(/,(\s*[\]}])/g, '$1');
  return (JSON.parse(json) as { configurations: { type: string; request: string; name: string; program?: string }[] }).configurations;
}

/**
 * Puts the project's launch.json back, and waits until VS Code's launch configurations are its
 * again (later scenarios start them by name); written again if a late save of the generated
 * file came after.
 */
async function restore(vscode: typeof vscodeApi, file: vscodeApi.Uri, original: Uint8Array): Promise<void> {
  const text = Buffer.from(original).toString('utf8');
  const names = configurationsOf(text).map((c) => c.name);
  const until = Date.now() + 20_000;
  for (;;) {
    const now = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    if (now !== text) await vscode.workspace.fs.writeFile(file, original);
    const known = (vscode.workspace.getConfiguration('launch').get<{ name: string }[]>('configurations') ?? []).map((c) => c.name);
    if (now === text && names.every((name) => known.includes(name))) return;
    if (Date.now() > until) throw new Error(`launch.json not restored: VS Code knows ${JSON.stringify(known)}`);
    await sleep(250);
  }
}

export const launchJson: Scenario<Record<string, never>, LaunchJsonSeen> = {
  name: 'launchJson',
  title: 'creates a launch.json of one tfjs entry for the active program, by its ${workspaceFolder} path',
  timeoutMs: 120_000,

  async host(kit) {
    const { vscode } = kit;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
    const original = await vscode.workspace.fs.readFile(file);
    await vscode.window.showTextDocument(vscode.Uri.file(PROGRAM));
    await vscode.workspace.fs.delete(file);
    let written: string;
    let seen: LaunchJsonSeen;
    try {
      seen = await kit.askPage({});
      // VS Code writes the new file through an editor: saved, it is what the user gets.
      await vscode.workspace.textDocuments.find((document) => document.uri.fsPath === file.fsPath)?.save();
      written = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    } finally {
      // Only launch.json's tab: the panels the scenarios before left open stay for the reload check.
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      const opened = tabs.filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath === file.fsPath);
      await vscode.window.tabGroups.close(opened);
      await restore(vscode, file, original);
    }
    assert.ok(
      seen.welcome.some((text) => text === 'Debug TF.js Program'),
      `the Run and Debug view's welcome offers no "Debug TF.js Program": ${JSON.stringify(seen.welcome)}`,
    );
    assert.match(seen.opened, /^launch\.json\b/);
    const configurations = configurationsOf(written);
    const relative = path.relative(folder.uri.fsPath, PROGRAM).split(path.sep).join('/');
    assert.deepEqual(
      configurations,
      [{ type: 'tfjs', request: 'launch', name: 'Debug train.js (TF.js)', program: `\${workspaceFolder}/${relative}` }],
      `launch.json written:\n${written}`,
    );
    assert.equal(new Set(configurations.map((c) => c.name)).size, configurations.length, 'names repeat');
    kit.report(`launch.json: ${JSON.stringify(configurations)}`);
  },

  async page(kit, _request, seen) {
    const { page } = kit;
    kit.step('show the Run and Debug view');
    await runCommand(page, 'View: Show Run and Debug');
    const view = page.locator('.welcome-view-content').first();
    await view.waitFor({ state: 'visible', timeout: 20_000 });
    kit.step('see the TF.js welcome button');
    await page
      .locator('.welcome-view-content a, .welcome-view-content .monaco-button', { hasText: 'Debug TF.js Program' })
      .first()
      .waitFor({ timeout: 20_000 });
    seen.welcome = (await page.locator('.welcome-view-content a, .welcome-view-content .monaco-button').allInnerTexts()).map((text) => text.trim());
    log(`Run and Debug welcome: ${JSON.stringify(seen.welcome)}`);
    await kit.screenshot('welcome');
    kit.step('click "create a launch.json file"');
    await page.locator('.welcome-view-content a', { hasText: 'create a launch.json file' }).first().click();
    kit.step(`pick "${DEBUGGER_LABEL}"`);
    const item = page.locator('.quick-input-widget .monaco-list-row', { hasText: DEBUGGER_LABEL }).first();
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    await item.click();
    kit.step('see launch.json open');
    const tab = page.locator('.tabs-container .tab.active', { hasText: 'launch.json' });
    await tab.waitFor({ state: 'visible', timeout: 20_000 });
    seen.opened = (await tab.innerText()).replace(/\s+/g, '');
    // Written before it is shown; a moment for the screenshot.
    await sleep(500);
  },
};
