/**
 * In-place editing of one element: a double-clicked cell opens a text field over it with the
 * value; Enter asks the host to set the element, Escape or leaving the field cancels. A
 * block-reduced view has no single element per cell, and a tape's tensor is a snapshot, so
 * neither is editable.
 */
import { fullIndex, parseCellValue, parseSlice } from '../../common/tensorSlices';
import { canvas, editor, note } from './heatmapPage';
import { channel, page, type Cell } from './heatmapState';
import { floats, formatNumberExact, isReduced } from './shownValues';

export function startEdit(cell: Cell): void {
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
  const parts = parseSlice(current.slice);
  const index = fullIndex(parts, current.viewShape, cell.row, cell.col);
  page.editing = { index };
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
  const { index } = page.editing;
  page.editing = undefined;
  const text = editor.value;
  editor.hidden = true;
  canvas.focus();
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
