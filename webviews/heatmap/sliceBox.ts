/**
 * The heatmap toolbar's slice box: the slice shown, as an expression on the tensor
 * (`x[0, :, 2:5]`), to edit. Enter checks what was typed against the tensor's shape with the
 * parser the program uses (common/tensorSlices.ts) and asks the host for that slice; a slice
 * that does not fit is refused here, its problem shown beside the box, and nothing is sent.
 * Escape puts back the slice shown. Every new view shows its slice in the box, so the box and
 * the axis pickers always agree.
 */
import { parseSlice, SliceError, sliceExpression, sliceOfExpression } from '../../common/tensorSlices';
import type { HeatmapView } from '../../protocol/webviewMessages';
import { byId } from '../shared/hostChannel';
import { channel, page } from './heatmapState';

const box = document.createElement('input');
box.id = 'slice-box';
box.className = 'slice-box';
box.type = 'text';
box.spellcheck = false;
box.setAttribute('aria-label', "Slice: per axis an index, ':' or a range start:stop[:step]; Enter shows it");
const problem = document.createElement('span');
problem.id = 'slice-problem';
problem.className = 'slice-problem';
problem.setAttribute('role', 'alert');
box.setAttribute('aria-describedby', problem.id);
const field = document.createElement('label');
field.className = 'field';
field.append('Slice', box);
byId('axes').before(field, problem);

/** Whether the text in the box is the user's, not yet applied: a view arriving meanwhile (a stop) leaves it. */
let typed = false;

/** The tensor's name in the box and its messages: its expression when it is a plain one, not a tape tensor's description. */
function tensorName(view: HeatmapView): string | undefined {
  return /^[\w$.[\]]+$/.test(view.expression) ? view.expression : undefined;
}

function showProblem(text: string): void {
  problem.textContent = text;
  if (text === '') box.removeAttribute('aria-invalid');
  else box.setAttribute('aria-invalid', 'true');
}

/** Shows the slice of `view` in the box (and as its placeholder), unless the user is typing another. */
export function renderSliceBox(view: HeatmapView | undefined): void {
  // A scalar has nothing to slice.
  field.hidden = !view || view.shape.length === 0;
  const shown = view ? sliceExpression(tensorName(view), parseSlice(view.slice, view.shape).parts) : '';
  box.placeholder = shown;
  if (typed && document.activeElement === box) return;
  typed = false;
  box.value = shown;
  showProblem('');
}

function apply(): void {
  const view = page.current;
  if (!view) return;
  try {
    const slice = parseSlice(sliceOfExpression(box.value), view.shape, tensorName(view) ?? 'the tensor').text;
    typed = false;
    showProblem('');
    channel.post({ type: 'slice', slice });
  } catch (error) {
    if (!(error instanceof SliceError)) throw error;
    showProblem(error.problem);
  }
}

box.addEventListener('input', () => {
  typed = true;
  showProblem('');
});
box.addEventListener('keydown', (event) => {
  // Keys typed here are text, not the page's shortcuts.
  event.stopPropagation();
  if (event.key === 'Enter') apply();
  else if (event.key === 'Escape') {
    typed = false;
    renderSliceBox(page.current);
  }
});
