/**
 * The gradient tape page's markup, mounted when this module loads, and the elements the other
 * modules of the page fill and listen to (the ids the tests and test/vscode look up).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { formatNumber } from '../../common/numberFormat';
import { byId, mountPage } from '../shared/hostChannel';
import { EXPLODING_NORM, VANISHING_NORM } from './tapeGraph';

const app = mountPage(`
<header class="toolbar">
  <label class="field">Tape <vscode-single-select id="tape-select"></vscode-single-select></label>
  <vscode-checkbox id="grouped">Group by source line</vscode-checkbox>
  <vscode-button id="fit" secondary>Fit</vscode-button>
  <vscode-button id="show-list" secondary aria-pressed="false" title="The ops as a list, in tape order">List</vscode-button>
  <vscode-button id="refresh" secondary>Refresh</vscode-button>
  <span id="summary" class="summary"></span>
</header>
<div class="legend" id="legend">
  <span class="legend-item">‖gradient‖ <span id="scale-lo"></span><canvas id="scale-bar" width="120" height="10"></canvas><span id="scale-hi"></span> (log)</span>
  <span class="legend-item"><span class="swatch exploding"></span>exploding: ‖g‖ &gt; ${formatNumber(EXPLODING_NORM)} or NaN/Inf</span>
  <span class="legend-item"><span class="swatch vanishing"></span>vanishing: ‖g‖ &lt; ${formatNumber(VANISHING_NORM)}</span>
  <span class="legend-item"><span class="swatch no-gradient"></span>no gradient</span>
</div>
<div class="main">
  <div class="stage" id="stage">
    <div id="empty" class="empty" hidden></div>
    <div id="node-list-view" class="node-list-view" hidden>
      <div class="node-list-head" aria-hidden="true"><span>Op</span><span>Shapes</span><span>Line</span><span>Gradient</span></div>
      <div id="node-list" class="node-list" role="listbox" tabindex="0" aria-label="The tape's sources and ops in order: Enter picks one"></div>
    </div>
    <div id="graph-readout" class="visually-hidden" role="status" aria-live="polite"></div>
  </div>
  <aside class="side">
    <section>
      <h3>Trainable variables</h3>
      <ul id="variables" class="variables"></ul>
    </section>
    <section>
      <h3 id="details-title">Details</h3>
      <dl id="details" class="details"></dl>
      <div class="actions">
        <vscode-button id="show-value" disabled>Show value</vscode-button>
        <vscode-button id="show-gradient" disabled>Show gradient</vscode-button>
        <vscode-button id="go-to-source" secondary disabled>Go to source</vscode-button>
      </div>
    </section>
  </aside>
</div>
<footer class="footer"><span id="status" class="status"></span></footer>`);

type Button = HTMLElement & { disabled: boolean };
/** The layout worker's script, which the host hands the page in `data-worker`. */
export const workerUri = app.dataset.worker;
export const stage = byId<HTMLDivElement>('stage');
export const nodeListView = byId<HTMLDivElement>('node-list-view');
export const nodeListElement = byId<HTMLDivElement>('node-list');
export const listToggle = byId<HTMLElement & { secondary: boolean }>('show-list');
export const graphReadout = byId<HTMLDivElement>('graph-readout');
export const empty = byId<HTMLDivElement>('empty');
export const status = byId<HTMLSpanElement>('status');
export const tapeSelect = byId<HTMLElement & { value: string }>('tape-select');
export const groupedBox = byId<HTMLElement & { checked: boolean }>('grouped');
export const showValue = byId<Button>('show-value');
export const showGradient = byId<Button>('show-gradient');
export const goToSource = byId<Button>('go-to-source');
