/**
 * Scenario: paused after one training step, the profile panel (tfjs.showProfile) names the
 * MatMul kernels in its by-op table; the user hovers a source line of `model()` on the flame
 * graph (the tooltip names it), clicks it and "Go to source", and the editor shows that line.
 */
import * as assert from 'node:assert/strict';
import type { FlameNode, ProfileBody } from '../../../protocol/runtimeApi';
import { log, waitForText, webviewFrame } from '../support/page';
import { type PageKit, PROGRAM, programLine, SESSION_TEST_TIMEOUT_MS, type Scenario } from '../support/scenario';

export interface ProfileRequest {
  /** What the by-op table must name. */
  content: string;
  /** The frame to aim at: its name, row on the flame graph (the root's is 0), and the middle of its span as a fraction of the width. */
  frame: string;
  fraction: number;
  row: number;
  rowHeight: number;
}

export interface ProfileSeen {
  table: string;
  tooltip: string[];
  selected: string;
  drawn: string;
}

/**
 * The first frame under `root` that `predicate` holds for, with where it lies on the flame
 * graph: its row (the root's is 0) and the middle of its span, as a fraction of the width.
 */
export function locateFrame(root: FlameNode, predicate: (frame: FlameNode) => boolean): { frame: FlameNode; row: number; fraction: number } | undefined {
  const visit = (frame: FlameNode, row: number, start: number): { frame: FlameNode; row: number; fraction: number } | undefined => {
    if (predicate(frame)) return { frame, row, fraction: (start + frame.valueMs / 2) / root.valueMs };
    let childStart = start;
    for (const child of frame.children) {
      const found = visit(child, row + 1, childStart);
      if (found) return found;
      childStart += child.valueMs;
    }
    return undefined;
  };
  return visit(root, 0, 0);
}

/** Every frame name of a flame tree, one per line, indented by depth. */
function frameNames(frame: FlameNode, depth = 0): string {
  return [`${' '.repeat(depth)}${frame.name}`, ...frame.children.filter((child) => child.kind !== 'op').map((child) => frameNames(child, depth + 1))].join(
    '\n',
  );
}

/**
 * The page half: in the profile panel, sees `content` in the by-op table, hovers the frame
 * at its place (its tooltip), clicks it and "Go to source".
 */
export async function hoverAndGoToSource(
  kit: PageKit,
  { content, frame: frameName, fraction, row, rowHeight }: ProfileRequest,
  seen: Partial<ProfileSeen>,
): Promise<void> {
  kit.step('find the profile panel');
  const { frame } = await webviewFrame(kit.page, async (f) => (await f.locator('#by-op').count()) > 0, 'profile');
  kit.step(`see "${content}" in the by-op table`);
  seen.table = await waitForText(
    'the by-op table',
    () => frame.locator('#by-op').innerText({ timeout: 1000 }),
    (t) => t.includes(content),
    30_000,
  );
  log(`profile panel's by-op table: ${seen.table.replace(/\s+/g, ' ').slice(0, 200)}`);
  kit.step(`hover "${frameName}" at ${fraction} of the flame graph's width`);
  const canvas = frame.locator('#flame');
  const box = await canvas.boundingBox();
  if (!box || box.width < 1) throw new Error(`the canvas has no size (${JSON.stringify(box)})`);
  const position = { x: fraction * box.width, y: rowHeight * (row + 0.5) };
  await canvas.hover({ position });
  const tooltip = frame.locator('#tooltip');
  await tooltip.waitFor({ state: 'visible', timeout: 5000 });
  seen.tooltip = await tooltip.locator('div').allInnerTexts();
  log(`tooltip: ${seen.tooltip.join(' | ')}`);
  if (seen.tooltip[0] !== frameName) throw new Error(`the tooltip names "${seen.tooltip[0]}"`);
  seen.drawn = (await frame.locator('#drawn').textContent()) ?? '';
  // With the tooltip showing.
  await kit.screenshot();
  kit.step('zoom to the frame and click "Go to source"');
  await canvas.click({ position });
  seen.selected = await waitForText(
    'the selected frame',
    () => frame.locator('#selected').textContent({ timeout: 1000 }),
    (t) => t.startsWith(frameName),
    5000,
  );
  await frame.locator('#goto').click();
}

export const profile: Scenario<ProfileRequest, ProfileSeen> = {
  name: 'profile',
  title: 'shows the profile of a training step, and goes from a frame to its source line',
  timeoutMs: SESSION_TEST_TIMEOUT_MS,

  async host(kit) {
    await kit.pausedAt({ name: 'profile', line: programLine('AFTER_STEP_LINE'), env: { MLP_STEPS: '1' } }, async ({ session }) => {
      // What the panel will show: nothing runs while paused, so its read answers the same.
      const body = (await session.customRequest('tfjs/profile', {})) as ProfileBody;
      assert.ok(
        body.byOp.some((op) => /MatMul/.test(op.op)),
        `byOp: ${JSON.stringify(body.byOp)}`,
      );
      // model() is called by the loss arrow that optimizer.minimize calls from main().
      const located = locateFrame(body.root, (frame) => frame.source?.path === PROGRAM && frame.name.startsWith('model '));
      assert.ok(located, `no line of model() in\n${frameNames(body.root)}`);
      const target = located.frame;
      const line = target.source?.line ?? 0;
      assert.ok([programLine('HIDDEN_LINE'), programLine('OUTPUT_LINE')].includes(line), `${target.name} at line ${line}`);
      assert.ok(target.valueMs / body.root.valueMs > 0.01, `${target.name}: ${target.valueMs} of ${body.root.valueMs} ms is too narrow to aim at`);

      await kit.vscode.commands.executeCommand('tfjs.showProfile');
      const seen = await kit.askPage({ content: 'MatMul', frame: target.name, fraction: located.fraction, row: located.row, rowHeight: 22 });
      assert.match(seen.table, /MatMul/);
      assert.equal(seen.tooltip[0], target.name);
      assert.match(seen.tooltip[1], /^total \S+ ms \(\d+\.\d% of total\)$/);
      kit.report(`profile panel: ${seen.tooltip.join(' | ')}; ${seen.drawn}`);
      // "Go to source" opens train.js at the frame's line (the stop showed AFTER_STEP_LINE).
      await kit.waitForEditorAt(PROGRAM, line, 15_000);
    });
  },

  page: hoverAndGoToSource,
};
