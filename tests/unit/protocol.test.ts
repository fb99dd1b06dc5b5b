import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vaultHandlers } from '@/utils/background/handlers';
import { KINDS } from '@/utils/kinds';
import { MESSAGES } from '@/utils/protocol/messages';
import { createRouter, type From, type Sender } from '@/utils/protocol/router';
import { capture, dump, makeVault, PASSPHRASE } from './helpers/vault';

const RUNTIME_ID = 'oncekeyextensionidaaaaaaaaaaaaaa';
const BASE = `chrome-extension://${RUNTIME_ID}/`;
const POPUP: Sender = { id: RUNTIME_ID, url: `${BASE}popup.html` };
const PORTAL: Sender = {
  id: RUNTIME_ID,
  url: 'https://developer.x.com/en/portal/projects/1/apps/2/keys',
  tab: { id: 7 },
  frameId: 0,
};

async function setup() {
  const harness = makeVault();
  await harness.vault.create(PASSPHRASE);
  await harness.vault.submitCapture(capture());
  const handle = createRouter({ runtimeId: RUNTIME_ID, extensionBase: BASE, handlers: vaultHandlers(harness.vault) });
  return { ...harness, handle };
}

describe('the message protocol', () => {
  it('lets the extension’s pages unlock and read, and the portal only capture and ask for status', async () => {
    const { handle, vault } = await setup();
    expect(await handle({ type: 'vault.status', payload: {} }, PORTAL)).toEqual({
      ok: true,
      value: { exists: true, locked: false },
    });
    expect(await handle({ type: 'vault.list', payload: {} }, PORTAL)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const list = await handle({ type: 'vault.list', payload: {} }, POPUP);
    expect(list).toMatchObject({ ok: true, value: [{ appName: 'rain-alerts' }] });
    const { at: _at, ...fromPortal } = capture({ appId: '11112222' });
    expect(await handle({ type: 'capture.submit', payload: fromPortal }, PORTAL)).toEqual({
      ok: true,
      value: { saved: 'filed' },
    });
    expect(await vault.list()).toHaveLength(2);
    expect(await handle({ type: 'vault.lock', payload: {} }, POPUP)).toEqual({
      ok: true,
      value: { exists: true, locked: true },
    });
    expect(await handle({ type: 'vault.unlock', payload: { passphrase: 'nope' } }, POPUP)).toEqual({
      ok: false,
      error: { code: 'wrong-passphrase', message: 'That passphrase does not open this vault.' },
    });
  });

  it('tells open pages once a vault is created or restored and unlocked, and not when either is refused', async () => {
    // What the session held at each notice: a first-run screen follows only an unlocked vault.
    const heard: Promise<unknown>[] = [];
    const made = makeVault();
    const handlers = vaultHandlers(made.vault, { vaultOpened: () => heard.push(made.session.get()) });
    const handle = createRouter({ runtimeId: RUNTIME_ID, extensionBase: BASE, handlers });
    expect(await handle({ type: 'vault.create', payload: { passphrase: PASSPHRASE } }, POPUP)).toMatchObject({
      ok: true,
    });
    expect(await handle({ type: 'vault.create', payload: { passphrase: PASSPHRASE } }, POPUP)).toMatchObject({
      ok: false,
    });
    expect(heard).toHaveLength(1);
    const file = await made.vault.backup();

    const restored = makeVault();
    const restoring = vaultHandlers(restored.vault, { vaultOpened: () => heard.push(restored.session.get()) });
    const from: From = { audience: 'extension' };
    await expect(restoring['backup.restore']({ text: file, passphrase: 'not the passphrase' }, from)).rejects.toThrow();
    expect(heard).toHaveLength(1);
    expect(await restoring['backup.restore']({ text: file, passphrase: PASSPHRASE }, from)).toEqual({
      apps: 0,
      credentials: 0,
    });
    expect(heard).toHaveLength(2);
    for (const session of await Promise.all(heard)) expect(session).toMatchObject({ vaultKey: expect.any(String) });
  });

  it('tells the extension’s pages, and only them, what a chosen backup file holds, or why it is refused, in the form’s words', async () => {
    const { handle, vault } = await setup();
    const text = await vault.backup();
    const inspect = (payload: unknown, from: Sender) => handle({ type: 'backup.inspect', payload }, from);
    expect(await inspect({ text, for: 'restore' }, PORTAL)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await inspect({ text, for: 'merge' }, POPUP)).toEqual({
      ok: true,
      value: { apps: 1, credentials: 2, createdAt: JSON.parse(text).createdAt },
    });
    expect(await inspect({ text: 'API_KEY=abc', for: 'restore' }, POPUP)).toEqual({
      ok: false,
      error: { code: 'not-a-backup', message: 'This file is not a OnceKey backup.' },
    });
    for (const [form, verb] of [
      ['restore', 'restored'],
      ['merge', 'merged'],
    ]) {
      expect(await inspect({ text: text.slice(0, 100), for: form }, POPUP)).toEqual({
        ok: false,
        error: { code: 'tampered', message: `This backup has been changed or damaged; nothing was ${verb}.` },
      });
    }
    expect(await inspect({ text, for: 'export' }, POPUP)).toMatchObject({
      ok: false,
      error: { code: 'invalid-message' },
    });
  });

  it('refuses 10,000 malformed or foreign messages and leaves the vault byte for byte as it was', async () => {
    const { handle, db, session } = await setup();
    const before = await dump(db);
    const sessionBefore = JSON.stringify(await session.get());
    const privileged = Object.entries(MESSAGES)
      .filter(([, d]) => d.from === 'extension')
      .map(([name]) => name);

    const validPrivileged = fc.oneof(
      fc.constant({ type: 'vault.lock', payload: {} }),
      fc.constant({ type: 'backup.inspect', payload: { text: '{}', for: 'restore' } }),
      fc.constant({ type: 'vault.list', payload: {} }),
      fc.constant({ type: 'settings.set', payload: { autoLockSeconds: 5 } }),
      fc.constant({ type: 'vault.unlock', payload: { passphrase: PASSPHRASE } }),
      fc.constant({
        type: 'vault.changePassphrase',
        payload: { oldPassphrase: PASSPHRASE, newPassphrase: `${PASSPHRASE}!x` },
      }),
      fc.uuid().map((id) => ({ type: 'credential.value', payload: { id } })),
      // Nothing leaves the vault for a content script: no export, no backup, no deletion.
      fc.uuid().map((appId) => ({
        type: 'export.build',
        payload: { appId, format: 'env', preset: 'x', action: 'copy' },
      })),
      fc.constant({ type: 'backup.create', payload: {} }),
      fc.uuid().map((id) => ({ type: 'app.delete', payload: { id } })),
      fc.uuid().map((id) => ({ type: 'app.events', payload: { id } })),
      fc.uuid().map((id) => ({ type: 'credential.makeCurrent', payload: { id } })),
      fc.constant({ type: 'inbox.discard', payload: {} }),
      fc.constant({ type: 'vault.rekey', payload: { oldPassphrase: PASSPHRASE, newPassphrase: `${PASSPHRASE}!x` } }),
      fc.constant({ type: 'vault.list', payload: { passive: true } }),
    );
    const signal = { host: 'developer.x.com', appId: '28123456', kinds: ['apiKey'] };
    // What the portal may send, from where the portal may not send it: an iframe, or no frame id.
    const portalMessages = fc.oneof(
      fc.constant({ type: 'capture.submit', payload: (({ at: _, ...rest }) => rest)(capture({ appId: '22223333' })) }),
      fc.constant({ type: 'capture.regenerated', payload: signal }),
      fc.constant({ type: 'capture.seen', payload: signal }),
      fc.constant({ type: 'capture.preview', payload: signal }),
      fc.constant({ type: 'vault.status', payload: {} }),
    );
    const iframe = fc.oneof(
      fc.integer({ min: 1, max: 10_000 }).map((frameId): Sender => ({ ...PORTAL, frameId })),
      fc.constant<Sender>({ id: RUNTIME_ID, url: PORTAL.url, tab: { id: 7 } }),
    );
    const untrustedSender = fc.oneof(
      fc.constant(PORTAL),
      fc.constant<Sender>({
        id: 'someotherextensionidbbbbbbbbbbbb',
        url: 'chrome-extension://someotherextensionidbbbbbbbbbbbb/x.html',
      }),
      fc.constant<Sender>({ url: 'https://developer.x.com/en/portal/dashboard', tab: {} }),
      fc.constant<Sender>({ id: RUNTIME_ID, url: 'https://developer.x.com.evil.example/', tab: {} }),
      fc.constant<Sender>({ id: RUNTIME_ID, url: 'https://evil.example/?https://developer.x.com/', tab: {} }),
      fc.constant<Sender>({ id: RUNTIME_ID, url: 'https://developer.x.com/en/portal/dashboard' }),
      fc.constant<Sender>({ id: RUNTIME_ID }),
      fc.record({ id: fc.string(), url: fc.webUrl(), tab: fc.object() }),
    );
    const anySender = fc.oneof(untrustedSender, fc.constant(POPUP));
    const hugeString = fc.integer({ min: 1025, max: 300_000 }).map((n) => 'A'.repeat(n));
    // A valid capture with one field made wrong.
    const captureWith = (field: string, value: fc.Arbitrary<unknown>) =>
      value.map((v) => ({ ...capture(), [field]: v }));
    const badCapture = fc.oneof(
      captureWith('credentials', fc.constant([])),
      captureWith(
        'credentials',
        fc.array(fc.record({ kind: fc.constantFrom(...KINDS), value: hugeString }), { minLength: 1, maxLength: 2 }),
      ),
      captureWith('credentials', fc.constant([{ kind: 'password', value: 'x' }])),
      captureWith(
        'credentials',
        fc.array(fc.constant({ kind: 'apiKey', value: 'x' }), { minLength: 17, maxLength: 40 }),
      ),
      captureWith('host', fc.constantFrom('evil.example', 'developer.x.com.evil.example', '')),
      captureWith(
        'appId',
        fc.string().filter((s) => !/^[0-9]{1,25}$/.test(s)),
      ),
      captureWith('at', fc.constantFrom(-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1795132800000', null)),
      captureWith('extra', fc.anything()),
      fc.dictionary(fc.string(), fc.anything()),
    );
    const protoTricks = fc.constantFrom(
      JSON.parse('{"type":"vault.list","payload":{},"__proto__":{"ok":true}}'),
      JSON.parse('{"type":"__proto__","payload":{}}'),
      JSON.parse('{"type":"vault.unlock","payload":{"__proto__":{"passphrase":"x"}}}'),
      // An own "__proto__" key, as JSON.parse (and so a message) can carry one.
      JSON.parse(
        `{"type":"capture.submit","payload":${JSON.stringify(capture()).slice(0, -1)},"__proto__":{"polluted":true}}}`,
      ),
      { type: 'constructor', payload: {} },
      { type: 'toString', payload: {} },
      { type: 'hasOwnProperty', payload: {} },
      Object.assign(Object.create({ type: 'vault.list', payload: {} }), {}),
      Object.assign(Object.create({ inherited: true }), { type: 'vault.list', payload: {} }),
      [{ type: 'vault.list', payload: {} }],
      { type: 'vault.list', payload: {}, extra: 1 },
      { type: 'vault.list' },
    );

    const cases = fc.oneof(
      // Anything at all, from anyone.
      fc.record({ message: fc.anything({ withObjectString: true, withNullPrototype: true }), sender: anySender }),
      // Known message names with payloads of the wrong shape, from anyone.
      fc.record({
        // (leaving out the names whose payload may be empty: `{}` is a valid payload for them)
        message: fc
          .record({ type: fc.constantFrom(...Object.keys(MESSAGES)), payload: fc.oneof(fc.anything(), badCapture) })
          .filter(
            (m) =>
              ![
                'vault.status',
                'vault.lock',
                'vault.list',
                'vault.kdf',
                'backup.create',
                'kdf.estimate',
                'settings.get',
                'settings.set',
                'inbox.discard',
                'cli.status',
              ].includes(m.type),
          ),
        sender: anySender,
      }),
      // Well-formed privileged messages from senders that may not send them.
      fc.record({ message: validPrivileged, sender: untrustedSender }),
      // The portal's own messages from an iframe on a portal page.
      fc.record({ message: portalMessages, sender: iframe }),
      // The portal dating its captures or regenerations: the background's clock decides.
      fc.record({
        message: fc.oneof(
          fc.nat().map((at) => ({ type: 'capture.submit', payload: capture({ appId: '22223333', at }) })),
          fc.nat().map((at) => ({ type: 'capture.regenerated', payload: { ...signal, at } })),
        ),
        sender: fc.constant(PORTAL),
      }),
      fc.record({
        message: fc.constantFrom(...privileged).map((type) => ({ type, payload: {} })),
        sender: untrustedSender,
      }),
      // Prototype games and near-misses.
      fc.record({ message: protoTricks, sender: anySender }),
      fc.record({ message: fc.record({ type: fc.string(), payload: fc.anything() }), sender: anySender }),
      // Huge passphrases.
      fc.record({
        message: hugeString.map((p) => ({ type: 'vault.unlock', payload: { passphrase: p } })),
        sender: anySender,
      }),
    );

    let refused = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ({ message, sender }) => {
        const reply = await handle(message, sender);
        expect(reply.ok).toBe(false);
        if (!reply.ok) expect(['forbidden', 'invalid-message', 'rate-limited']).toContain(reply.error.code);
        refused++;
      }),
      { numRuns: 10_000 },
    );
    expect(refused).toBe(10_000);
    expect(await dump(db)).toBe(before);
    expect(JSON.stringify(await session.get())).toBe(sessionBefore);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('takes the portal’s messages from a tab’s top frame only, timed by the background', async () => {
    const { handle, vault, clock } = await setup();
    const signal = { host: 'developer.x.com', appId: '28123456', kinds: ['apiKey', 'apiKeySecret'] };
    const inIframe: Sender = { ...PORTAL, frameId: 3 };
    for (const type of ['capture.regenerated', 'capture.seen', 'capture.preview'] as const) {
      expect(await handle({ type, payload: signal }, inIframe)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(await handle({ type: 'capture.regenerated', payload: { ...signal, at: 5 } }, PORTAL)).toEqual({
      ok: false,
      error: { code: 'invalid-message', message: 'The portal may not date a capture: OnceKey uses its own clock.' },
    });
    expect(await handle({ type: 'capture.regenerated', payload: signal }, PORTAL)).toEqual({ ok: true, value: null });
    expect(await handle({ type: 'capture.preview', payload: signal }, PORTAL)).toEqual({
      ok: true,
      value: {
        known: true,
        replaces: [
          { kind: 'apiKey', savedAt: capture().at },
          { kind: 'apiKeySecret', savedAt: capture().at },
        ],
      },
    });
    clock.now += 1000;
    expect(await handle({ type: 'capture.seen', payload: signal }, PORTAL)).toEqual({ ok: true, value: null });
    expect((await vault.list())[0]?.credentials.map((c) => c.status)).toEqual(['superseded', 'superseded']);
    // OnceKey's own pages may back-date (tests and back-dated captures rely on it).
    const popupCapture = capture({ appId: '33334444', at: clock.now - 86_400_000 });
    expect(await handle({ type: 'capture.submit', payload: popupCapture }, POPUP)).toEqual({
      ok: true,
      value: { saved: 'filed' },
    });
    expect((await vault.list()).find((a) => a.portalAppId === '33334444')?.credentials[0]?.createdAt).toBe(
      clock.now - 86_400_000,
    );
  });

  it('refuses a capture whose value is not in its kind’s format, whole, naming the kind', async () => {
    const { handle, db } = await setup();
    const before = await dump(db);
    const { at: _, ...wrong } = capture({
      appId: '44445555',
      credentials: [
        { kind: 'apiKey', value: 'Wq1Lm2Pz9Rt4Vb8Nc3Jd6Hf7Q' },
        { kind: 'apiKeySecret', value: 'too-short-for-a-secret' },
      ],
    });
    expect(await handle({ type: 'capture.submit', payload: wrong }, PORTAL)).toEqual({
      ok: false,
      error: {
        code: 'bad-format',
        message: 'That does not look like an API Key Secret: expected 50 letters and digits (41 to 43 for older Apps).',
      },
    });
    expect(await dump(db)).toBe(before);
  });

  it('counts the user’s own messages as activity, but not a page’s passive read', async () => {
    const harness = makeVault();
    await harness.vault.create(PASSPHRASE);
    const touched: string[] = [];
    const handle = createRouter({
      runtimeId: RUNTIME_ID,
      extensionBase: BASE,
      handlers: vaultHandlers(harness.vault),
      beforeExtensionMessage: async () => void touched.push('before'),
      afterExtensionMessage: async () => void touched.push('after'),
    });
    expect((await handle({ type: 'vault.list', payload: { passive: true } }, POPUP)).ok).toBe(true);
    expect(touched).toEqual([]);
    expect((await handle({ type: 'vault.list', payload: {} }, POPUP)).ok).toBe(true);
    expect(touched).toEqual(['before', 'after']);
    // A passive read keeps nothing unlocked: past the idle timeout, it is refused like any other.
    harness.clock.now += 16 * 60_000;
    expect(await handle({ type: 'vault.list', payload: { passive: true } }, POPUP)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });
});
