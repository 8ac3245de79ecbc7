/**
 * Base64 of a view's float32 bytes, the way they leave a page (a page has no agent's socket):
 * the heatmap's 512×512 view is 1 MB. The engine's own `Uint8Array.prototype.toBase64`
 * (Chromium 140, Firefox 133, Safari 18.2) encodes it in about a millisecond; without it,
 * `btoa` of chunks made by `String.fromCharCode.apply` costs about ten times that, where one
 * string built by spreading each chunk into `fromCharCode` and encoded at once cost 40–290 ms
 * in headless Chromium, most of a first heatmap read.
 */

/** A byte array where the engine encodes base64 itself. */
interface WithToBase64 {
  toBase64?: () => string;
}

/**
 * Bytes per chunk: a multiple of 3, so that each chunk's base64 has no padding and the
 * chunks' texts join into the whole one, and few enough for a call's arguments.
 */
const chunkBytes = 3 * 0x2000;

/** Base64 of `bytes` by `btoa`, chunk by chunk, for engines without `toBase64`. */
export function chunkedBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(at, at + chunkBytes) as unknown as number[])));
  }
  return parts.join('');
}

/** Base64 of the bytes of a float32 view. */
export function viewBase64(data: Float32Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const native = (bytes as WithToBase64).toBase64;
  return typeof native === 'function' ? native.call(bytes) : chunkedBase64(bytes);
}
