/**
 * The line at the top of every panel that says what it shows (the host's `origin` notice): a
 * live stop ("train.js · stop 4"), a read while the program ran, or — once that session has
 * ended, or after a window reload — "train.js ended · last seen at stop 4", with the content
 * marked as no longer live. Announced to screen readers as it changes.
 */
import type { PanelOrigin } from '../../protocol/webviewMessages';

/** The words for `origin`; empty for none. */
export function describeOrigin(origin: PanelOrigin | null): string {
  if (!origin) return '';
  const when = origin.stop === undefined ? 'while running' : `at stop ${origin.stop}`;
  if (origin.ended) return `${origin.session} ended · last seen ${when}`;
  return origin.stop === undefined ? `${origin.session} · read while running` : `${origin.session} · stop ${origin.stop}`;
}

function originElement(): HTMLElement {
  const existing = document.getElementById('panel-origin');
  if (existing) return existing;
  const element = document.createElement('div');
  element.id = 'panel-origin';
  element.className = 'panel-origin';
  element.setAttribute('role', 'status');
  const app = document.getElementById('app') ?? document.body;
  app.prepend(element);
  return element;
}

/** Shows where the panel's content comes from; an ended origin marks the page (`body.is-ended`) so its content reads as past. */
export function showOrigin(origin: PanelOrigin | null): void {
  const element = originElement();
  element.textContent = describeOrigin(origin);
  element.hidden = origin === null;
  element.classList.toggle('ended', origin?.ended === true);
  document.body.classList.toggle('is-ended', origin?.ended === true);
}
