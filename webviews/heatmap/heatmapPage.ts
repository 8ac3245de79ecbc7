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
  <vscode-checkbox id="diff" label="Diff from previous stop"></vscode-checkbox>
  <vscode-button id="values-toggle" secondary aria-pressed="false" aria-controls="values">Values</vscode-button>
  <vscode-button id="fit" secondary>Fit</vscode-button>
  <vscode-button id="refresh" secondary>Refresh</vscode-button>
  <vscode-button id="export-npy" secondary>Export .npy</vscode-button>
  <vscode-button id="export-csv" secondary>Export CSV</vscode-button>
</div>
<div class="main">
  <div class="stage" id="stage">
    <canvas id="canvas" tabindex="0" role="application" aria-roledescription="heatmap" aria-label="Tensor heatmap" aria-describedby="canvas-help"></canvas>
    <span id="canvas-help" hidden>Arrow keys, Home, End, Page Up and Page Down move the cell cursor; Enter or F2 edits its cell.</span>
    <input id="editor" class="cell-editor" type="text" spellcheck="false" hidden>
  </div>
  <div class="colorbar">
    <span id="bar-hi" class="bar-label"></span>
    <canvas id="bar" width="16" height="256"></canvas>
    <span id="bar-lo" class="bar-label"></span>
  </div>
</div>
<div id="values" class="values" hidden>
  <div id="values-grid" class="values-grid" role="grid" tabindex="0" aria-label="Values">
    <div id="values-rows" class="values-rows" role="presentation"></div>
  </div>
</div>
<footer class="footer">
  <span id="cursor-readout" class="readout" aria-live="polite" aria-atomic="true"></span>
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
export const cursorReadout = byId<HTMLSpanElement>('cursor-readout');
export const valuesPane = byId<HTMLDivElement>('values');
export const valuesGrid = byId<HTMLDivElement>('values-grid');
export const valuesRows = byId<HTMLDivElement>('values-rows');
export const valuesToggle = byId<HTMLElement>('values-toggle');
export const note = byId<HTMLSpanElement>('note');
