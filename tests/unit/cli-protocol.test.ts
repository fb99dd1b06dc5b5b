import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameError, FrameReader } from '@/cli/src/frames';
import { KINDS } from '@/utils/kinds';
import { BrowserMessage, CLI_ERRORS, CliReply, CliRequest, HostMessage, PRESET_IDS } from '@/utils/protocol/native';

const nonce = fc.stringMatching(/^[0-9a-f]{32}$/);
const caller = fc.record({
  argv: fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 6 }),
  cwd: fc.string({ minLength: 1, maxLength: 60 }),
});
const kinds = fc.uniqueArray(fc.constantFrom(...KINDS), { minLength: 1, maxLength: KINDS.length });
const wait = fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined });

/** Requests as `oncekey` sends them: every shape the schema should accept. */
const request = fc.oneof(
  fc.record(
    { type: fc.constant('ls' as const), v: fc.constant(1 as const), nonce, caller, wait },
    { requiredKeys: ['type', 'v', 'nonce', 'caller'] },
  ),
  fc.record(
    {
      type: fc.constant('read' as const),
      v: fc.constant(1 as const),
      nonce,
      caller,
      wait,
      purpose: fc.constantFrom('run' as const, 'env' as const, 'read' as const),
      app: fc.string({ minLength: 1, maxLength: 200 }),
      kinds,
    },
    { requiredKeys: ['type', 'v', 'nonce', 'caller', 'purpose', 'app'] },
  ),
);

const reply = fc.oneof(
  fc.record({
    nonce,
    ok: fc.constant(true as const),
    value: fc.record(
      {
        type: fc.constant('secrets' as const),
        appName: fc.string({ maxLength: 200 }),
        preset: fc.constantFrom(...PRESET_IDS),
        items: fc.array(
          fc.record({
            kind: fc.constantFrom(...KINDS),
            value: fc.string({ minLength: 1, maxLength: 512 }),
            version: fc.integer({ min: 1, max: 1000 }),
            createdAt: fc.integer({ min: 0, max: 2 ** 45 }),
          }),
          { minLength: 1, maxLength: KINDS.length },
        ),
      },
      { requiredKeys: ['type', 'preset', 'items'] },
    ),
  }),
  fc.record({
    nonce: fc.option(nonce, { nil: null }),
    ok: fc.constant(false as const),
    error: fc.record({ code: fc.constantFrom(...CLI_ERRORS), message: fc.string({ minLength: 1, maxLength: 100 }) }),
  }),
);

/** A valid message changed in one way each schema must refuse: an unknown key, a required one gone, a bad nonce. */
const broken = <T extends object>(valid: fc.Arbitrary<T>, required: string[]) =>
  fc.tuple(valid, fc.nat(), fc.anything()).map(([message, which, junk]) => {
    const copy = structuredClone(message) as Record<string, unknown>;
    if (which % 3 === 0) copy.extra = junk;
    else if (which % 3 === 1) delete copy[required[which % required.length] as string];
    else copy.nonce = 'NOT-A-NONCE';
    return copy;
  });

describe('the command line’s messages', () => {
  it('accept every well-formed request and reply, unchanged, and refuse each one changed', () => {
    fc.assert(
      fc.property(request, (r) => {
        expect(v.parse(CliRequest, r)).toEqual(r);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(reply, (r) => {
        expect(v.parse(CliReply, r)).toEqual(r);
      }),
      { numRuns: 300 },
    );
    for (const [valid, schema, required] of [
      [request, CliRequest, ['type', 'v', 'nonce', 'caller']],
      [reply, CliReply, ['ok', 'nonce']],
    ] as const) {
      fc.assert(
        fc.property(broken(valid as fc.Arbitrary<object>, [...required]), (r) => {
          expect(v.safeParse(schema, r).success).toBe(false);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('never throw on arbitrary input, and accept none of it by chance', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        for (const schema of [CliRequest, CliReply, HostMessage, BrowserMessage]) {
          expect(v.safeParse(schema, junk).success).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuse what the limits forbid: a wait over 60 s, an unknown kind, a second version of the protocol', () => {
    const base = {
      type: 'read',
      v: 1,
      nonce: 'a'.repeat(32),
      caller: { argv: ['node', 'bot.js'], cwd: '~/bot' },
      purpose: 'run',
      app: 'bot',
    };
    expect(v.safeParse(CliRequest, base).success).toBe(true);
    expect(v.safeParse(CliRequest, { ...base, wait: 61 }).success).toBe(false);
    expect(v.safeParse(CliRequest, { ...base, kinds: ['password'] }).success).toBe(false);
    expect(v.safeParse(CliRequest, { ...base, kinds: [] }).success).toBe(false);
    expect(v.safeParse(CliRequest, { ...base, v: 2 }).success).toBe(false);
    expect(v.safeParse(CliRequest, { ...base, app: '' }).success).toBe(false);
    expect(v.safeParse(CliRequest, { ...base, caller: { argv: [], cwd: '~' } }).success).toBe(false);
  });
});

describe('length-prefixed framing', () => {
  it('reads back what was written, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (messages, cuts) => {
          const bytes = Buffer.concat(messages.map((m) => encodeFrame(m, 1 << 20)));
          const reader = new FrameReader(1 << 20);
          const read: unknown[] = [];
          let from = 0;
          for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
            read.push(...reader.push(bytes.subarray(from, cut)));
            from = cut;
          }
          read.push(...reader.push(bytes.subarray(from)));
          expect(read).toEqual(JSON.parse(JSON.stringify(messages)));
        },
      ),
    );
  });

  it('refuses a length over the limit before its body arrives, and a body that is not JSON', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(10 * 1024 * 1024);
    expect(() => new FrameReader(64 * 1024).push(header)).toThrow(FrameError);
    expect(() => encodeFrame({ text: 'x'.repeat(2000) }, 1000)).toThrow(FrameError);
    const body = Buffer.from('{not json');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(body.length);
    expect(() => new FrameReader(1000).push(Buffer.concat([length, body]))).toThrow('not JSON');
  });
});
