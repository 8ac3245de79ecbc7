/**
 * Framing of the private socket between the debug adapter and the in-process CDP agent.
 * Each frame is an 8-byte header (JSON length, binary length, both u32 little-endian), the
 * JSON text, then optional raw bytes, so that tensor data can travel beside a message without
 * passing through JSON. Used by both ends; depends on Node's Buffer only.
 */

/** A decoded frame: the parsed JSON message and its raw attachment, if any. */
export interface Frame {
  message: unknown;
  binary?: Buffer;
}

const headerBytes = 8;

/** Encodes one frame. */
export function encodeFrame(message: unknown, binary?: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.allocUnsafe(headerBytes);
  header.writeUInt32LE(json.length, 0);
  header.writeUInt32LE(binary ? binary.byteLength : 0, 4);
  return binary ? Buffer.concat([header, json, binary]) : Buffer.concat([header, json]);
}

/** Collects socket chunks and yields whole frames. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds a chunk and returns the frames it completed. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < headerBytes) break;
      const head = this.peek(headerBytes);
      const jsonLength = head.readUInt32LE(0);
      const binaryLength = head.readUInt32LE(4);
      const total = headerBytes + jsonLength + binaryLength;
      if (this.buffered < total) break;
      const frame = this.take(total);
      const message: unknown = JSON.parse(frame.toString('utf8', headerBytes, headerBytes + jsonLength));
      frames.push(binaryLength > 0 ? { message, binary: frame.subarray(headerBytes + jsonLength) } : { message });
    }
    return frames;
  }

  private peek(length: number): Buffer {
    if (this.chunks[0].length < length) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0];
  }

  private take(length: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const frame = all.subarray(0, length);
    const rest = all.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }
}
