/**
 * The heatmap panel, driven as a user drives it, for the scenarios that edit a tensor there:
 * find the panel of an expression, read its header, aim at a cell (the readout confirms it),
 * double-click, type a value, and see the panel show the edited tensor.
 */
import type { PageKit } from './scenario';
import { log, resizeSideBar, waitForText, webviewFrame } from './page';

/** What the scenario asks of the panel. */
export interface HeatmapEdit {
  expression: string;
  /** How the panel's header must start. */
  header: string;
  cell: [number, number];
  value: string;
}

/** What the panel showed on the way. */
export interface HeatmapEditSeen {
  header: string;
  /** The readout over the cell before the edit. */
  before: string;
  /** The panel's status line about the edit, when the page half saw it before the new view replaced it. */
  note?: string;
  headerAfter: string;
  after?: string;
}

/** Edits one cell of the open heatmap panel of `expression`, filling `seen` as it goes. */
export async function editInHeatmap(kit: PageKit, { expression, header, cell, value }: HeatmapEdit, seen: Partial<HeatmapEditSeen>): Promise<void> {
  const { page } = kit;
  const [row, col] = cell;
  kit.step('find the heatmap panel');
  const { frame } = await webviewFrame(
    page,
    async (f) => (await f.locator('#expression').textContent({ timeout: 500 })) === expression,
    `heatmap for "${expression}"`,
  );
  // Room for the panel beside the code (the Variables scenario widened the side bar).
  await resizeSideBar(page, -350);
  const summary = frame.locator('#summary');
  kit.step(`read the panel's header (expecting "${header}")`);
  seen.header = await waitForText(
    'the panel header',
    () => summary.textContent({ timeout: 1000 }),
    (t) => t.startsWith(header),
    30_000,
  );
  log(`heatmap panel header: ${expression} ${seen.header}`);

  // The canvas fits the view (Fit, in case the panel's size changed after the first draw):
  // scale = min(width / cols, height / rows), centred. The readout names the cell under the
  // pointer, which confirms the aim before the double-click.
  kit.step('aim at the cell');
  await frame.locator('#fit').click();
  const canvas = frame.locator('#canvas');
  const box = await canvas.boundingBox();
  if (!box || box.width < 1 || box.height < 1) throw new Error(`the canvas has no size (${JSON.stringify(box)})`);
  const [rows, cols] = seen.header
    .match(/\[(\d+),(\d+)\]/)
    ?.slice(1)
    .map(Number) ?? [64, 1];
  const scale = Math.min(box.width / cols, box.height / rows);
  const position = {
    x: (box.width - cols * scale) / 2 + (col + 0.5) * scale,
    y: (box.height - rows * scale) / 2 + (row + 0.5) * scale,
  };
  await canvas.hover({ position });
  const where = `[${row},${col}]`;
  seen.before = await waitForText(
    'the readout',
    () => frame.locator('#readout').textContent({ timeout: 1000 }),
    (t) => t.startsWith(`${where} = `),
    5000,
  );
  log(`readout under the pointer: ${seen.before}`);

  kit.step(`edit ${where} to ${value}`);
  await canvas.dblclick({ position });
  const editor = frame.locator('#editor');
  await editor.waitFor({ state: 'visible', timeout: 5000 });
  await editor.fill(String(value));
  await editor.press('Enter');
  // The host answers with a status line ("Set output[0,0]: ..." or "Could not set ...") and
  // then reads the tensor again; the new view's header replaces that line's text, so wait for
  // the header to change and fail on a "Could not set" seen on the way.
  const note = frame.locator('#note');
  kit.step('see the edit in the panel');
  let refused: string | undefined;
  seen.headerAfter = await waitForText(
    'the panel header after the edit',
    async () => {
      const status = (await note.textContent({ timeout: 1000 })) ?? '';
      if (status.startsWith('Could not set')) refused = status;
      else if (status) seen.note = status;
      return summary.textContent({ timeout: 1000 });
    },
    (t) => refused !== undefined || t !== seen.header,
    30_000,
  );
  if (refused) throw new Error(`the panel refused the edit: ${refused}`);
  log(`heatmap panel header after the edit: ${seen.headerAfter}${seen.note ? ` (${seen.note})` : ''}`);
  await canvas.hover({ position });
  seen.after = (await frame.locator('#readout').textContent({ timeout: 5000 })) ?? undefined;
}
