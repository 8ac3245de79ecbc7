/**
 * Which code is tfjs's and not the user's, by a script's URL or path (or, in a bundle, by the
 * original file its source map names): the recorder credits an op to the innermost frame
 * outside it, and names the model method a user frame called by the model packages'. One list
 * for the runtime and for the adapter, which applies it to the original files of a page's
 * bundled scripts.
 */

/** Library code when the launch configuration gives no `skipFiles`. */
export const defaultLibraryPatterns = ['^node:', '(?:.*/)?node_modules/@tensorflow/.*$'];

/**
 * Library code of a page when the settings give no `skipFiles`: beside tfjs's packages in
 * node_modules, a page loads tfjs from a CDN (`…/npm/@tensorflow/tfjs@4/dist/tf.min.js`) or
 * its UMD bundles copied anywhere (`/js/tf.min.js`, `tf-backend-wasm.min.js`); and an app's
 * bundle whose bundler followed tfjs's own source maps names tfjs's TypeScript sources, which
 * those maps place beside the packages' folders (`../../tfjs-core/src/engine.ts`), outside
 * node_modules.
 */
export const pageLibraryPatterns = [
  ...defaultLibraryPatterns,
  '.*/@tensorflow/.*$',
  '.*/tf(?:-(?:core|layers|converter|data|backend-[a-z]+))?(?:\\.es2017)?(?:\\.min)?\\.js(?:[?#].*)?$',
  '.*/tfjs-(?:core|layers|converter|data|backend-[a-z]+)/src/.*$',
];

/**
 * Of library code, the packages whose public methods are the model calls users make (`fit`,
 * `predict`, `executeAsync`): their folders in node_modules, or their sources in tfjs's tree.
 */
export const modelPackage = /[\\/]tfjs-(?:layers|converter|data)[\\/]/;

/** One regular expression for a list of regex sources (none matches nothing). */
export function libraryRegex(patterns: readonly string[]): RegExp {
  return new RegExp(patterns.map((pattern) => `(?:${pattern})`).join('|') || '(?!)');
}
