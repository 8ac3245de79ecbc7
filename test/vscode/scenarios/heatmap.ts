/**
 * Scenario: stopped in `model()` after one training step's forward pass, the user opens
 * `output` from the Variables view's context menu as a heatmap, double-clicks cell [0,0] on
 * its canvas and types a new value; the program then prints the loss of the edited
 * prediction, not the loss of an undebugged run.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { DebugSession } from 'vscode';
import type { Page } from 'playwright-core';
import { expandScopesUntil, log, revealVariablesView, variableRow } from '../support/page';
import { editInHeatmap, type HeatmapEdit, type HeatmapEditSeen } from '../support/heatmapEdit';
import { PROGRAM, programLine, SESSION_TEST_TIMEOUT_MS, type Scenario } from '../support/scenario';

const MENU_ITEM = 'Show as Heatmap';

/** The `step N loss X` lines a run of the example printed, by step. */
function lossesIn(text: string): Map<number, number> {
  const losses = new Map<number, number>();
  for (const match of text.matchAll(/^step (\d+) loss (\S+)$/gm)) losses.set(Number(match[1]), Number(match[2]));
  return losses;
}

/** Runs the example without the debugger (same `node` and environment as the session's launch). */
function undebuggedOutput(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('node', [PROGRAM], { cwd: path.dirname(PROGRAM), env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`node ${PROGRAM} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/** A number the adapter's `evaluate` answered (the debuggee's value of `expression`). */
async function evaluateNumber(session: DebugSession, frameId: number, expression: string): Promise<number> {
  const { result } = await session.customRequest('evaluate', { expression, frameId, context: 'repl' });
  const value = Number(result);
  assert.ok(Number.isFinite(value), `evaluate ${expression}: expected a number, got ${JSON.stringify(result)}`);
  return value;
}

/** Opens the context menu of the Variables row `variable` and runs its heatmap item. */
async function openFromContextMenu(page: Page, variable: ReturnType<typeof variableRow>): Promise<void> {
  // VS Code's context menus live in a shadow root, which playwright's locators pierce.
  const item = page.getByRole('menuitem', { name: MENU_ITEM });
  for (let attempt = 1; ; attempt++) {
    await variable.click({ button: 'right' });
    try {
      await item.first().waitFor({ state: 'visible', timeout: 5000 });
      break;
    } catch (err) {
      const items = await page
        .getByRole('menuitem')
        .allInnerTexts()
        .catch(() => []);
      if (attempt >= 3) throw new Error(`no "${MENU_ITEM}" item; the menu shows ${JSON.stringify(items)}`, { cause: err });
      log(`context menu without "${MENU_ITEM}" (${JSON.stringify(items)}); trying again`);
      await page.keyboard.press('Escape');
    }
  }
  // A click on the item now and then leaves the menu open without running the command (seen
  // about once in ten runs); the item is focused by then, so Enter runs it.
  await item.first().hover();
  await item.first().click();
  try {
    await item.first().waitFor({ state: 'hidden', timeout: 2000 });
  } catch {
    log(`the menu stayed open after the click on "${MENU_ITEM}"; pressing Enter on it`);
    await item.first().focus();
    await page.keyboard.press('Enter');
    await item.first().waitFor({ state: 'hidden', timeout: 5000 });
  }
}

export const heatmap: Scenario<HeatmapEdit, HeatmapEditSeen> = {
  name: 'heatmap',
  title: 'opens `output` as a heatmap from Variables, and a cell edited there changes what the program prints',
  timeoutMs: 60_000 + SESSION_TEST_TIMEOUT_MS,

  async host(kit) {
    // One training step: model() runs once, so the session stops once and the printed loss is
    // that of the edited prediction.
    const env = { MLP_STEPS: '1' };
    const EDITED = 1000; // output[0, 0]: far from any target, so the loss jumps
    const undebugged = await undebuggedOutput(env);
    const baseline = lossesIn(undebugged).get(0);
    assert.ok(baseline !== undefined && Number.isFinite(baseline), `no "step 0 loss" in the undebugged run's output:\n${undebugged}`);

    const line = programLine('MODEL_RETURN_LINE');
    let original = NaN;
    let target = NaN;
    let how = '';
    const { output, describeOutput } = await kit.pausedAt({ name: 'heatmap', line, env }, async ({ session, threadId }) => {
      const { stackFrames } = await session.customRequest('stackTrace', { threadId });
      const top = stackFrames?.[0];
      assert.equal(top?.line, line, `top frame: ${JSON.stringify(top)}`);

      // What the edit should do to the loss: mean((prediction - y)²) over the 64 samples, with
      // one prediction replaced.
      original = await evaluateNumber(session, top.id, 'output.dataSync()[0]');
      target = await evaluateNumber(session, top.id, 'y.dataSync()[0]');

      if (kit.hasPage) {
        const seen = await kit.askPage({ expression: 'output', header: 'float32[64,1] min=', cell: [0, 0], value: String(EDITED) });
        assert.ok(seen.header.startsWith('float32[64,1] min='), `panel header: ${seen.header}`);
        assert.match(seen.headerAfter, /^float32\[64,1\] min=\S+ max=1000 /, `panel header after the edit: ${seen.headerAfter}`);
        how = `through the panel (${seen.before}; header "${seen.header}" → "${seen.headerAfter}")`;
      } else {
        // No page to drive (electron.mjs): the same command the menu runs, with the argument
        // VS Code passes it, and the edit the panel would send.
        await kit.vscode.commands.executeCommand('tfjs.showHeatmap', {
          container: { name: 'Local', variablesReference: 1, expensive: false },
          variable: { name: 'output', evaluateName: 'output', value: '', variablesReference: 0 },
        });
        await session.customRequest('tfjs/setTensor', { expression: 'output', frameId: top.id, index: [0, 0], value: EDITED });
        how = 'with tfjs/setTensor (TFJS_VSCODE_TEST_DIR not set: no page to drive)';
      }
      assert.equal(await evaluateNumber(session, top.id, 'output.dataSync()[0]'), EDITED, `output[0,0] after the edit ${how}`);
    });

    const printed = lossesIn(output).get(0);
    assert.ok(printed !== undefined, `no "step 0 loss" in the session's output${describeOutput()}`);
    const expected = baseline + ((EDITED - target) ** 2 - (original - target) ** 2) / 64;
    kit.report(`step 0 loss: undebugged ${baseline}; with output[0,0] ${original} → ${EDITED}: ${printed} (expected ≈ ${expected.toFixed(3)})`);
    assert.notEqual(printed, baseline, `the edit ${how} did not change the printed loss${describeOutput()}`);
    assert.ok(printed > baseline, `step 0 loss ${printed} should exceed the undebugged ${baseline}`);
    assert.ok(
      Math.abs(printed - expected) <= 1e-3 * expected,
      `step 0 loss ${printed}, expected ≈ ${expected} (undebugged ${baseline}, output[0,0] ${original} → ${EDITED}, y[0] ${target})`,
    );
  },

  async page(kit, { expression, header, cell, value }, seen) {
    const { page } = kit;
    log(`debug session stopped for the heatmap; opening "${expression}" from the Variables view's context menu`);
    kit.step('reveal the Variables view');
    await revealVariablesView(page);
    kit.step(`find the "${expression}" row in Variables`);
    const variable = variableRow(page, expression, header);
    await expandScopesUntil(page, variable);
    await variable.waitFor({ state: 'visible', timeout: 30_000 });

    kit.step(`open the context menu of "${expression}" and pick "${MENU_ITEM}"`);
    await openFromContextMenu(page, variable);

    await editInHeatmap(kit, { expression, header, cell, value }, seen);
  },
};
