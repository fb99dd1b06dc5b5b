/** What a secret value becomes in a command's output. */
export const CONCEALED = '<concealed by OnceKey>';
const CONCEALED_BYTES = Buffer.from(CONCEALED, 'utf8');

/**
 * The values to look for: each exact value, and its percent-decoded form where that
 * differs (a Bearer Token holds "%3D", which a library may print decoded). Longest first,
 * so that where one value contains another the whole of it is concealed.
 */
export function maskedForms(values: readonly string[]): Buffer[] {
  const forms = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    forms.add(value);
    try {
      const decoded = decodeURIComponent(value);
      if (decoded && decoded !== value) forms.add(decoded);
    } catch {
      // Not percent-encoded text: the exact value is enough.
    }
  }
  return [...forms].sort((a, b) => b.length - a.length).map((form) => Buffer.from(form, 'utf8'));
}

/**
 * Replaces every occurrence of the values in a byte stream, also where one is split
 * across chunks. It works on bytes, so a chunk that ends inside a UTF-8 character changes
 * nothing. Output is held back only while the end of what arrived could still be the
 * start of a value: text that cannot, such as a line that ends a log entry, passes at once.
 */
export class Masker {
  private pending: Buffer = Buffer.alloc(0);
  private readonly secrets: Buffer[];

  constructor(values: readonly string[]) {
    this.secrets = maskedForms(values);
  }

  /** What can be written now. */
  push(chunk: Buffer): Buffer {
    const buffer = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    let position = 0;
    for (;;) {
      const match = this.earliest(buffer, position);
      if (!match) break;
      out.push(buffer.subarray(position, match.at), CONCEALED_BYTES);
      position = match.at + match.length;
    }
    const keep = this.partialTail(buffer, position);
    out.push(buffer.subarray(position, buffer.length - keep));
    this.pending = Buffer.from(buffer.subarray(buffer.length - keep));
    return Buffer.concat(out);
  }

  /** What is left when the stream ends: it held no whole value, or push would have replaced it. */
  end(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }

  /** The first occurrence of any value at or after `from`; the longest where two start together. */
  private earliest(buffer: Buffer, from: number): { at: number; length: number } | undefined {
    let best: { at: number; length: number } | undefined;
    for (const secret of this.secrets) {
      const at = buffer.indexOf(secret, from);
      if (at !== -1 && (!best || at < best.at)) best = { at, length: secret.length };
    }
    return best;
  }

  /** How many bytes at the end of `buffer` (after `from`) begin some value, and so must wait. */
  private partialTail(buffer: Buffer, from: number): number {
    const longest = this.secrets[0]?.length ?? 0;
    for (let size = Math.min(longest - 1, buffer.length - from); size > 0; size--) {
      const tail = buffer.subarray(buffer.length - size);
      if (this.secrets.some((secret) => secret.length > size && secret.subarray(0, size).equals(tail))) return size;
    }
    return 0;
  }
}
