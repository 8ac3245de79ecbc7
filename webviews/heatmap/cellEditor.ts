/**
 * In-place editing of one element: a double-clicked cell (or the cursor's, on Enter or F2)
 * opens a text field over it with the value; Enter asks the host to set the element, Escape
 * or leaving the field cancels, and focus goes back to where the edit began. A
 * block-reduced view has no single element per cell, and a tape's tensor is a snapshot, so
 * neither is editable.
 */
import { fullIndex, parseCellValue, parseSlice } from '../../common/tensorSlices';
import { canvas, editor, note } from './heatmapPage';
import { channel, page, type Cell } from './heatmapState';
import { floats, formatNumberExact, isReduced } from './shownValues';

/** Edits `cell`'s element; `returnTo`: what has the focus after (the canvas or the values grid). */
export function startEdit(cell: Cell, returnTo: HTMLElement = canvas): void {
  const { current, transform } = page;
  if (!current || !transform) return;
  if (current.readOnly !== undefined) {
    note.textContent = current.readOnly;
    return;
  }
  if (isReduced(current)) {
    note.textContent = `Editing is off: this view is block-reduced (${current.blocks[0]}×${current.blocks[1]} elements per cell).`;
    return;
  }
  const index = fullIndex(parseSlice(current.slice, current.shape).parts, cell.row, cell.col);
  page.editing = { index, returnTo };
  const value = floats(current)[cell.row * current.viewShape[1] + cell.col];
  editor.hidden = false;
  editor.value = formatNumberExact(value);
  const width = Math.max(80, transform.scale);
  editor.style.left = `${transform.x + cell.col * transform.scale}px`;
  editor.style.top = `${transform.y + cell.row * transform.scale}px`;
  editor.style.width = `${width}px`;
  editor.setAttribute('aria-label', `Value of [${index.join(',')}]`);
  editor.focus();
  editor.select();
}

function finishEdit(commit: boolean): void {
  if (!page.editing) return;
  const { index, returnTo } = page.editing;
  page.editing = undefined;
  const text = editor.value;
  editor.hidden = true;
  returnTo.focus();
  if (!commit) return;
  const value = parseCellValue(text);
  if (value === undefined) {
    note.textContent = `Not a number: ${text}`;
    return;
  }
  channel.post({ type: 'edit', index, value });
}

/** Closes the field without setting anything (the view it was over is gone). */
export function cancelEdit(): void {
  finishEdit(false);
}

editor.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') finishEdit(true);
  else if (event.key === 'Escape') finishEdit(false);
});
editor.addEventListener('blur', () => finishEdit(false));
