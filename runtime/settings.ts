/**
 * The launch settings the debugger passed in, read once at startup: from the environment in
 * Node (before it is scrubbed), from a global the injector sets before the bundle in a page.
 * Defaults apply to what is not given (attach, a runtime preloaded by hand).
 */
import type { RuntimeSettings } from '../protocol/runtimeApi';

const defaults: RuntimeSettings = {
  backend: 'auto',
  tensorStatistics: true,
  profile: true,
  captureTape: true,
  trackTensors: true,
  trainingHistory: true,
  historyMB: 64,
  breakOnNaN: false,
  maxProfileEvents: 1_000_000,
  maxTapes: 10,
};

let settings: RuntimeSettings = defaults;

/** Takes the settings given, over the defaults. */
export function useSettings(given: Partial<RuntimeSettings>): void {
  settings = { ...defaults, ...given };
}

/** Takes the settings from their JSON text; none, or text that does not parse, leaves the defaults. */
export function loadSettings(text: string | undefined): void {
  if (!text) return;
  try {
    useSettings(JSON.parse(text) as Partial<RuntimeSettings>);
  } catch {
    settings = defaults;
  }
}

export function currentSettings(): RuntimeSettings {
  return settings;
}
