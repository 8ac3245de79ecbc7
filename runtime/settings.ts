/**
 * The launch settings the adapter passed in the environment, read once at startup before
 * the environment is scrubbed. Defaults apply when the runtime is preloaded by hand (attach).
 */
import { runtimeEnv, type RuntimeSettings } from '../protocol/runtimeApi';

const defaults: RuntimeSettings = {
  backend: 'auto',
  tensorStatistics: true,
  profile: true,
  captureTape: true,
  breakOnNaN: false,
  maxProfileEvents: 1_000_000,
  maxTapes: 10,
};

let settings: RuntimeSettings = defaults;

/** Reads the settings from the environment. */
export function loadSettings(): void {
  const text = process.env[runtimeEnv.settings];
  if (!text) return;
  try {
    settings = { ...defaults, ...(JSON.parse(text) as Partial<RuntimeSettings>) };
  } catch {
    settings = defaults;
  }
}

export function currentSettings(): RuntimeSettings {
  return settings;
}
