import { endianness } from 'node:os';

/**
 * Length-prefixed JSON, as Chrome and Firefox talk to a native messaging host: a 32-bit
 * length in the machine's byte order, then that many bytes of UTF-8 JSON. The host and
 * `oncekey` frame their socket the same way. Every reader has a limit: a length over it
 * is refused before a byte of the body is buffered.
 */
const LITTLE_ENDIAN = endianness() === 'LE';

export class FrameError extends Error {}

export function encodeFrame(message: unknown, maxBytes: number): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > maxBytes) throw new FrameError(`A message of ${body.length} bytes is over the limit.`);
  const header = Buffer.alloc(4);
  if (LITTLE_ENDIAN) header.writeUInt32LE(body.length);
  else header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
}

/**
 * Cuts a byte stream into messages. After a FrameError (too large, or not JSON) the stream
 * cannot be trusted to be in step any more: the caller closes it.
 */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {}

  /** The messages completed by this chunk: parsed JSON, not yet checked against a schema. */
  push(chunk: Buffer): unknown[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const messages: unknown[] = [];
    while (this.pending.length >= 4) {
      const length = LITTLE_ENDIAN ? this.pending.readUInt32LE(0) : this.pending.readUInt32BE(0);
      if (length > this.maxBytes) throw new FrameError(`A message of ${length} bytes is over the limit.`);
      if (this.pending.length < 4 + length) break;
      const body = this.pending.subarray(4, 4 + length);
      this.pending = this.pending.subarray(4 + length);
      let message: unknown;
      try {
        message = JSON.parse(body.toString('utf8'));
      } catch {
        throw new FrameError('A message was not JSON.');
      }
      // A reply holds values: its bytes are not left in the buffer for longer than it takes to read them.
      body.fill(0);
      messages.push(message);
    }
    return messages;
  }
}
