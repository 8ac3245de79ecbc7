/**
 * The tape graph on screen: laid-out boxes and edges as SVG in one group whose transform is
 * the zoom and pan (so panning a 2,000-box graph moves one element), colours by gradient
 * norm, outlines and badges for exploding and vanishing gradients, frames for expanded line
 * groups. Mouse: drag pans, the wheel zooms about the cursor, a click picks a box (one that
 * moved the mouse is a drag, not a click). Keyboard: the graph takes focus, the arrow keys
 * move a ring from box to box (graphNavigation.ts), panning it into view, and Enter or Space
 * picks the ringed box as a click does. Fit fits the graph, but never below a zoom that keeps
 * the labels readable; the rest is reached by panning. A resized panel fits again until the
 * user zooms or pans.
 */
import { relativeLuminance, type Rgb } from '../../common/colormap';
import { KEY_MOVES, moveFrom } from './graphNavigation';
import type { Box, LayoutResult } from './layout';
import { normColor, type NormScale } from './normScale';
import type { GraphNode, GroupNode, VisibleGraph } from './tapeGraph';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_HEIGHT = 38;
const CHAR_WIDTH = 7;
const MAX_DETAIL = 36;
/** The boxes' text size, in graph units (screen pixels at zoom 1). */
const FONT_SIZE = 11;
/** Fit zooms out no further than this: labels stay 9 px or more on screen. */
export const MIN_FIT_ZOOM = 9 / FONT_SIZE;
/** Room between a box and the keyboard's ring around it. */
const RING_GAP = 4;

/** Zoom and pan: screen = graph × k + (x, y). */
export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

export interface GraphViewEvents {
  /** A box was clicked (an op, a source, or a collapsed group). */
  onPick(node: GraphNode): void;
  /** An expanded group's frame title was clicked. */
  onCollapse(group: GroupNode): void;
  /** Zoom or pan changed (for the saved state); undefined when the view is Fit's, which a resize redoes. */
  onView(view: ViewTransform | undefined): void;
  /** The keyboard's ring moved to a box, or the graph took focus with the ring on it. */
  onFocus(node: GraphNode): void;
}

function element<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const created = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) created.setAttribute(key, String(value));
  return created;
}

function rgb([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/** The size a node's box needs for its two lines. */
export function nodeSize(node: GraphNode): { width: number; height: number } {
  const chars = Math.max(node.label.length, clip(node.detail).length);
  return { width: Math.max(64, chars * CHAR_WIDTH + 22), height: NODE_HEIGHT };
}

export class GraphView {
  private readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly byKey = new Map<string, SVGGElement>();
  /** The drawn graph's nodes by key, for clicks. */
  private nodes = new Map<string, GraphNode>();
  /** Drawn boxes in tape order, and the edges between them: what the keys move along. */
  private order: string[] = [];
  private edges: { from: string; to: string }[] = [];
  private readonly ring: SVGRectElement;
  /** The box the keyboard is on. */
  private focused: string | undefined;
  private layout: LayoutResult | undefined;
  private view: ViewTransform = { x: 0, y: 0, k: 1 };
  private drag: { x: number; y: number; moved: boolean } | undefined;
  /** The view is Fit's, not the user's: a resized panel fits again. */
  private fitted = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly events: GraphViewEvents,
  ) {
    // An application: the arrow keys belong to the graph, not to a screen reader's reading.
    this.svg = element('svg', {
      id: 'graph',
      tabindex: 0,
      role: 'application',
      'aria-roledescription': 'graph',
      'aria-label': 'Gradient tape graph',
      'aria-description':
        'Left and Right arrows go to an input or a consumer of the box, Up and Down to the box above or below, Home and End to the first and last; Enter picks the box',
    });
    const defs = element('defs', {});
    const marker = element('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(element('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
    defs.append(marker);
    this.viewport = element('g', { id: 'viewport' });
    this.ring = element('rect', { id: 'focus-ring', class: 'focus-ring', rx: 7 });
    this.svg.append(defs, this.viewport);
    host.append(this.svg);
    this.listen();
    new ResizeObserver(() => {
      if (this.fitted) this.fit();
    }).observe(host);
    this.listenToKeys();
  }

  /** Draws a laid-out graph; `selected` is outlined. */
  draw(graph: VisibleGraph, layout: LayoutResult, scale: NormScale, selected: string | undefined): void {
    this.layout = layout;
    this.byKey.clear();
    const previous = this.focused ? this.nodes.get(this.focused) : undefined;
    this.nodes = new Map(graph.nodes.map((node) => [node.key, node]));
    this.order = graph.nodes.filter((node) => layout.boxes[node.key]).map((node) => node.key);
    this.edges = graph.edges;
    const clusters = element('g', { class: 'clusters' });
    for (const group of graph.clusters) {
      const box = layout.clusters[group.key];
      if (box) clusters.append(this.drawCluster(group, box));
    }
    const edges = element('g', { class: 'edges' });
    graph.edges.forEach((edge, i) => {
      const points = layout.edges[i];
      if (!points || points.length < 2) return;
      const path = element('path', {
        class: 'edge',
        d: `M ${points.map((p) => `${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' L ')}`,
        'marker-end': 'url(#arrow)',
        'data-from': edge.from,
        'data-to': edge.to,
      });
      const title = element('title', {});
      title.textContent = `${edge.tensor.dtype}[${edge.tensor.shape.join(',')}] (tensor ${edge.tensor.id})${edge.count > 1 ? ` and ${edge.count - 1} more` : ''}`;
      path.append(title);
      edges.append(path);
    });
    const nodes = element('g', { class: 'nodes', 'font-size': FONT_SIZE });
    for (const node of graph.nodes) {
      const box = layout.boxes[node.key];
      if (box) nodes.append(this.drawNode(node, box, scale));
    }
    this.viewport.replaceChildren(clusters, edges, nodes, this.ring);
    this.svg.dataset.nodes = String(nodes.childElementCount);
    this.svg.dataset.edges = String(edges.childElementCount);
    this.select(selected);
    this.placeRing(this.stillShown(previous));
  }

  /** Where the ring goes once `node` (the ringed box before a draw) may be gone: into its expanded group, onto its collapsed one. */
  private stillShown(node: GraphNode | undefined): string | undefined {
    if (!node) return undefined;
    if (this.nodes.has(node.key)) return node.key;
    if (node.kind === 'group') return node.members.find((key) => this.nodes.has(key));
    return node.kind === 'op' && node.group && this.nodes.has(node.group) ? node.group : undefined;
  }

  private drawNode(node: GraphNode, box: Box, scale: NormScale): SVGGElement {
    const g = element('g', {
      class: ['node', node.kind, node.mark ?? '', node.norm === undefined ? 'no-gradient' : ''].filter(Boolean).join(' '),
      'data-key': node.key,
      transform: `translate(${box.x - box.width / 2} ${box.y - box.height / 2})`,
    });
    const fill = node.norm === undefined ? undefined : normColor(node.norm, scale);
    const rect = element('rect', { width: box.width, height: box.height, rx: node.kind === 'source' ? 12 : 4, class: 'box' });
    // A style, not the fill attribute: the theme's box fill in tape.css would win over an attribute.
    if (fill) rect.style.fill = rgb(fill);
    const ink = fill ? (relativeLuminance(fill) > 0.35 ? 'dark' : 'light') : 'plain';
    const label = element('text', { x: 9, y: 16, class: `label ${ink}` });
    label.textContent = node.label;
    const detail = element('text', { x: 9, y: 31, class: `detail ${ink}` });
    detail.textContent = clip(node.detail);
    const title = element('title', {});
    title.textContent = `${node.label} ${node.detail}${node.kind === 'group' ? ' (click to expand)' : ''}`;
    g.append(title, rect, label, detail);
    if (node.mark) {
      const badge = element('g', { class: `badge ${node.mark}`, transform: `translate(${box.width} 0)` });
      badge.append(element('circle', { r: 8 }));
      const text = element('text', { y: 4, 'text-anchor': 'middle' });
      text.textContent = node.mark === 'exploding' ? '!' : '0';
      badge.append(text);
      g.append(badge);
    }
    this.byKey.set(node.key, g);
    return g;
  }

  private drawCluster(group: GroupNode, box: Box): SVGGElement {
    const g = element('g', { class: 'cluster', 'data-key': group.key, transform: `translate(${box.x - box.width / 2} ${box.y - box.height / 2})` });
    g.append(element('rect', { width: box.width, height: box.height, rx: 6, class: 'frame' }));
    const title = element('text', { x: 8, y: 15, class: 'cluster-title' });
    title.textContent = `− ${group.label} (${group.members.length} ops)`;
    g.append(title);
    title.addEventListener('click', (event) => {
      event.stopPropagation();
      if (!this.drag?.moved) this.events.onCollapse(group);
    });
    return g;
  }

  /** Outlines the box of `key` (none when undefined). */
  select(key: string | undefined): void {
    this.viewport.querySelectorAll('.node.selected').forEach((g) => g.classList.remove('selected'));
    if (key) this.byKey.get(key)?.classList.add('selected');
  }

  /** Puts the keyboard's ring on the box of `key` (none when undefined or not drawn). */
  private placeRing(key: string | undefined): void {
    const box = key ? this.layout?.boxes[key] : undefined;
    this.focused = box ? key : undefined;
    this.ring.setAttribute('display', box ? 'inline' : 'none');
    if (box) {
      this.ring.setAttribute('x', String(box.x - box.width / 2 - RING_GAP));
      this.ring.setAttribute('y', String(box.y - box.height / 2 - RING_GAP));
      this.ring.setAttribute('width', String(box.width + 2 * RING_GAP));
      this.ring.setAttribute('height', String(box.height + 2 * RING_GAP));
      this.svg.dataset.focused = key;
    } else {
      delete this.svg.dataset.focused;
    }
  }

  /** Rings the box of `key`, pans it into view if it is not, and tells who listens. */
  private focusBox(key: string | undefined, reveal: boolean): void {
    this.placeRing(key);
    const node = this.focused ? this.nodes.get(this.focused) : undefined;
    if (!node) return;
    if (reveal) this.reveal(node.key);
    this.events.onFocus(node);
  }

  /** Centres the box of `key` when any of it is outside the panel. */
  private reveal(key: string): void {
    const box = this.layout?.boxes[key];
    if (!box) return;
    const { x, y, k } = this.view;
    const left = (box.x - box.width / 2 - RING_GAP) * k + x;
    const top = (box.y - box.height / 2 - RING_GAP) * k + y;
    const right = (box.x + box.width / 2 + RING_GAP) * k + x;
    const bottom = (box.y + box.height / 2 + RING_GAP) * k + y;
    if (left < 0 || top < 0 || right > this.host.clientWidth || bottom > this.host.clientHeight) this.centreOn(key);
  }

  private listenToKeys(): void {
    // Focus from a click rings a box without panning: the click that follows must land where it was aimed.
    this.svg.addEventListener('focus', () => {
      const selected = this.viewport.querySelector('.node.selected')?.getAttribute('data-key') ?? undefined;
      this.focusBox(this.focused ?? selected ?? this.order[0], false);
    });
    this.svg.addEventListener('keydown', (event) => {
      const move = KEY_MOVES[event.key];
      if (move && this.layout) {
        event.preventDefault();
        const from = this.focused ?? this.order[0];
        if (from) this.focusBox(moveFrom({ order: this.order, edges: this.edges, boxes: this.layout.boxes }, from, move), true);
      } else if ((event.key === 'Enter' || event.key === ' ') && this.focused) {
        event.preventDefault();
        const node = this.nodes.get(this.focused);
        if (node) this.events.onPick(node);
      }
    });
  }

  /** Says again what the ringed box is (after a pick changed what is selected). */
  refocus(): void {
    const node = this.focused ? this.nodes.get(this.focused) : undefined;
    if (node) this.events.onFocus(node);
  }

  /** Whether `key` is drawn. */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  getView(): ViewTransform {
    return { ...this.view };
  }

  setView(view: ViewTransform): void {
    this.fitted = false;
    this.view = { ...view };
    this.viewport.setAttribute('transform', `translate(${view.x} ${view.y}) scale(${view.k})`);
  }

  /**
   * The whole graph in view, no larger than life and no smaller than readable: centred where
   * it fits, else from its start (the inputs, on the left; the top), the rest a pan away.
   */
  fit(): void {
    if (!this.layout) return;
    const width = this.host.clientWidth;
    const height = this.host.clientHeight;
    const k = Math.max(MIN_FIT_ZOOM, Math.min(1, width / Math.max(1, this.layout.width), height / Math.max(1, this.layout.height)));
    this.setView({ k, x: Math.max(0, (width - this.layout.width * k) / 2), y: Math.max(0, (height - this.layout.height * k) / 2) });
    this.fitted = true;
    this.events.onView(undefined);
  }

  /** Pans so that the box of `key` is in the middle. */
  centreOn(key: string): void {
    const box = this.layout?.boxes[key];
    if (!box) return;
    const { k } = this.view;
    this.setView({ k, x: this.host.clientWidth / 2 - box.x * k, y: this.host.clientHeight / 2 - box.y * k });
    this.events.onView(this.getView());
  }

  private listen(): void {
    this.svg.addEventListener('mousedown', (event) => {
      if (event.button === 0) this.drag = { x: event.clientX, y: event.clientY, moved: false };
    });
    window.addEventListener('mousemove', (event) => {
      if (!this.drag || (event.buttons & 1) === 0) return;
      const dx = event.clientX - this.drag.x;
      const dy = event.clientY - this.drag.y;
      if (!this.drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      this.drag = { x: event.clientX, y: event.clientY, moved: true };
      this.setView({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
    });
    window.addEventListener('mouseup', () => {
      if (this.drag?.moved) this.events.onView(this.getView());
      // Cleared after the click event that follows this mouseup.
      setTimeout(() => (this.drag = undefined), 0);
    });
    this.svg.addEventListener('click', (event) => {
      if (this.drag?.moved) return;
      const target = (event.target as Element).closest('.node');
      const key = target?.getAttribute('data-key');
      const node = key ? this.nodes.get(key) : undefined;
      if (!node) return;
      this.placeRing(node.key);
      this.events.onPick(node);
    });
    this.svg.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const box = this.svg.getBoundingClientRect();
        const px = event.clientX - box.left;
        const py = event.clientY - box.top;
        const k = Math.min(4, Math.max(0.02, this.view.k * Math.exp(-event.deltaY * 0.0015)));
        // Zoom about the cursor: the point under it stays under it.
        this.setView({ k, x: px - ((px - this.view.x) * k) / this.view.k, y: py - ((py - this.view.y) * k) / this.view.k });
        this.events.onView(this.getView());
      },
      { passive: false },
    );
  }
}
