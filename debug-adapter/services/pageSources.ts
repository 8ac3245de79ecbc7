/**
 * The local file of a page's original source, as VS Code's JavaScript debugger finds it with
 * its `webRoot` and its default `sourceMapPathOverrides`: a URL under the page script's origin
 * is `webRoot` + the URL's path; `webpack://<name>/./x` is `webRoot/x` (`~/x` under
 * node_modules, `webpack:////abs` the absolute path); a `file:` URL is its path. Anything
 * else keeps its URL, which the profile and tapes then show.
 */
import * as path from 'node:path';
import { pathOfUrl } from './scripts';

/** `webpack://name/rest` and `webpack://@scope/name/rest` (js-debug's overrides `webpack://?:*` and `webpack://@?:*\/?:*`). */
const webpackSource = /^webpack:\/\/(?:@[^/]*\/)?[^/]*\/(.*)$/;

/**
 * The local path of `source` (a source of `scriptUrl`'s map, resolved against the map's URL),
 * or `source` itself where it names no local file; `webRoot` empty: no web root is known.
 */
export function localPathOfSource(source: string, scriptUrl: string, webRoot: string): string {
  const webpack = webpackSource.exec(source);
  if (webpack) {
    const rest = decodeURIComponent(webpack[1]);
    if (rest.startsWith('/')) return path.normalize(rest);
    if (!webRoot) return source;
    return rest.startsWith('~/') ? path.join(webRoot, 'node_modules', rest.slice(2)) : path.join(webRoot, rest);
  }
  if (source.startsWith('file:')) return pathOfUrl(source) ?? source;
  if (!webRoot || !/^https?:/.test(source)) return source;
  const url = new URL(source);
  if (url.origin !== new URL(scriptUrl).origin) return source;
  return path.join(webRoot, decodeURIComponent(url.pathname));
}
