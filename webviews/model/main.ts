/**
 * The model webview ("TF.js: Show Model"): the tf.layers models the paused program built, each
 * as a table of its layers with their last outputs, weights, gradients and sparklines of their
 * steps (modelTable.ts), read again at every stop; and for a selected pinned weight, its
 * distribution band over the steps and a scrubber that shows its values at a step in the
 * heatmap. It speaks only the typed messages of protocol/webviewMessages.ts with the extension
 * host, and shows its last content again after the panel was hidden or the window reloaded.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { FitStops, ModelHistory, ModelInfo, WeightHistory } from '../../protocol/runtimeApi';
import type { HostToModel, ModelToHost } from '../../protocol/webviewMessages';
import { byId, mountPage, pageChannel, showError, showStatus } from '../shared/hostChannel';
import { showOrigin } from '../shared/originLine';
import { onRememberedHostMessages } from '../shared/pageMemory';
import { distributionPicture } from './charts';
import { markLayerBreakpoints, modelSection } from './modelTable';

mountPage(`
<header class="header">
  <span class="summary" id="summary"></span>
  <label class="fit-stops">Stop fits at the end of each
    <select id="fit-stops"><option value="off">(never)</option><option value="batch">batch</option><option value="epoch">epoch</option></select>
  </label>
  <vscode-button id="refresh" secondary>Refresh</vscode-button>
</header>
<div id="status" class="status" role="status"></div>
<section id="selected" class="selected" hidden>
  <h2 id="selected-name" class="selected-name"></h2>
  <div id="band" class="band"></div>
  <label class="scrubber">Step <input id="scrub" type="range" min="0" max="0" step="1" value="0" aria-describedby="scrub-step"> <span id="scrub-step"></span></label>
</section>
<div id="models" class="models"></div>
`);

const channel = pageChannel<ModelToHost, Record<string, never>>();
const summary = byId('summary');
const status = byId('status');
const list = byId('models');
const selectedBox = byId('selected');
const scrub = byId('scrub') as HTMLInputElement;
const scrubStep = byId('scrub-step');

/** The selected weight, and the steps the scrubber moves through (those its values were kept at). */
let selected: { model: number; weight: WeightHistory } | undefined;
/** The layer breakpoints set, marked again on every table drawn. */
let layerBreakpoints: string[] = [];

const fitStopsBox = byId('fit-stops') as HTMLSelectElement;
fitStopsBox.addEventListener('change', () => {
  const at = fitStopsBox.value;
  if (at === 'off' || at === 'batch' || at === 'epoch') channel.post({ type: 'fitStops', at });
});

function showModels(models: ModelInfo[], histories: (ModelHistory | null)[], fitStops: FitStops): void {
  fitStopsBox.value = fitStops;
  status.textContent = '';
  status.classList.remove('error');
  // A large model's rows beyond its first are drawn in the tasks after the first paint.
  const later = (work: () => void): void => {
    setTimeout(() => {
      work();
      markLayerBreakpoints(list, layerBreakpoints);
    }, 0);
  };
  list.replaceChildren(...models.map((model, i) => modelSection(model, histories[i], later)));
  markLayerBreakpoints(list, layerBreakpoints);
  summary.textContent =
    models.length === 0
      ? 'No tf.layers model found yet: models are found as the program builds, compiles or runs them.'
      : `${models.length} model${models.length === 1 ? '' : 's'}`;
}

function showEmpty(message: string): void {
  list.replaceChildren();
  summary.textContent = '';
  selectedBox.hidden = true;
  showError(status, message);
}

/** The step the scrubber is on. */
function scrubbedStep(): number | undefined {
  return selected?.weight.snapshotSteps?.[Number(scrub.value)];
}

function drawBand(): void {
  if (!selected) return;
  const { weight } = selected;
  const series = weight.value;
  byId('band').replaceChildren(
    series ? distributionPicture(series, `Distribution of ${weight.name} by step`, scrubbedStep()) : document.createTextNode('No step recorded yet.'),
  );
  const step = scrubbedStep();
  const kept = weight.snapshotSteps?.length ?? 0;
  scrubStep.textContent = step === undefined ? 'no values kept yet' : `${step} · ${kept} step${kept === 1 ? '' : 's'} kept`;
}

function showSelected(model: number, weight: WeightHistory): void {
  const sameWeight = selected?.model === model && selected.weight.name === weight.name;
  const at = sameWeight ? scrubbedStep() : undefined;
  selected = { model, weight };
  const steps = weight.snapshotSteps ?? [];
  scrub.max = String(Math.max(0, steps.length - 1));
  // The scrubber stays on its step across stops; a new weight starts at its newest.
  const index = at === undefined ? steps.length - 1 : steps.indexOf(at);
  scrub.value = String(index >= 0 ? index : steps.length - 1);
  scrub.disabled = steps.length === 0;
  byId('selected-name').textContent = `${weight.name}${weight.pinned ? '' : ' (not pinned: its values by step are not kept)'}`;
  selectedBox.hidden = false;
  drawBand();
}

const showKept = onRememberedHostMessages<HostToModel>(channel, {
  models: (message) => showModels(message.models, message.histories, message.fitStops),
  selected: (message) => showSelected(message.model, message.weight),
  layerBreakpoints: (message) => {
    layerBreakpoints = message.names;
    markLayerBreakpoints(list, layerBreakpoints);
  },
  error: (message) => showEmpty(message.message),
  status: (message) => showStatus(status, message),
  origin: (message) => showOrigin(message.origin),
});

scrub.addEventListener('input', () => {
  drawBand();
  const step = scrubbedStep();
  if (selected && step !== undefined) channel.post({ type: 'showWeight', model: selected.model, weight: selected.weight.name, step });
});

/** The buttons of the tables (modelTable.ts), by their `data-action`. */
list.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLElement>('[data-action]');
  const data = button?.dataset;
  if (!data) return;
  const model = Number(data.model);
  switch (data.action) {
    case 'showWeight':
      channel.post({ type: 'showWeight', model, weight: data.weight ?? '' });
      break;
    case 'showGradient':
      channel.post({ type: 'showGradient', tape: Number(data.tape), tensorId: Number(data.tensorId) });
      break;
    case 'pin':
      channel.post({ type: 'pin', model, layer: data.layer ?? '', weight: data.weight ?? '', pinned: data.pinned === 'true' });
      break;
    case 'breakOnLayer':
      channel.post({ type: 'breakOnLayer', layer: data.layer ?? '', on: data.on === 'nan' ? 'nan' : 'run' });
      break;
    case 'select':
      channel.post({ type: 'select', model, layer: data.layer ?? '', weight: data.weight ?? '' });
      break;
  }
});

byId('refresh').addEventListener('click', () => channel.post({ type: 'refresh' }));

showKept();
channel.post({ type: 'ready' });
