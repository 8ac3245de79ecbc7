/**
 * Scenario: a `tfjs` session on the example stops at a breakpoint in `model()`, the adapter
 * presents the `output` tensor, and the page's Variables view shows that row.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { expandScopesUntil, firstLine, log, resizeSideBar, revealVariablesView, variableRow } from '../support/page';
import { PROGRAM, programLine, SESSION_TEST_TIMEOUT_MS, type Scenario } from '../support/scenario';

interface VariablesRequest {
  /** The variable's name and how its value must start, as the adapter presented it. */
  name: string;
  valuePrefix: string;
}

interface VariablesSeen {
  /** The row's text in the Variables view. */
  row: string;
}

export const variables: Scenario<VariablesRequest, VariablesSeen> = {
  name: 'variables',
  title: 'stops at a breakpoint in model() and shows the output tensor in Variables',
  timeoutMs: SESSION_TEST_TIMEOUT_MS,

  async host(kit) {
    const line = programLine('MODEL_RETURN_LINE');
    await kit.pausedAt({ name: 'spine', line }, async ({ session, threadId }) => {
      const { stackFrames } = await session.customRequest('stackTrace', { threadId });
      assert.ok(Array.isArray(stackFrames) && stackFrames.length > 0, 'stackTrace returned no frames');
      const top = stackFrames[0];
      assert.equal(path.basename(top.source?.path ?? top.source?.name ?? ''), path.basename(PROGRAM), `top frame: ${JSON.stringify(top)}`);
      assert.equal(top.line, line, `top frame: ${JSON.stringify(top)}`);

      const { scopes } = await session.customRequest('scopes', { frameId: top.id });
      assert.ok(Array.isArray(scopes) && scopes.length > 0, 'scopes returned nothing');
      const seen: string[] = [];
      let outputVar: { name: string; value: string } | undefined;
      for (const scope of scopes) {
        if (!scope.variablesReference) continue;
        const { variables } = await session.customRequest('variables', { variablesReference: scope.variablesReference });
        for (const v of variables ?? []) seen.push(`${scope.name}: ${v.name} = ${v.value}`);
        outputVar ??= (variables ?? []).find((v: { name: string }) => v.name === 'output');
        if (outputVar) break;
      }
      assert.ok(outputVar, `no variable named "output"; saw:\n${seen.join('\n')}`);
      assert.ok(outputVar.value.startsWith('float32[64,1] min='), `output's value should start with "float32[64,1] min=", got "${outputVar.value}"`);

      await kit.askPage({ name: 'output', valuePrefix: 'float32[64,1] min=' });
    });
  },

  async page({ page }, { name, valuePrefix }, seen) {
    log('debug session stopped; checking the Variables view in the page');
    try {
      await revealVariablesView(page);
      const row = variableRow(page, name, valuePrefix);
      await expandScopesUntil(page, row);
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      seen.row = (await row.innerText()).replace(/\s+/g, ' ').trim();
      log(`Variables view shows: ${seen.row}`);
      // Wide enough that the values are not cut in the screenshot.
      await resizeSideBar(page, 400);
    } catch (err) {
      const shown = await page
        .locator('.debug-variables .monaco-list-row')
        .allInnerTexts()
        .catch(() => []);
      throw new Error(
        `no "${name}" row with "${valuePrefix}" in the Variables view (${firstLine(err)}); rows shown: ${JSON.stringify(shown.map((t) => t.replace(/\s+/g, ' ')))}`,
      );
    }
  },
};
