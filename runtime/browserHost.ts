/**
 * The runtime's host in a web page (host.ts): the runtime's own frames are those of its
 * bundle's `sourceURL`, scripts keep their URLs, the NaN sentinel is compiled by an indirect
 * eval named by a `sourceURL` of its own, the `tf` namespace is the page's `tf` global (tfjs's
 * UMD bundle sets it; an app that bundles tfjs has none), and views always travel as base64:
 * a page has no agent.
 */
import { nanSentinelUrl, runtimeBrowserSourceUrl } from '../protocol/runtimeApi';
import type { RuntimeHost } from './host';
import { isLayersExports } from './recorder/modelScopes';
import { viewBase64 } from './viewBase64';

/** How deep a logged object is shown, as Node's `inspect` does for the Node runtime. */
const logDepth = 2;
/** How many items or properties of a logged object are shown. */
const logItems = 20;

/** A logged value as one line of text, in the manner of Node's `inspect`. */
function formatValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
  if (typeof value === 'function') return `[Function: ${value.name || '(anonymous)'}]`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return String(value);
  if (depth >= logDepth) return Array.isArray(value) ? '[Array]' : '[Object]';
  const entries = Array.isArray(value)
    ? value.slice(0, logItems).map((item: unknown) => formatValue(item, depth + 1))
    : Object.entries(value)
        .slice(0, logItems)
        .map(([key, item]) => `${key}: ${formatValue(item, depth + 1)}`);
  const count = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (count > logItems) entries.push(`... ${count - logItems} more`);
  if (Array.isArray(value)) return `[ ${entries.join(', ')} ]`;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  const prefix = name && name !== 'Object' ? `${name} ` : '';
  return entries.length === 0 ? `${prefix}{}` : `${prefix}{ ${entries.join(', ')} }`;
}

/** The page's `tf` global when it is tfjs's namespace. */
function pageNamespace(): object | undefined {
  const tf = (globalThis as { tf?: unknown }).tf;
  return typeof tf === 'object' && tf !== null && typeof (tf as { tensor?: unknown }).tensor === 'function' ? tf : undefined;
}

export const browserHost: RuntimeHost = {
  isOwnScript: (file) => file === runtimeBrowserSourceUrl,
  scriptPath: (file) => file,
  // An indirect eval runs in the page's global scope; the `sourceURL` names its script.
  compileSentinelStop: () => (0, eval)(`(function nanSentinelStop() {\n  debugger;\n})\n//# sourceURL=${nanSentinelUrl}`) as () => void,
  formatValue: (value) => formatValue(value),
  base64: viewBase64,
  findNamespace: pageNamespace,
  noNamespace:
    "the page has no global `tf` (its tfjs is bundled into the app), and this edit makes the new tensor with tf.tensor: set `globalThis.tf = tf` in the page's code, or load tfjs's UMD bundle (tf.min.js)",
  // tf.layers is followed where the page's `tf` global carries it (tfjs's UMD bundle); the
  // entry looks again once the script that made the engine has run.
  watchLayers: (onLayers) => {
    const tf = (globalThis as { tf?: unknown }).tf;
    if (isLayersExports(tf)) onLayers(tf);
  },
};
