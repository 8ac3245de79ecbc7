/**
 * Where a key moves the cell cursor: arrows by one cell, Home / End to the row's ends (with
 * Ctrl or Cmd, to the first / last cell), PageUp / PageDown by a page of rows. Pure.
 */
import type { Cell } from './heatmapState';

export interface CursorKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** The cell `key` moves the cursor to in a view of `rows × cols`; undefined when the key does not move it. */
export function cellAfterKey(cell: Cell, event: CursorKey, [rows, cols]: readonly [number, number], pageRows: number): Cell | undefined {
  const far = event.ctrlKey || event.metaKey;
  const to = (row: number, col: number): Cell => ({
    row: Math.min(rows - 1, Math.max(0, row)),
    col: Math.min(cols - 1, Math.max(0, col)),
  });
  switch (event.key) {
    case 'ArrowUp':
      return to(cell.row - 1, cell.col);
    case 'ArrowDown':
      return to(cell.row + 1, cell.col);
    case 'ArrowLeft':
      return to(cell.row, cell.col - 1);
    case 'ArrowRight':
      return to(cell.row, cell.col + 1);
    case 'Home':
      return to(far ? 0 : cell.row, 0);
    case 'End':
      return to(far ? rows - 1 : cell.row, cols - 1);
    case 'PageUp':
      return to(cell.row - Math.max(1, pageRows), cell.col);
    case 'PageDown':
      return to(cell.row + Math.max(1, pageRows), cell.col);
    default:
      return undefined;
  }
}
