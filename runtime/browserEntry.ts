/**
 * The browser runtime's entry (dist/runtime-browser.js), injected into a web page by the
 * debugger after the settings global (`__tfjsDebuggerSettings`), before or after the page
 * loads tfjs. It hooks the page's tfjs engine, follows tf.layers where the page's `tf` global
 * carries it, and installs the runtime API, which the adapter calls as it does in a Node
 * program. A page has no agent: views travel as base64, and the `backend` setting is left to
 * the page. It must never throw into the page and must install once: everything is behind a
 * try/catch and a non-enumerable global flag.
 */
import { browserSettingsGlobal, type RuntimeSettings } from '../protocol/runtimeApi';
import { installApi } from './api';
import { browserHost } from './browserHost';
import { useHost } from './host';
import { hookEngine } from './programTfjs';
import { pageLibraryPatterns } from '../common/libraryPatterns';
import { followLayers, instrument } from './programRecorder';
import { useSettings } from './settings';

const installedFlag = Symbol.for('tfjs-debugger.runtime');

/** Takes the settings the injector left in its global, and removes the global from the page. */
function takeSettings(): void {
  const global = globalThis as Record<string, unknown>;
  const given = global[browserSettingsGlobal];
  delete global[browserSettingsGlobal];
  // The page picks its own backend: `backend` names one a Node program is launched on.
  const settings = typeof given === 'object' && given !== null ? (given as Partial<RuntimeSettings>) : {};
  useSettings({ ...settings, backend: 'auto', libraryPatterns: settings.libraryPatterns ?? pageLibraryPatterns });
}

function install(): void {
  const global = globalThis as Record<symbol, unknown>;
  if (global[installedFlag]) return;
  Object.defineProperty(globalThis, installedFlag, { value: true, enumerable: false });
  useHost(browserHost);
  takeSettings();
  hookEngine((engine) => {
    instrument(engine);
    // tfjs's UMD bundle makes its engine before it has filled the `tf` global: tf.layers is
    // there once that script has run, before the page's next script.
    queueMicrotask(() => {
      try {
        followLayers();
      } catch {
        // Without tf.layers followed, ops are credited to the user's lines alone.
      }
    });
  });
  installApi();
}

try {
  install();
} catch (error) {
  console.warn(`tfjs-debugger: runtime not installed: ${String(error)}`);
}
