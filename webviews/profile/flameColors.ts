/**
 * Colours of the flame graph's frames: a hue family per kind of frame (program grey, user
 * lines blue, model methods violet, layers green, ops orange, kernels red), varied within the family by a hash of the name so that the
 * same op keeps its colour across refreshes; fixed colours for search matches, frames dimmed
 * by a search, and runs of frames too narrow to draw apart. Pure, so tests compute the pixels
 * they expect.
 */

import { FlameKind } from '../../protocol/webviewMessages';

export type Rgb = readonly [number, number, number];

/** A frame whose name matches the search. */
export const MATCH_COLOR: Rgb = [255, 196, 0];
/** A frame that does not match while a search is on. */
export const DIMMED_COLOR: Rgb = [128, 128, 128];
/** Neighbouring frames narrower than half a pixel, drawn as one block. */
export const MERGED_COLOR: Rgb = [160, 160, 160];
const ROOT_COLOR: Rgb = [150, 150, 160];

/** FNV-1a of a string, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** HSL (degrees, 0..1, 0..1) to 8-bit RGB. */
function hsl(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [channel(0), channel(8), channel(4)];
}

/** Hue range per kind of frame: user lines blue, model methods violet, layers green, ops orange, kernels red. */
const FAMILIES: Record<Exclude<FlameKind, FlameKind.Other>, readonly [number, number]> = {
  [FlameKind.Call]: [195, 40],
  [FlameKind.Api]: [265, 25],
  [FlameKind.Layer]: [120, 35],
  [FlameKind.Op]: [25, 25],
  [FlameKind.Kernel]: [0, 18],
};

/** The colour of a frame named `name` standing for a `kind` (the root and stand-ins are grey). */
export function frameColor(name: string, kind: FlameKind): Rgb {
  if (kind === FlameKind.Other) return ROOT_COLOR;
  const [base, span] = FAMILIES[kind];
  const h = hash(name);
  return hsl(base + (h % span), 0.6, 0.55 + ((h >>> 8) % 12) / 100);
}

export function cssColor([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}
