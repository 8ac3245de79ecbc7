/**
 * The model panel's small pictures, as SVG built node by node (no markup, no inline styles:
 * colours come from the stylesheet through class names): a layer output's histogram, a
 * sparkline of a series by step (its min–max range shaded, its mean drawn), and the
 * TensorBoard-style distribution band of a weight over its steps (nested quantile bands) with
 * the step the scrubber is on marked.
 */
import { bandQuantiles, histogramQuantiles } from '../../common/histogramQuantiles';
import type { FitCurvePoint, HistorySeries, ValueSummary } from '../../protocol/runtimeApi';

const SVG = 'http://www.w3.org/2000/svg';

function svgNode<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, className?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (className) node.setAttribute('class', className);
  return node;
}

function picture(width: number, height: number, className: string, label: string): SVGSVGElement {
  const svg = svgNode('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, className);
  const title = svgNode('title', {});
  title.textContent = label;
  svg.append(title);
  return svg;
}

/** A histogram's bars, each as tall as its count relative to the largest. */
export function histogramPicture(summary: ValueSummary, label: string, width = 64, height = 16): SVGSVGElement {
  const svg = picture(width, height, 'histogram', label);
  const top = Math.max(1, ...summary.histogram);
  const barWidth = width / summary.histogram.length;
  summary.histogram.forEach((count, bin) => {
    if (count === 0) return;
    const barHeight = Math.max(1, (count / top) * height);
    svg.append(svgNode('rect', { x: bin * barWidth, y: height - barHeight, width: Math.max(1, barWidth - 0.5), height: barHeight }, 'bar'));
  });
  return svg;
}

/** Where `value` falls between `low` (bottom) and `high` (top) of a `height`-tall picture. */
function scaler(low: number, high: number, height: number): (value: number) => number {
  const span = high - low || 1;
  return (value) => height - ((value - low) / span) * height;
}

function finiteRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? [0, 1] : [Math.min(...finite), Math.max(...finite)];
}

/** A series by step: the min–max range shaded, the mean as a line. */
export function sparkline(series: HistorySeries, label: string, width = 80, height = 18): SVGSVGElement {
  const svg = picture(width, height, 'sparkline', label);
  const { steps, summaries } = series;
  if (steps.length === 0) return svg;
  const [low, high] = finiteRange(summaries.flatMap((summary) => [summary.min, summary.max]));
  const y = scaler(low, high, height);
  const first = steps[0];
  const span = steps[steps.length - 1] - first || 1;
  const x = (step: number): number => ((step - first) / span) * width;
  const top = summaries.map((summary, i) => `${x(steps[i])},${y(summary.max)}`);
  const bottom = summaries.map((summary, i) => `${x(steps[i])},${y(summary.min)}`).reverse();
  svg.append(svgNode('polygon', { points: [...top, ...bottom].join(' ') }, 'range'));
  svg.append(svgNode('polyline', { points: summaries.map((summary, i) => `${x(steps[i])},${y(summary.mean)}`).join(' ') }, 'mean'));
  return svg;
}

/** A fit's logs by batch: `key` (the loss) as a line over the batches, each epoch's start marked. */
export function fitCurve(points: readonly FitCurvePoint[], key: string, label: string, width = 240, height = 40): SVGSVGElement {
  const svg = picture(width, height, 'fit-curve', label);
  const values = points.map((point) => point.logs[key]);
  if (points.length < 2) return svg;
  const [low, high] = finiteRange(values);
  const y = scaler(low, high, height - 2);
  const x = (i: number): number => (i / (points.length - 1)) * width;
  points.forEach((point, i) => {
    if (i > 0 && point.epoch !== points[i - 1].epoch) svg.append(svgNode('line', { x1: x(i), x2: x(i), y1: 0, y2: height }, 'epoch-mark'));
  });
  const drawn = values.flatMap((value, i) => (Number.isFinite(value) ? [`${x(i)},${y(value) + 1}`] : []));
  svg.append(svgNode('polyline', { points: drawn.join(' ') }, 'mean'));
  return svg;
}

/**
 * A weight's distribution over its steps: the bands between matching quantiles (outermost
 * palest), the median as a line, and a marker at `marked` (the scrubber's step).
 */
export function distributionPicture(series: HistorySeries, label: string, marked: number | undefined, width = 480, height = 120): SVGSVGElement {
  const svg = picture(width, height, 'distribution', label);
  // It stretches across the panel (the stylesheet sets its width): the steps spread, the values keep their scale.
  svg.setAttribute('preserveAspectRatio', 'none');
  const { steps, summaries } = series;
  if (steps.length === 0) return svg;
  const quantiles = summaries.map((summary) => histogramQuantiles(summary.min, summary.max, summary.histogram));
  const [low, high] = finiteRange(quantiles.flat());
  const y = scaler(low, high, height);
  // The marked step may precede the summaries (step 0, the values before training).
  const first = Math.min(steps[0], marked ?? steps[0]);
  const span = Math.max(steps[steps.length - 1], marked ?? 0) - first || 1;
  const x = (step: number): number => ((step - first) / span) * width;
  const middle = Math.floor(bandQuantiles.length / 2);
  for (let band = 0; band < middle; band++) {
    const upper = bandQuantiles.length - 1 - band;
    const top = quantiles.map((q, i) => `${x(steps[i])},${y(q[upper])}`);
    const bottom = quantiles.map((q, i) => `${x(steps[i])},${y(q[band])}`).reverse();
    svg.append(svgNode('polygon', { points: [...top, ...bottom].join(' ') }, `band band-${band}`));
  }
  svg.append(svgNode('polyline', { points: quantiles.map((q, i) => `${x(steps[i])},${y(q[middle])}`).join(' ') }, 'median'));
  if (marked !== undefined) svg.append(svgNode('line', { x1: x(marked), x2: x(marked), y1: 0, y2: height }, 'marker'));
  return svg;
}
