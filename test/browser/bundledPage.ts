/**
 * A web app that bundles tfjs with its own code, for the suites that follow one: the sources in
 * test/fixtures/browser/bundled/src (ES modules that import @tensorflow/tfjs) copied into a
 * temporary project and bundled there by esbuild into dist/bundle.js with a linked source map,
 * as an app's build does, then served with its page on a free 127.0.0.1 port. The project is
 * the page's web root: the map's `../src/main.js` is the URL /src/main.js, the file src/main.js
 * of the project.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { serve } from '../localServer';

const REPO = resolve(__dirname, '..', '..', '..');
/** The app's sources, as its developer wrote them. */
export const BUNDLED_SOURCES = join(REPO, 'test', 'fixtures', 'browser', 'bundled', 'src');

/** A bundled app's project folder (its web root), with src/ and the built dist/. */
export interface BundledApp {
  root: string;
  remove(): void;
}

/** Copies the app's sources into a temporary project and bundles them with tfjs (a few seconds). */
export async function buildBundledApp(): Promise<BundledApp> {
  const root = mkdtempSync(join(tmpdir(), 'tfjs-bundled-'));
  cpSync(BUNDLED_SOURCES, join(root, 'src'), { recursive: true });
  await build({
    entryPoints: [join(root, 'src', 'main.js')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    outfile: join(root, 'dist', 'bundle.js'),
    sourcemap: 'linked',
    // The project has no node_modules of its own: tfjs comes from the repository's.
    nodePaths: [join(REPO, 'node_modules')],
    logLevel: 'silent',
  });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Serves the app's page (`/?backend=cpu`) and its bundle with the bundle's map. */
export function serveBundledApp(app: BundledApp): Promise<Server> {
  return serve({
    page: () =>
      '<!doctype html><html><head><meta charset="utf-8"><title>bundled tfjs app</title><script src="/dist/bundle.js"></script></head><body></body></html>',
    fileOf: (pathname) => (pathname === '/dist/bundle.js' || pathname === '/dist/bundle.js.map' ? join(app.root, pathname) : undefined),
  });
}
