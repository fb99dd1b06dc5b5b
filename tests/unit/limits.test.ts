import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vaultHandlers } from '@/utils/background/handlers';
import { KINDS } from '@/utils/kinds';
import { createRateLimit, RATE_LIMIT, RATE_WINDOW_MS } from '@/utils/protocol/rate-limit';
import { createRouter, type Sender } from '@/utils/protocol/router';
import { addEvents } from '@/utils/vault/event-pages';
import {
  MAX_INBOX,
  MAX_INBOX_PER_TAB,
  MAX_PAGE_EVENTS_PER_APP,
  MAX_PENDING,
  MAX_PENDING_PER_TAB,
} from '@/utils/vault/limits';
import { API_KEY, API_KEY_2, capture, makeVault, PASSPHRASE, storedEvents } from './helpers/vault';

const RUNTIME_ID = 'oncekeyextensionidaaaaaaaaaaaaaa';
const BASE = `chrome-extension://${RUNTIME_ID}/`;
const tab = (id: number): Sender => ({
  id: RUNTIME_ID,
  url: 'https://developer.x.com/en/portal/projects/1/apps/2/keys',
  tab: { id },
  frameId: 0,
});

/** The background as it runs: router, rate limit and vault on one clock. */
function background(made = makeVault()) {
  const handle = createRouter({
    runtimeId: RUNTIME_ID,
    extensionBase: BASE,
    handlers: vaultHandlers(made.vault),
    overLimit: createRateLimit(() => made.clock.now),
  });
  const submit = (capturePayload: object, from: Sender) =>
    handle({ type: 'capture.submit', payload: capturePayload }, from);
  return { ...made, handle, submit };
}

/** A capture as the portal submits it: no time. */
function real(appId = '28123456', value = API_KEY) {
  const { at: _, ...payload } = capture({ appId, credentials: [{ kind: 'apiKey', value }] });
  return payload;
}

const alnum = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789'), minLength: n, maxLength: n });
/** Captures a compromised page could send: valid ones with random values and Apps, and broken ones. */
const fuzzedCapture = fc.oneof(
  fc.record({
    host: fc.constantFrom('developer.x.com', 'console.x.com'),
    appId: fc.stringMatching(/^[0-9]{8}$/),
    appName: fc.string({ maxLength: 200 }),
    credentials: fc.array(
      fc.oneof(
        alnum(25).map((value) => ({ kind: 'apiKey', value })),
        alnum(50).map((value) => ({ kind: 'apiKeySecret', value })),
      ),
      { minLength: 1, maxLength: 16 },
    ),
  }),
  // In the schema's shape but not the formats, dated by the page, or malformed.
  fc.record({
    host: fc.constant('developer.x.com'),
    credentials: fc.constant([{ kind: 'apiKey', value: 'not-a-key' }]),
  }),
  fc.record({
    host: fc.constant('developer.x.com'),
    at: fc.nat(),
    credentials: fc.constant([{ kind: 'apiKey', value: API_KEY }]),
  }),
  fc.record({
    host: fc.constant('developer.x.com'),
    credentials: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), value: fc.string() }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
);

describe('a compromised page flooding OnceKey with captures', () => {
  for (const state of ['locked', 'no vault'] as const) {
    it(`gets ${RATE_LIMIT} a minute through from its tab (${state}); a real capture still succeeds after 10,000`, async () => {
      const bg = background();
      if (state === 'locked') {
        await bg.vault.create(PASSPHRASE);
        await bg.vault.lock();
      }
      let stored = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(fuzzedCapture, async (payload) => {
          const reply = await bg.submit(payload, tab(7));
          if (reply.ok) stored++;
          else {
            refused++;
            expect(['rate-limited', 'bad-format', 'invalid-message']).toContain(reply.error.code);
            if (reply.error.code === 'rate-limited') {
              expect(reply.error.message).toBe('Too many captures from this tab; wait a minute.');
            }
          }
        }),
        { numRuns: 10_000 },
      );
      expect(stored + refused).toBe(10_000);
      expect(stored).toBeLessThanOrEqual(RATE_LIMIT);
      const held = state === 'locked' ? await bg.db.inbox.count() : (await bg.session.getPending()).length;
      expect(held).toBe(stored);

      const saved = state === 'locked' ? 'sealed' : 'pending';
      // Another tab, at once; then the same tab, once its minute is over.
      expect(await bg.submit(real(), tab(8))).toEqual({ ok: true, value: { saved } });
      expect(await bg.submit(real('28999999'), tab(7))).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
      bg.clock.now += RATE_WINDOW_MS;
      expect(await bg.submit(real('28999999'), tab(7))).toEqual({ ok: true, value: { saved } });
      if (state === 'locked') await bg.vault.unlock(PASSPHRASE);
      else await bg.vault.create(PASSPHRASE);
      const apps = await bg.vault.list();
      for (const appId of ['28123456', '28999999']) {
        const app = apps.find((a) => a.portalAppId === appId);
        const key = app?.credentials.find((c) => c.kind === 'apiKey' && c.status === 'active');
        expect(await bg.vault.value(key?.id ?? '')).toBe(API_KEY);
      }
    });
  }

  it('limits regeneration, "seen" and preview messages per tab too', async () => {
    const bg = background();
    await bg.vault.create(PASSPHRASE);
    const signal = { host: 'developer.x.com', appId: '28123456', kinds: ['apiKey'] };
    for (const type of ['capture.seen', 'capture.preview'] as const) {
      for (let i = 0; i < RATE_LIMIT; i++) expect((await bg.handle({ type, payload: signal }, tab(7))).ok).toBe(true);
      expect(await bg.handle({ type, payload: signal }, tab(7))).toMatchObject({
        ok: false,
        error: { code: 'rate-limited', message: expect.stringMatching(/from this tab; wait a minute\.$/) },
      });
      expect((await bg.handle({ type, payload: signal }, tab(8))).ok).toBe(true);
    }
    // OnceKey's own pages are not limited.
    const popup = { id: RUNTIME_ID, url: `${BASE}popup.html` };
    for (let i = 0; i < RATE_LIMIT + 5; i++) {
      expect((await bg.handle({ type: 'capture.preview', payload: signal }, popup)).ok).toBe(true);
    }
  });
});

describe('the limits on what pages make OnceKey hold', () => {
  /** One capture a tab may send every 3 s: under the rate limit, so only the caps refuse. */
  const slowly = async (bg: ReturnType<typeof background>, tabId: number, n: number) => {
    const codes: string[] = [];
    let lastRefusal = '';
    for (let i = 0; i < n; i++) {
      bg.clock.now += 3_000;
      const reply = await bg.submit(real(String(30_000_000 + i)), tab(tabId));
      codes.push(reply.ok ? (reply.value as { saved: string }).saved : reply.error.code);
      if (!reply.ok) lastRefusal = reply.error.message;
    }
    return Object.assign(codes, { lastRefusal });
  };

  it(`hold ${MAX_INBOX_PER_TAB} sealed captures from one tab; another tab's capture is still sealed`, async () => {
    const bg = background();
    await bg.vault.create(PASSPHRASE);
    await bg.vault.lock();
    const codes = await slowly(bg, 7, MAX_INBOX_PER_TAB + 30);
    expect(codes.filter((c) => c === 'sealed')).toHaveLength(MAX_INBOX_PER_TAB);
    expect(codes.slice(MAX_INBOX_PER_TAB)).toEqual(Array(30).fill('full'));
    expect(codes.lastRefusal).toBe(
      `This tab has already saved ${MAX_INBOX_PER_TAB} captures while OnceKey was locked: unlock OnceKey to file them, then save again.`,
    );
    expect(await bg.submit(real(), tab(8))).toEqual({ ok: true, value: { saved: 'sealed' } });
    // Unlocking files them and frees the tab's share.
    await bg.vault.unlock(PASSPHRASE);
    await bg.vault.lock();
    bg.clock.now += RATE_WINDOW_MS;
    expect(await bg.submit(real(), tab(7))).toEqual({ ok: true, value: { saved: 'sealed' } });
  });

  it(`hold at most ${MAX_INBOX} sealed captures in all, and say so`, async () => {
    const bg = background();
    await bg.vault.create(PASSPHRASE);
    await bg.vault.lock();
    const filler = (await bg.db.inbox.toArray())[0];
    await bg.db.inbox.bulkAdd(
      Array.from({ length: MAX_INBOX }, () => ({
        id: crypto.randomUUID(),
        receivedAt: 0,
        sealed: filler?.sealed ?? new Uint8Array(80),
      })),
    );
    expect(await bg.submit(real(), tab(9))).toMatchObject({
      ok: false,
      error: {
        code: 'full',
        message: `OnceKey already holds ${MAX_INBOX} captures saved while locked: unlock OnceKey to file them, then save again.`,
      },
    });
  });

  it(`hold ${MAX_PENDING_PER_TAB} captures from a tab before any vault exists, ${MAX_PENDING} in all`, async () => {
    const bg = background();
    const codes = await slowly(bg, 7, MAX_PENDING_PER_TAB + 5);
    expect([...codes]).toEqual([...Array(MAX_PENDING_PER_TAB).fill('pending'), ...Array(5).fill('full')]);
    for (let t = 8; t < 8 + MAX_PENDING / MAX_PENDING_PER_TAB - 1; t++) await slowly(bg, t, MAX_PENDING_PER_TAB);
    expect((await bg.session.getPending()).length).toBe(MAX_PENDING);
    expect(await bg.submit(real(), tab(99))).toMatchObject({ ok: false, error: { code: 'full' } });
    // Creating the vault files them and frees the room.
    await bg.vault.create(PASSPHRASE);
    expect(await bg.submit(real(), tab(7))).toEqual({ ok: true, value: { saved: 'filed' } });
  });

  it(`write at most ${MAX_PAGE_EVENTS_PER_APP} activity lines a page caused for an App, and still file its values`, async () => {
    const bg = background();
    await bg.vault.create(PASSPHRASE);
    await bg.vault.submitCapture(capture());
    const [app] = await bg.vault.list();
    const appId = app?.id ?? '';
    expect(app?.activityFull).toBeUndefined();
    // Lines as captures and regenerations seen on the portal leave them (two are there already).
    await addEvents(
      bg.db,
      Array.from({ length: MAX_PAGE_EVENTS_PER_APP - 2 }, (_, i) => ({
        at: i,
        type: i % 2 ? ('captured' as const) : ('superseded' as const),
        appId,
        kind: 'apiKey',
      })),
    );
    const before = (await storedEvents(bg.db)).length;
    expect(await bg.submit(real('28123456', API_KEY_2), tab(7))).toMatchObject({ ok: true });
    const key = (await bg.vault.list())[0]?.credentials.find((c) => c.kind === 'apiKey' && c.status === 'active');
    // Filed all the same, nothing captured is refused for it; only the activity line is not written.
    expect(await bg.vault.value(key?.id ?? '')).toBe(API_KEY_2);
    expect(key?.version).toBe(2);
    expect((await storedEvents(bg.db)).length).toBe(before);
    expect((await bg.vault.list())[0]?.activityFull).toBe(true);
    // The user's own actions are still recorded.
    await bg.vault.recordCopy(key?.id ?? '');
    expect((await storedEvents(bg.db)).length).toBe(before + 1);
  });
});
