/**
 * The real-VS-Code scenarios, in the order they run: both runners take this list, the
 * extension host's suite for the host halves and run.mjs for the page halves.
 */
import { activation } from './activation';
import { browserExample } from './browserExample';
import { browserPage } from './browserPage';
import { bundledPage } from './bundledPage';
import { heatmap } from './heatmap';
import { hover } from './hover';
import { launchJson } from './launchJson';
import { memory } from './memory';
import { modelPanel } from './modelPanel';
import { nodeProgram } from './nodeProgram';
import { panels, panelsEnded } from './panels';
import { profile } from './profile';
import type { Scenario } from '../support/scenario';
import { tape } from './tape';
import { variables } from './variables';

export const scenarios: Scenario<never, never>[] = [
  activation,
  variables,
  heatmap,
  hover,
  profile,
  tape,
  browserPage('webgl'),
  browserPage('webgpu'),
  browserPage('wasm'),
  browserExample,
  bundledPage,
  nodeProgram,
  modelPanel,
  memory,
  // The panels last opened: they are what the window loaded again after the suite shows.
  panels,
  panelsEnded,
  // Last: it takes the project's launch.json away for a moment.
  launchJson,
];
