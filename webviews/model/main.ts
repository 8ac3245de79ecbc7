/**
 * The model webview ("TF.js: Show Model"): the tf.layers models the paused program built, each
 * as a table of its layers with their weights' statistics (modelTable.ts), read again at every
 * stop. It speaks only the typed messages of protocol/webviewMessages.ts with the extension
 * host, and shows its last content again after the panel was hidden or the window reloaded.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ModelInfo } from '../../protocol/runtimeApi';
import type { HostToModel, ModelToHost } from '../../protocol/webviewMessages';
import { byId, mountPage, pageChannel, showError, showStatus } from '../shared/hostChannel';
import { showOrigin } from '../shared/originLine';
import { onRememberedHostMessages } from '../shared/pageMemory';
import { modelSection } from './modelTable';

mountPage(`
<header class="header">
  <span class="summary" id="summary"></span>
  <vscode-button id="refresh" secondary>Refresh</vscode-button>
</header>
<div id="status" class="status" role="status"></div>
<div id="models" class="models"></div>
`);

const channel = pageChannel<ModelToHost, Record<string, never>>();
const summary = byId('summary');
const status = byId('status');
const list = byId('models');

function showModels(models: ModelInfo[]): void {
  status.textContent = '';
  status.classList.remove('error');
  list.replaceChildren(...models.map(modelSection));
  summary.textContent =
    models.length === 0
      ? 'No tf.layers model found yet: models are found as the program builds, compiles or runs them.'
      : `${models.length} model${models.length === 1 ? '' : 's'}`;
}

function showEmpty(message: string): void {
  list.replaceChildren();
  summary.textContent = '';
  showError(status, message);
}

const showKept = onRememberedHostMessages<HostToModel>(channel, {
  models: (message) => showModels(message.models),
  error: (message) => showEmpty(message.message),
  status: (message) => showStatus(status, message),
  origin: (message) => showOrigin(message.origin),
});

byId('refresh').addEventListener('click', () => channel.post({ type: 'refresh' }));

showKept();
channel.post({ type: 'ready' });
