/**
 * The heatmap page's markup, mounted when this module loads, and the elements the other
 * modules of the page draw in and listen to (the ids the tests and test/vscode look up).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { byId, mountPage } from '../shared/hostChannel';

mountPage(`
<header class="header">
  <span class="expression" id="expression"></span>
  <span class="summary" id="summary"></span>
  <span class="specials" id="specials"></span>
</header>
<div class="toolbar">
  <label class="field">Scale
    <vscode-single-select id="scaling">
      <vscode-option value="linear">linear</vscode-option>
      <vscode-option value="symmetric">symmetric</vscode-option>
    </vscode-single-select>
  </label>
  <span id="axes" class="axes"></span>
  <vscode-checkbox id="diff" label="Diff from previous stop">Diff from previous stop</vscode-checkbox>
  <vscode-button id="fit" secondary>Fit</vscode-button>
  <vscode-button id="refresh" secondary>Refresh</vscode-button>
  <vscode-button id="export-npy" secondary>Export .npy</vscode-button>
  <vscode-button id="export-csv" secondary>Export CSV</vscode-button>
</div>
<div class="main">
  <div class="stage" id="stage">
    <canvas id="canvas" tabindex="0" aria-label="Tensor heatmap"></canvas>
    <input id="editor" class="cell-editor" type="text" spellcheck="false" hidden>
  </div>
  <div class="colorbar">
    <span id="bar-hi" class="bar-label"></span>
    <canvas id="bar" width="16" height="256"></canvas>
    <span id="bar-lo" class="bar-label"></span>
  </div>
</div>
<footer class="footer">
  <span id="readout" class="readout"></span>
  <span id="note" class="note"></span>
</footer>
<div id="legend" class="legend"></div>`);

export const canvas = byId<HTMLCanvasElement>('canvas');
export const stage = byId<HTMLDivElement>('stage');
export const editor = byId<HTMLInputElement>('editor');
export const scalingSelect = byId<HTMLElement & { value: string }>('scaling');
export const diffBox = byId<HTMLElement & { checked: boolean; disabled: boolean }>('diff');
export const readout = byId<HTMLSpanElement>('readout');
export const note = byId<HTMLSpanElement>('note');
