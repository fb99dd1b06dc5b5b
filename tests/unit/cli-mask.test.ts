import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONCEALED, Masker } from '@/cli/src/mask';

const API_KEY = 'Xq7Lm2Pz9Rt4Vb8Nc3Jd6Hf1K';
const SECRET = 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3zA5bC7dE9fG2hJ4km';
const BEARER = `AAAAAAAAAAAAAAAAAAAAA${'Ab1%2Bcd'.repeat(4)}Ab1%2Bc%3D${'z'.repeat(50)}`;

/** Feeds `text` to a masker in chunks cut at `cuts`, and returns everything it wrote. */
function masked(values: string[], text: string | Buffer, cuts: number[] = []): string {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const masker = new Masker(values);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(masker.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(masker.push(bytes.subarray(from)), masker.end());
  return Buffer.concat(out).toString('utf8');
}

describe('masking a command’s output', () => {
  it('replaces each exact value, wherever a chunk boundary falls', () => {
    const text = `key=${API_KEY}\nsecret=${SECRET}${SECRET}\nbye\n`;
    const expected = `key=${CONCEALED}\nsecret=${CONCEALED}${CONCEALED}\nbye\n`;
    for (let cut = 0; cut <= text.length; cut++) {
      expect(masked([API_KEY, SECRET], text, [cut])).toBe(expected);
    }
    // Byte by byte: every value arrives split in as many pieces as it has characters.
    const everyByte = Array.from({ length: text.length }, (_, i) => i);
    expect(masked([API_KEY, SECRET], text, everyByte)).toBe(expected);
  });

  it('conceals the longer of two values that start at the same place, and the percent-decoded Bearer Token', () => {
    expect(masked([API_KEY, `${API_KEY}extra`], `[${API_KEY}extra]`)).toBe(`[${CONCEALED}]`);
    const decoded = decodeURIComponent(BEARER);
    expect(masked([BEARER], `${BEARER} ${decoded}`, [30, 90])).toBe(`${CONCEALED} ${CONCEALED}`);
  });

  it('lets text through at once unless its end could begin a value', () => {
    const masker = new Masker([API_KEY]);
    expect(masker.push(Buffer.from('Listening on port 3000\n')).toString()).toBe('Listening on port 3000\n');
    // "…Xq7" may be the start of the key: held back until the next chunk says.
    expect(masker.push(Buffer.from('token: Xq7')).toString()).toBe('token: ');
    expect(masker.push(Buffer.from('Lm, not the key\n')).toString()).toBe('Xq7Lm, not the key\n');
    expect(masker.push(Buffer.from(API_KEY.slice(0, 10))).toString()).toBe('');
    expect(masker.end().toString()).toBe(API_KEY.slice(0, 10));
  });

  it('leaves UTF-8 intact when a chunk ends inside a character', () => {
    const text = `€ ${SECRET} — ✓ 🎉`;
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(masked([SECRET], bytes, [cut])).toBe(`€ ${CONCEALED} — ✓ 🎉`);
    }
  });

  it('never lets a value through, for any text and any chunking', () => {
    const values = [API_KEY, SECRET, BEARER];
    const piece = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(...values, API_KEY.slice(0, 7), SECRET.slice(3), 'AAAA', '%3D'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(400), { maxLength: 8 }), (pieces, cuts) => {
        const text = pieces.join('');
        const length = Buffer.byteLength(text);
        const out = masked(
          values,
          text,
          cuts.map((c) => c % (length + 1)),
        );
        for (const value of [...values, decodeURIComponent(BEARER)]) expect(out).not.toContain(value);
        // Chunking changes nothing: the same as masking the whole text at once.
        expect(out).toBe(masked(values, text));
      }),
      { numRuns: 500 },
    );
  });
});
