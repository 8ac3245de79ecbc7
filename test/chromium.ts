/**
 * Debian's Chromium as the tests and benches use it: where it is, and its two sets of flags
 * (chromiumFlags.json, which the workbench script, plain JavaScript, reads too). Panels and
 * the workbench run without a GPU process; TF.js pages keep theirs and run webgl and webgpu on
 * SwiftShader: with `--disable-gpu`, webgpu's synchronous reads (`dataSync`, the only read a
 * paused page can make) answer zeros.
 */
import { type Browser, chromium } from 'playwright-core';
import chromiumFlags from './chromiumFlags.json';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags of a Chromium that shows panels (webviews) or the workbench. */
export const PANEL_FLAGS = [...chromiumFlags.common, ...chromiumFlags.ui];

/** The flags of a Chromium that runs TF.js pages. */
export const PAGE_FLAGS = [...chromiumFlags.common, ...chromiumFlags.page];

/** Headless Chromium for panels (webviews). */
export function launchPanelChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: PANEL_FLAGS });
}

/** Headless Chromium for TF.js pages a test drives with playwright. */
export function launchPageChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: PAGE_FLAGS });
}
