/**
 * The profile webview: the flame graph of `tfjs/profile`'s tree on a canvas (click a frame to
 * zoom to it, search to highlight frames, hover for a frame's figures), the by-op table beside
 * it, "Go to source" for the selected frame's line, what the times measure (with the GPU
 * timer's switch on webgl and webgpu), and buttons to refresh, reset the recording and export
 * it. For keyboards and screen readers: the arrow keys move a ring from frame to frame
 * (flameNavigation.ts), its tooltip shown and mirrored in a live readout, Enter picks it as a
 * click does; "List" shows the tree as a tree grid. It speaks only the typed messages of
 * protocol/webviewMessages.ts with the extension host; zoom, selection, search and sort
 * survive the panel being hidden.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { FlameData, HostToProfile, ProfileSummary, ProfileToHost } from '../../protocol/webviewMessages';
import { byId, mountPage, pageChannel, showError, showStatus } from '../shared/hostChannel';
import { showOrigin } from '../shared/originLine';
import { onRememberedHostMessages } from '../shared/pageMemory';
import {
  decodeFlame,
  describeFrame,
  findPath,
  frameAt,
  frameBox,
  framePath,
  formatMs,
  nameOf,
  searchFrames,
  sourceOf,
  type FlameFrames,
  type FlameView,
} from './flameFrames';
import { FLAME_KEY_MOVES, moveFrame } from './flameNavigation';
import { drawFlame, ROW_HEIGHT, type DrawCounts } from './flameRenderer';
import { FlameTreeGrid } from './flameTreeGrid';
import { nextSort, renderOpTable, SORT_KEYS, type OpSort, type SortKey } from './opTable';

/** What survives the panel being hidden and shown again (the host re-sends the profile). */
interface SavedState {
  /** Names from the root's child down to the zoomed frame; [] is the whole program. */
  zoom: string[];
  selected: string[];
  search: string;
  sort: OpSort;
}

const channel = pageChannel<ProfileToHost, SavedState>();

function restoreState(saved: Partial<SavedState>): SavedState {
  const names = (value: unknown): string[] => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : []);
  const sort = saved.sort;
  return {
    zoom: names(saved.zoom),
    selected: names(saved.selected),
    search: typeof saved.search === 'string' ? saved.search : '',
    sort: sort && SORT_KEYS.includes(sort.key) ? { key: sort.key, descending: sort.descending === true } : { key: 'totalMs', descending: true },
  };
}
const state = restoreState(channel.saved);

let profile: ProfileSummary | undefined;
let frames: FlameFrames | undefined;
let zoom = 0;
let selected = 0;
/** The keyboard's frame (the last one hovered or clicked, else where focus found the selection). */
let cursor = -1;
let matches: Uint8Array | undefined;

mountPage(`
<header class="header">
  <span class="summary" id="summary"></span>
</header>
<div class="timing">
  <span id="timing"></span>
  <vscode-button id="gpu-time" secondary hidden></vscode-button>
</div>
<div class="toolbar">
  <vscode-textfield id="search" placeholder="Search frames" aria-label="Search frames"></vscode-textfield>
  <span id="matches" class="matches"></span>
  <vscode-button id="unzoom" secondary>Reset zoom</vscode-button>
  <vscode-button id="show-list" secondary aria-pressed="false" title="The flame tree as a list">List</vscode-button>
  <vscode-button id="refresh" secondary>Refresh</vscode-button>
  <vscode-button id="reset" secondary>Reset recording</vscode-button>
  <vscode-button id="export-trace" secondary>Export Chrome trace</vscode-button>
  <vscode-button id="export-speedscope" secondary>Export speedscope</vscode-button>
</div>
<div class="main">
  <div class="flame-column">
    <div class="stage" id="stage">
      <canvas id="flame" tabindex="0" role="application" aria-roledescription="flame graph" aria-label="Flame graph of the recorded kernels"
        aria-description="Up goes to the parent frame, Down to the first child, Left and Right to the frames beside; Enter zooms to the frame, Escape zooms out"></canvas>
      <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
      <div id="flame-readout" class="visually-hidden" role="status" aria-live="polite"></div>
    </div>
    <div id="flame-tree-view" class="flame-tree-view" hidden>
      <table id="flame-tree" class="flame-tree" role="treegrid" aria-label="Flame tree: frames with their times"></table>
    </div>
    <div class="details">
      <span id="selected" class="selected"></span>
      <vscode-button id="goto" disabled>Go to source</vscode-button>
    </div>
  </div>
  <div class="ops">
    <table id="by-op" class="by-op" aria-label="Time by kernel"></table>
  </div>
</div>
<footer class="footer">
  <span id="drawn" class="drawn"></span>
  <span id="note" class="note"></span>
</footer>`);

const canvas = byId<HTMLCanvasElement>('flame');
const stage = byId<HTMLDivElement>('stage');
const tooltip = byId<HTMLDivElement>('tooltip');
const searchField = byId<HTMLElement & { value: string }>('search');
const gotoButton = byId<HTMLElement & { disabled: boolean }>('goto');
const note = byId<HTMLSpanElement>('note');
const readout = byId<HTMLDivElement>('flame-readout');
const listToggle = byId<HTMLElement & { secondary: boolean }>('show-list');
const treeView = byId<HTMLDivElement>('flame-tree-view');
const treeGrid = new FlameTreeGrid(byId<HTMLTableElement>('flame-tree'), {
  onPick: (frame) => zoomTo(frame),
  onGoToSource: (frame) => goToSource(frame),
});

const post = channel.post;

function saveState(): void {
  channel.save(state);
}

function view(): FlameView {
  return { zoom, width: canvas.clientWidth, rowHeight: ROW_HEIGHT };
}

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** High-contrast themes (VS Code's body classes) border every block. */
function contrastBorder(): string | undefined {
  const { classList } = document.body;
  if (!classList.contains('vscode-high-contrast') && !classList.contains('vscode-high-contrast-light')) return undefined;
  return themeColor('--vscode-contrastBorder', '#6fc3df');
}

function draw(): DrawCounts | undefined {
  // Under "List" the graph is not shown: drawing it would count frames of a canvas with no width.
  if (stage.hidden) {
    byId('drawn').textContent = '';
    return undefined;
  }
  const rows = frames ? frames.maxDepth + 1 : 1;
  canvas.style.height = `${rows * ROW_HEIGHT}px`;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = rows * ROW_HEIGHT;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  if (!frames) return undefined;
  const counts = drawFlame(context, frames, view(), {
    matches,
    selected,
    cursor: document.activeElement === canvas ? cursor : -1,
    // Labels sit on mid-tone fills in every theme.
    textColor: 'rgb(0, 0, 0)',
    outlineColor: themeColor('--vscode-focusBorder', '#007fd4'),
    borderColor: contrastBorder(),
    font: `12px ${themeColor('--vscode-editor-font-family', 'monospace')}`,
  });
  byId('drawn').textContent = `${counts.drawn} of ${frames.size} frames drawn, ${counts.merged} merged blocks`;
  return counts;
}

function renderHeader(): void {
  byId('summary').classList.remove('error');
  if (!profile) return;
  const dropped = profile.droppedEvents > 0 ? `, ${profile.droppedEvents} oldest dropped` : '';
  byId('summary').textContent = `${profile.events} kernels recorded, ${formatMs(profile.totalMs)} in outermost kernels${dropped}`;
}

/** What the times measure, and the GPU timer's switch where the backend has one. */
function renderTiming(): void {
  const timing = profile?.timing;
  const button = byId<HTMLElement & { hidden: boolean }>('gpu-time');
  button.hidden = timing?.gpuTime !== 'on' && timing?.gpuTime !== 'off';
  if (!timing || !profile) {
    byId('timing').textContent = '';
    return;
  }
  if (timing.kernelTime === 'compute') {
    byId('timing').textContent = `Times: kernels computing on ${timing.backend} (each finishes before it returns).`;
    return;
  }
  const dispatch = `Times: CPU dispatch on ${timing.backend}; the GPU runs kernels later, and waiting for it shows up in reads.`;
  if (timing.gpuTime === 'unavailable') {
    byId('timing').textContent = `${dispatch} GPU time: not available (no timer query in this browser or device).`;
  } else if (timing.gpuTime === 'on') {
    const timed = frames?.gpuCount[0] ?? 0;
    const gpuMs = timed > 0 && frames ? frames.gpu[0] : 0;
    byId('timing').textContent = `${dispatch} GPU time on: ${formatMs(gpuMs)} in ${timed} timed kernels (from when it was turned on, as the GPU answers).`;
  } else {
    byId('timing').textContent = `${dispatch} GPU time: off.`;
  }
  button.textContent = timing.gpuTime === 'on' ? 'Stop GPU timing' : 'Time on GPU';
}

function renderSearch(): void {
  matches = frames && state.search.trim() ? searchFrames(frames, state.search) : undefined;
  let count = 0;
  if (matches) for (const match of matches) count += match;
  byId('matches').textContent = matches ? `${count} ${count === 1 ? 'match' : 'matches'}` : '';
}

function renderSelection(): void {
  if (!frames) {
    byId('selected').textContent = '';
    gotoButton.disabled = true;
    return;
  }
  const source = sourceOf(frames, selected);
  byId('selected').textContent = `${nameOf(frames, selected)}${source ? ` — ${source.path}:${source.line}` : ''}`;
  gotoButton.disabled = !source;
}

function renderTable(): void {
  const table = byId<HTMLTableElement>('by-op');
  if (!profile) {
    table.replaceChildren();
    return;
  }
  renderOpTable(table, profile, state.sort, (key: SortKey) => {
    state.sort = nextSort(state.sort, key);
    saveState();
    renderTable();
  });
}

function showProfile(summary: ProfileSummary, flame: FlameData): void {
  profile = summary;
  frames = decodeFlame(flame);
  zoom = findPath(frames, state.zoom);
  selected = findPath(frames, state.selected);
  cursor = -1;
  renderHeader();
  renderAll();
}

/** Why there is no profile: said in the header, with no graph or table of an older read left beside it. */
function showNone(message: string): void {
  profile = undefined;
  frames = undefined;
  cursor = -1;
  showError(byId('summary'), message);
  renderAll();
}

/** Everything but the header, from the profile held now (none: empty). */
function renderAll(): void {
  renderTiming();
  renderSearch();
  renderSelection();
  renderTable();
  hideTooltip();
  if (!treeView.hidden) treeGrid.show(frames, selected);
  draw();
}

function zoomTo(frame: number): void {
  if (!frames) return;
  zoom = frame;
  selected = frame;
  cursor = frame;
  state.zoom = framePath(frames, frame);
  state.selected = state.zoom;
  saveState();
  renderSelection();
  treeGrid.markSelected(frame);
  draw();
  describe(frame);
}

/** Puts a frame's tooltip lines in the live readout, for screen readers. */
function describe(frame: number): void {
  if (frames) readout.textContent = describeFrame(frames, frame).join(', ');
}

/** Moves the keyboard's ring to `frame`, zooming out to its parent where the zoom hides it, and shows its tooltip. */
function moveCursor(frame: number): void {
  if (!frames) return;
  cursor = frame;
  if (!frameBox(frames, view(), frame)) {
    zoom = frames.parent[frame];
    state.zoom = framePath(frames, zoom);
    saveState();
  }
  draw();
  describe(frame);
  const box = frameBox(frames, view(), frame);
  // Just under the frame, as a pointer resting on its top edge would show it.
  if (box) showTooltip(frame, Math.max(0, box.x), box.y + ROW_HEIGHT - 14);
}

function showList(shown: boolean): void {
  treeView.hidden = !shown;
  stage.hidden = shown;
  listToggle.setAttribute('aria-pressed', String(shown));
  // A pressed toggle looks like a primary button.
  listToggle.secondary = !shown;
  if (shown) treeGrid.show(frames, selected);
  else draw();
}

function hideTooltip(): void {
  tooltip.hidden = true;
}

function showTooltip(frame: number, x: number, y: number): void {
  if (!frames) return;
  const lines = describeFrame(frames, frame);
  tooltip.replaceChildren(
    ...lines.map((line, i) => {
      const element = document.createElement('div');
      element.className = i === 0 ? 'tooltip-title' : 'tooltip-line';
      element.textContent = line;
      return element;
    }),
  );
  tooltip.hidden = false;
  // Beside the pointer, kept inside the stage.
  const left = Math.min(x + 12, Math.max(0, stage.clientWidth - tooltip.offsetWidth - 4));
  tooltip.style.left = `${left}px`;
  tooltip.style.top = `${y + 16}px`;
}

function pointer(event: MouseEvent): { x: number; y: number } {
  const box = canvas.getBoundingClientRect();
  return { x: event.clientX - box.left, y: event.clientY - box.top };
}

const showKept = onRememberedHostMessages<HostToProfile>(channel, {
  profile: (message) => showProfile(message.summary, message.flame),
  error: (message) => showNone(message.message),
  status: (message) => showStatus(note, message),
  origin: (message) => showOrigin(message.origin),
});

canvas.addEventListener('mousemove', (event) => {
  if (!frames) return;
  const { x, y } = pointer(event);
  const frame = frameAt(frames, view(), x, y);
  if (frame < 0) {
    hideTooltip();
    return;
  }
  showTooltip(frame, x, y);
  if (frame !== cursor) {
    cursor = frame;
    describe(frame);
  }
});
canvas.addEventListener('mouseleave', hideTooltip);
canvas.addEventListener('click', (event) => {
  if (!frames) return;
  const { x, y } = pointer(event);
  const frame = frameAt(frames, view(), x, y);
  if (frame >= 0) zoomTo(frame);
});
canvas.addEventListener('keydown', (event) => {
  if (!frames) return;
  const move = FLAME_KEY_MOVES[event.key];
  if (move) {
    event.preventDefault();
    moveCursor(moveFrame(frames, cursor >= 0 ? cursor : selected, move));
  } else if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    zoomTo(cursor >= 0 ? cursor : selected);
  } else if (event.key === 'Escape') {
    zoomTo(0);
  }
});
// Focus finds the ring on the selected frame (or where the pointer last was), and says which it is.
canvas.addEventListener('focus', () => {
  if (!frames) return;
  if (cursor < 0) cursor = selected;
  draw();
  describe(cursor);
});
canvas.addEventListener('blur', () => {
  hideTooltip();
  draw();
});

function goToSource(frame = selected): void {
  const source = frames && sourceOf(frames, frame);
  if (source) post({ type: 'goToSource', path: source.path, line: source.line });
}

searchField.addEventListener('input', () => {
  state.search = searchField.value;
  saveState();
  renderSearch();
  draw();
});
gotoButton.addEventListener('click', () => goToSource());
listToggle.addEventListener('click', () => showList(treeView.hidden));
byId('unzoom').addEventListener('click', () => zoomTo(0));
byId('refresh').addEventListener('click', () => post({ type: 'refresh' }));
byId('reset').addEventListener('click', () => post({ type: 'reset' }));
byId('export-trace').addEventListener('click', () => post({ type: 'export', format: 'chrome-trace' }));
byId('export-speedscope').addEventListener('click', () => post({ type: 'export', format: 'speedscope' }));
byId('gpu-time').addEventListener('click', () => post({ type: 'gpuTime', on: profile?.timing?.gpuTime !== 'on' }));

new ResizeObserver(() => draw()).observe(stage);
// A theme switch changes the body's classes: high contrast borders the blocks.
new MutationObserver(() => draw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

searchField.value = state.search;
showKept();
post({ type: 'ready' });
