/**
 * The tape page's header: the picker of the recorded tapes and the legend's colour bar of
 * gradient norms (log scale, the tape's own range).
 */
import { COLORMAPS, tableColor } from '../../common/colormap';
import { formatNumber } from '../../common/numberFormat';
import type { TapeBody } from '../../protocol/customRequests';
import { byId } from '../shared/hostChannel';
import type { NormScale } from './normScale';
import { tapeSelect } from './tapePage';

export function renderLegend(scale: NormScale): void {
  const bar = byId<HTMLCanvasElement>('scale-bar');
  const context = bar.getContext('2d');
  if (context) {
    for (let x = 0; x < bar.width; x++) {
      const [r, g, b] = tableColor(COLORMAPS.viridis, Math.round((x / (bar.width - 1)) * 255));
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      context.fillRect(x, 0, 1, bar.height);
    }
  }
  byId('scale-lo').textContent = formatNumber(10 ** scale.lo);
  byId('scale-hi').textContent = formatNumber(10 ** scale.hi);
}

export function renderTapeSelect(body: TapeBody): void {
  const options = Array.from({ length: body.count }, (_, i) => {
    const option = document.createElement('vscode-option') as HTMLElement;
    option.setAttribute('value', String(i));
    option.textContent = `${i + 1} of ${body.count}${i === body.count - 1 ? ' (last)' : ''}`;
    if (i === body.index) option.setAttribute('selected', '');
    return option;
  });
  tapeSelect.replaceChildren(...options);
  tapeSelect.value = String(body.index);
}
