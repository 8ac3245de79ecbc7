// Draws the extension's Marketplace icon, images/icon.png (128×128): a heatmap grid in the
// heatmap panel's own viridis, one cell in its +Inf magenta, and a breakpoint dot, on a dark
// rounded square. Run with `npx tsx scripts/icon.mjs` (tsx loads the encoder and the colour
// map from their TypeScript sources); the PNG is committed, so packaging never runs this.
import { writeFileSync } from 'node:fs';
import { COLORMAPS, POS_INF_COLOR, tableColor } from '../common/colormap.ts';
import { encodePng } from '../extension/png.ts';

const SIZE = 128;
// Samples per pixel along each axis: edges are antialiased by coverage.
const SAMPLES = 4;
const BACKGROUND = [31, 36, 48];
const BREAKPOINT = [229, 20, 0];
const GRID = { origin: 18, cells: 6, pitch: 15.5, gap: 2.5, radius: 2 };
const DOT = { x: 101, y: 101, radius: 15, ring: 4 };
const INF_CELL = { row: 1, col: 4 };

/** Whether (x, y) lies in the rectangle [x0, x1) × [y0, y1) with corners rounded by r. */
function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A smooth bump with a slope under it, so the grid reads as data rather than a gradient. */
function cellValue(row, col) {
  const t = (row + col) / (2 * (GRID.cells - 1));
  const bump = Math.exp(-((row - 3.5) ** 2 + (col - 2) ** 2) / 4);
  return Math.min(1, 0.15 + 0.45 * t + 0.5 * bump);
}

function cellColor(row, col) {
  if (row === INF_CELL.row && col === INF_CELL.col) return POS_INF_COLOR;
  return tableColor(COLORMAPS.viridis, Math.round(cellValue(row, col) * 255));
}

/** The colour at a point, or undefined outside the icon. */
function colorAt(x, y) {
  const d = Math.hypot(x - DOT.x, y - DOT.y);
  if (d <= DOT.radius) return BREAKPOINT;
  if (d <= DOT.radius + DOT.ring) return BACKGROUND;
  const { origin, cells, pitch, gap, radius } = GRID;
  const col = Math.floor((x - origin) / pitch);
  const row = Math.floor((y - origin) / pitch);
  if (row >= 0 && row < cells && col >= 0 && col < cells) {
    const x0 = origin + col * pitch;
    const y0 = origin + row * pitch;
    if (inRoundedRect(x, y, x0, y0, x0 + pitch - gap, y0 + pitch - gap, radius)) return cellColor(row, col);
  }
  return inRoundedRect(x, y, 0, 0, SIZE, SIZE, 22) ? BACKGROUND : undefined;
}

const rgba = new Uint8Array(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0];
    let covered = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const color = colorAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
        if (!color) continue;
        covered++;
        for (let k = 0; k < 3; k++) sum[k] += color[k];
      }
    }
    const at = (py * SIZE + px) * 4;
    if (covered === 0) continue;
    for (let k = 0; k < 3; k++) rgba[at + k] = Math.round(sum[k] / covered);
    rgba[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
  }
}
writeFileSync(new URL('../images/icon.png', import.meta.url), encodePng(SIZE, SIZE, rgba));
