/**
 * Framing of the private socket between the debug adapter and the in-process CDP agent.
 * Each frame is an 8-byte header (JSON length, binary length, both u32 little-endian), the
 * JSON text, then optional raw bytes, so that tensor data can travel beside a message without
 * passing through JSON. The JSON is padded with spaces so the bytes start 8-aligned in the
 * frame, and a frame is received into one buffer of its own: a Float32Array can then view
 * the bytes where they are, with one copy from the socket and none after. Used by both ends;
 * depends on Node's Buffer only.
 */

/** A decoded frame: the parsed JSON message and its raw attachment, if any. */
export interface Frame {
  message: unknown;
  binary?: Buffer;
}

const headerBytes = 8;

/** The parts of one frame, to be written in order (the bytes are not copied). */
export function encodeFrameParts(message: unknown, binary?: Uint8Array): Buffer[] {
  let json = JSON.stringify(message);
  if (binary) json = json.padEnd(json.length + ((8 - ((headerBytes + Buffer.byteLength(json)) % 8)) % 8));
  const text = Buffer.from(json, 'utf8');
  const header = Buffer.allocUnsafe(headerBytes);
  header.writeUInt32LE(text.length, 0);
  header.writeUInt32LE(binary ? binary.byteLength : 0, 4);
  return binary ? [header, text, Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength)] : [header, text];
}

/** Encodes one frame into one buffer. */
export function encodeFrame(message: unknown, binary?: Uint8Array): Buffer {
  return Buffer.concat(encodeFrameParts(message, binary));
}

/** Collects socket chunks and yields whole frames. */
export class FrameDecoder {
  private header = Buffer.alloc(headerBytes);
  private headerFilled = 0;
  /** The frame being received, allocated once its header is known. */
  private body: Buffer | undefined;
  private bodyFilled = 0;
  private jsonLength = 0;

  /** Adds a chunk and returns the frames it completed. */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (!this.body) {
        const take = Math.min(headerBytes - this.headerFilled, chunk.length - at);
        chunk.copy(this.header, this.headerFilled, at, at + take);
        this.headerFilled += take;
        at += take;
        if (this.headerFilled < headerBytes) break;
        this.jsonLength = this.header.readUInt32LE(0);
        // allocUnsafeSlow: a buffer of its own at offset 0, so alignment within it holds.
        this.body = Buffer.allocUnsafeSlow(this.jsonLength + this.header.readUInt32LE(4));
        this.bodyFilled = 0;
      }
      const take = Math.min(this.body.length - this.bodyFilled, chunk.length - at);
      chunk.copy(this.body, this.bodyFilled, at, at + take);
      this.bodyFilled += take;
      at += take;
      if (this.bodyFilled < this.body.length) break;
      const body = this.body;
      const message: unknown = JSON.parse(body.toString('utf8', 0, this.jsonLength));
      frames.push(body.length > this.jsonLength ? { message, binary: body.subarray(this.jsonLength) } : { message });
      this.body = undefined;
      this.headerFilled = 0;
    }
    return frames;
  }
}
