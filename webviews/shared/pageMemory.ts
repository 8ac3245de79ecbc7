/**
 * What a page remembers of its host: the last content message (or error) and the last
 * `origin`, kept in the page's VS Code state and shown again when the page loads before the
 * host has sent anything. That is what makes a panel restored after "Reload Window" show its
 * last content at once (the host then says it is from an ended session), and a hidden panel's
 * page show its content again without waiting for the host. The page's subject (`data-subject`)
 * is kept with them, for the host that restores the panel. ArrayBuffers (tensor views, flame
 * frames) are kept as base64, since VS Code keeps a page's state as JSON.
 */
import type { PanelOrigin } from '../../protocol/webviewMessages';
import { onHostMessage, type HostHandlers, type PageChannel } from './hostChannel';

interface Memory {
  /** What the panel shows, as its host named it in `#app`'s `data-subject` (the heatmap's target): how a restored panel's host knows. */
  subject?: string;
  content?: unknown;
  origin?: { type: 'origin'; origin: PanelOrigin | null };
}

const BUFFER = '$base64';

/**
 * The most a kept content message may weigh, as JSON characters: a 512×512 heatmap view is
 * 1.4 M. A larger one (a profile of 100k frames) is not kept: the state is written at every
 * read, and VS Code stores it with the window; a restored panel then shows its origin alone
 * until the next stop.
 */
const MAX_KEPT_CHARS = 2_000_000;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** `value` with every ArrayBuffer in it as `{ $base64 }`, for JSON. */
function encode(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return { [BUFFER]: toBase64(new Uint8Array(value)) };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record[BUFFER] === 'string' && Object.keys(record).length === 1) return fromBase64(record[BUFFER]);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));
}

/**
 * Calls `handlers` for the host's messages (as `onHostMessage` does) and keeps the last
 * content message and origin in the page's state; returns the function that shows what the
 * page kept before, which the page calls once it is set up, before it says `ready`. `lean`
 * may drop what a restore does not need from a content message before it is kept (the
 * heatmap's previous view).
 */
export function onRememberedHostMessages<FromHost extends { type: string }>(
  channel: PageChannel<unknown, unknown>,
  handlers: HostHandlers<FromHost>,
  lean: (message: FromHost) => FromHost = (message) => message,
): () => void {
  const memory: Memory = { subject: document.getElementById('app')?.dataset.subject };
  const kept = channel.kept as Memory | undefined;
  const handle = (message: FromHost) => (handlers[message.type as FromHost['type']] as (message: FromHost) => void)(message);
  const remembering = Object.fromEntries(
    Object.keys(handlers).map((type) => [
      type,
      (message: FromHost) => {
        handle(message);
        if (message.type === 'status') return;
        if (message.type === 'origin') memory.origin = message as unknown as Memory['origin'];
        else {
          const content = encode(lean(message));
          memory.content = JSON.stringify(content).length <= MAX_KEPT_CHARS ? content : undefined;
        }
        channel.keep(memory);
      },
    ]),
  ) as unknown as HostHandlers<FromHost>;
  onHostMessage(remembering);
  return () => {
    // A page's state is whatever it saved: shown only if it is a message this page handles.
    for (const saved of [kept?.content, kept?.origin]) {
      const message = decode(saved) as FromHost | undefined;
      if (!message || typeof message.type !== 'string' || !Object.prototype.hasOwnProperty.call(handlers, message.type)) continue;
      try {
        remembering[message.type as FromHost['type']](message as never);
      } catch {
        // What an older build of the page kept may not fit this one: the host sends the content again.
      }
    }
  };
}
