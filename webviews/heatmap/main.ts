/**
 * The heatmap webview: draws one 2-D float32 view of a tensor on a canvas, with a colour bar,
 * zoom (wheel) and pan (drag), the value and full index under the cursor, slice pickers for
 * tensors of rank ≥ 3, a diff from the previous stop, in-place editing of one element
 * (double-click, or Enter at the keyboard's cell cursor), a grid of the exact values, and
 * export buttons. It speaks only the typed messages of
 * protocol/webviewMessages.ts with the extension host; it has no Node APIs and no network.
 * This module wires the host's messages and the toolbar to the page's other modules.
 */
import type { HostToHeatmap } from '../../protocol/webviewMessages';
import { byId, showError, showStatus } from '../shared/hostChannel';
import { showOrigin } from '../shared/originLine';
import { onRememberedHostMessages } from '../shared/pageMemory';
import './canvasInput';
import './cellCursor';
import { cancelEdit } from './cellEditor';
import { diffBox, note, scalingSelect, stage, valuesGrid, valuesPane, valuesToggle } from './heatmapPage';
import { draw, renderAll } from './heatmapRenderer';
import { channel, page, saveSettings, settings } from './heatmapState';
import { comparable } from './shownValues';
import { renderSliceBox } from './sliceBox';
import { renderValuesGrid } from './valuesGrid';
import { fit, followCanvasSize } from './viewport';

// A restore needs the view itself, not the previous stop's (the diff comes back with the next read).
const showKept = onRememberedHostMessages<HostToHeatmap>(
  channel,
  {
    view(message) {
      const sameCells = comparable(page.current, message.view);
      page.current = message.view;
      page.previous = message.previous;
      byId('summary').classList.remove('error');
      renderAll(sameCells);
      renderSliceBox(message.view);
    },
    error(message) {
      // Nothing of the last view may stay on screen as if it were the tensor now.
      cancelEdit();
      page.current = undefined;
      page.previous = undefined;
      page.hovered = undefined;
      renderAll(false);
      showError(byId('summary'), message.message);
    },
    status: (message) => showStatus(note, message),
    origin: (message) => showOrigin(message.origin),
  },
  (message) => (message.type === 'view' ? { type: 'view', view: message.view } : message),
);

scalingSelect.addEventListener('change', () => {
  settings.scaling = scalingSelect.value === 'symmetric' ? 'symmetric' : 'linear';
  saveSettings();
  renderAll(true);
});
diffBox.addEventListener('change', () => {
  settings.diff = diffBox.checked;
  saveSettings();
  renderAll(true);
});
byId('fit').addEventListener('click', () => {
  fit();
  draw();
});
valuesToggle.addEventListener('click', () => {
  page.valuesShown = !page.valuesShown;
  valuesPane.hidden = !page.valuesShown;
  valuesToggle.setAttribute('aria-pressed', String(page.valuesShown));
  renderValuesGrid(true);
});
byId('refresh').addEventListener('click', () => channel.post({ type: 'refresh' }));
byId('export-npy').addEventListener('click', () => channel.post({ type: 'export', format: 'npy' }));
byId('export-csv').addEventListener('click', () => channel.post({ type: 'export', format: 'csv' }));

// Setting the canvas's size clears it, so every resize draws again (draw sizes it).
new ResizeObserver(() => {
  followCanvasSize();
  draw();
}).observe(stage);
new ResizeObserver(() => renderValuesGrid()).observe(valuesGrid);
// VS Code marks the theme's kind on the body: a switch to or from high contrast changes the frame.
new MutationObserver(() => draw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

scalingSelect.value = settings.scaling;
diffBox.checked = settings.diff;
showKept();
channel.post({ type: 'ready' });
