/**
 * The pure parts of hover thumbnails: which expression a hover means, and the heatmap PNG
 * of a small view as a `data:` URI (colours as the heatmap panel draws them).
 */
import { chooseScale, finiteRange, paint } from '../common/colormap';
import { encodePng, upscale } from './png';

/** Thumbnails are enlarged (nearest neighbour) to about this many pixels on their long side. */
const THUMBNAIL_PIXELS = 128;

const PATH = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/;

/** The expression a hover at `character` of `line` means: the dotted path up to the hovered name. */
export function hoverExpression(line: string, character: number): string | undefined {
  const pattern = new RegExp(PATH.source, 'g');
  for (const match of line.matchAll(pattern)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (character < start || character > end) continue;
    const dot = match[0].indexOf('.', character - start);
    return dot < 0 ? match[0] : match[0].slice(0, dot);
  }
  return undefined;
}

/** The heatmap of a `rows × cols` view as a PNG enlarged to about `THUMBNAIL_PIXELS`, as a data URI. */
export function thumbnailUri(rows: number, cols: number, values: Float32Array): { uri: string; width: number; height: number } {
  const range = finiteRange(values);
  const rgba = new Uint8Array(rows * cols * 4);
  paint(values, chooseScale(range.min, range.max, 'linear'), rgba);
  const factor = Math.max(1, Math.min(16, Math.floor(THUMBNAIL_PIXELS / Math.max(rows, cols))));
  const png = encodePng(cols * factor, rows * factor, factor > 1 ? upscale(cols, rows, rgba, factor) : rgba);
  return { uri: `data:image/png;base64,${png.toString('base64')}`, width: cols * factor, height: rows * factor };
}
