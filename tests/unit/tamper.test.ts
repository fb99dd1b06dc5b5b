import { describe, expect, it } from 'vitest';
import { encrypt, importAesKey } from '@/utils/crypto/aead';
import { fromBase64 } from '@/utils/crypto/base64';
import { utf8 } from '@/utils/crypto/bytes';
import { generateKeyPair, seal } from '@/utils/crypto/seal';
import { appDetailsBinding, credentialBinding, inboxBinding } from '@/utils/vault/bindings';
import { putCredentials } from '@/utils/vault/credential-sets';
import { Vault } from '@/utils/vault/vault';
import {
  API_KEY,
  API_KEY_2,
  capture,
  changeStored,
  makeVault,
  PASSPHRASE,
  storedCredentials,
  TEST_KDF,
} from './helpers/vault';

/** A profile with one App and its API Key and Secret, unlocked. */
async function profile() {
  const made = makeVault();
  await made.vault.create(PASSPHRASE);
  await made.vault.submitCapture(capture());
  const record = await made.db.vault.get('main');
  if (!record) throw new Error('no vault');
  return { ...made, publicKey: record.publicKey };
}

/** Puts a capture sealed to `publicKey` into the inbox, as anyone with the profile files could. */
async function plantInbox(
  made: Awaited<ReturnType<typeof profile>>,
  plaintext: object,
  publicKey = made.publicKey,
  receivedAt = made.clock.now,
) {
  const id = crypto.randomUUID();
  const sealed = await seal(publicKey, utf8(JSON.stringify(plaintext)), inboxBinding(id, receivedAt));
  await made.db.inbox.add({ id, receivedAt, sealed });
}

/** The API Keys of the App "rain-alerts", as status:value. */
const apiKeyValues = async (vault: Vault) => {
  const app = (await vault.list()).find((a) => a.appName === 'rain-alerts');
  const keys = app?.credentials.filter((c) => c.kind === 'apiKey') ?? [];
  return (await Promise.all(keys.map(async (c) => `${c.status}:${await vault.value(c.id)}`))).sort();
};

describe('a tampered profile', () => {
  it('cannot plant records sealed to the public key outside the inbox: they are refused as tampered', async () => {
    const made = await profile();
    const [apiKey] = (await storedCredentials(made.db)).filter((c) => c.kind === 'apiKey');
    if (!apiKey) throw new Error('no API Key');
    // Sealing needs only the plain public key, and would make a well-bound ciphertext.
    await changeStored(made.db, apiKey.id, {
      value: await seal(made.publicKey, utf8(API_KEY_2), credentialBinding(apiKey, 'value')),
    });
    await expect(made.vault.value(apiKey.id)).rejects.toMatchObject({
      code: 'tampered',
      message: expect.stringMatching(/^A credential failed its integrity check/),
    });
    await putCredentials(made.db, [apiKey]);
    expect(await made.vault.value(apiKey.id)).toBe(API_KEY);

    await changeStored(made.db, apiKey.id, {
      details: await seal(made.publicKey, utf8('{"handle":"planted"}'), credentialBinding(apiKey, 'details')),
    });
    await expect(made.vault.list()).rejects.toMatchObject({ code: 'tampered' });
    await putCredentials(made.db, [apiKey]);

    const [app] = await made.db.apps.toArray();
    if (!app) throw new Error('no App');
    await made.db.apps.update(app.id, {
      details: await seal(made.publicKey, utf8('{"appName":"planted"}'), appDetailsBinding(app)),
    });
    await expect(made.vault.list()).rejects.toMatchObject({ code: 'tampered' });
  });

  it('cannot plant inbox captures that name a vault App, date themselves ahead or break the formats', async () => {
    const made = await profile();
    const [app] = await made.vault.list();
    await made.vault.lock();
    const receivedAt = made.clock.now;
    const apiKey = (value: string) => ({ credentials: [{ kind: 'apiKey', value }] });
    // Each planted item would otherwise make API_KEY_2 the App's current API Key.
    await plantInbox(made, { ...capture(apiKey(API_KEY_2)), vaultAppId: app?.id });
    await plantInbox(made, capture({ ...apiKey(API_KEY_2), at: receivedAt + 6 * 60_000 }));
    await plantInbox(made, capture({ credentials: [{ kind: 'password', value: API_KEY_2 }] }));
    await plantInbox(made, capture(apiKey('not-a-key')));
    await plantInbox(made, { ...capture(apiKey(API_KEY_2)), host: 'evil.example' });
    // And one real capture, sealed while locked by OnceKey itself: it is filed.
    await made.vault.submitCapture(
      capture({ appId: '28999999', appName: 'real', credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }),
    );

    const status = await made.vault.unlock(PASSPHRASE);
    expect(status).toEqual({ exists: true, locked: false, unopened: 5 });
    expect(await made.vault.status({ detailed: true })).toEqual({ exists: true, locked: false, unopened: 5 });
    // For the portal, no such detail.
    expect(await made.vault.status()).toEqual({ exists: true, locked: false });
    // Kept, not deleted: five items remain, and the App's API Key is untouched.
    expect(await made.db.inbox.count()).toBe(5);
    const apps = await made.vault.list();
    expect(apps.map((a) => a.appName).sort()).toEqual(['rain-alerts', 'real']);
    expect(await apiKeyValues(made.vault)).toEqual([`active:${API_KEY}`]);

    // Unlocking again counts them again; deleting them empties the inbox.
    await made.vault.lock();
    expect(await made.vault.unlock(PASSPHRASE)).toMatchObject({ unopened: 5 });
    expect(await made.vault.discardUnopened()).toBe(5);
    expect(await made.vault.status({ detailed: true })).toEqual({ exists: true, locked: false });
  });

  it('leaves captures that do not open out of a backup, which then restores with everything else', async () => {
    const made = await profile();
    await made.vault.lock();
    await plantInbox(
      made,
      capture({ credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }),
      (await generateKeyPair()).publicKey,
    );
    await plantInbox(made, capture({ credentials: [{ kind: 'apiKey', value: 'not-a-key' }] }));
    expect(await made.vault.unlock(PASSPHRASE)).toMatchObject({ unopened: 2 });

    const file = await made.vault.backup();
    const restored = makeVault();
    expect(await restored.vault.restore(file, PASSPHRASE)).toEqual({ apps: 1, credentials: 2 });
    expect(await restored.db.inbox.count()).toBe(0);
    expect(await apiKeyValues(restored.vault)).toEqual([`active:${API_KEY}`]);
    // The vault itself still keeps and reports them until they are discarded.
    expect(await made.db.inbox.count()).toBe(2);
  });

  it("cannot move an App to another portal App: its names no longer open, and that App's values are not filed into it", async () => {
    const made = await profile();
    const [app] = await made.db.apps.toArray();
    if (!app) throw new Error('no App');
    // The portal id decides where the portal's captures are filed: moved, the App would take
    // another App's values in place of its own.
    for (const change of [{ portalAppId: '28999999' }, { portalProjectId: '1729000000000009999' }, { host: 'x.com' }]) {
      await made.db.apps.update(app.id, change);
      await expect(made.vault.list()).rejects.toMatchObject({
        code: 'tampered',
        message: expect.stringMatching(/^An App's name failed its integrity check/),
      });
      const other = capture({
        appId: '28999999',
        appName: 'other',
        credentials: [{ kind: 'apiKey', value: API_KEY_2 }],
      });
      await expect(made.vault.submitCapture(other)).rejects.toMatchObject({ code: 'tampered' });
      expect((await storedCredentials(made.db)).map((c) => c.status)).toEqual(['active', 'active']);
      await made.db.apps.put(app);
    }
    const other = capture({ appId: '28999999', appName: 'other', credentials: [{ kind: 'apiKey', value: API_KEY_2 }] });
    expect(await made.vault.submitCapture(other)).toEqual({ saved: 'filed' });
    expect(await apiKeyValues(made.vault)).toEqual([`active:${API_KEY}`]);
  });

  it('binds the portal fields of an App written before they were bound at the next unlock, and backs it up either way', async () => {
    const made = await profile();
    const [app] = await made.db.apps.toArray();
    if (!app) throw new Error('no App');
    // As an earlier OnceKey wrote it: no `binding`, details bound to the creation time only.
    const state = await made.session.get();
    const vaultKey = await importAesKey(fromBase64(state?.vaultKey ?? ''));
    const { binding: _, ...legacy } = app;
    legacy.details = await encrypt(
      vaultKey,
      utf8('{"appName":"rain-alerts","projectName":"Weather bots"}'),
      appDetailsBinding(legacy),
    );
    await made.db.apps.put(legacy);
    expect((await made.vault.list()).map((a) => a.appName)).toEqual(['rain-alerts']);
    const file = await made.vault.backup();

    for (const { vault, db, session } of [made, makeVault()]) {
      if (vault === made.vault) {
        await vault.lock();
        await vault.unlock(PASSPHRASE);
      } else {
        await vault.restore(file, PASSPHRASE);
      }
      const [bound] = await db.apps.toArray();
      expect(bound).toMatchObject({ id: app.id, version: app.version, binding: 2 });
      expect((await vault.list()).map((a) => a.appName)).toEqual(['rain-alerts']);
      // Read afresh by a background started since: the running one keeps the list it last
      // read, and stores it for the next (list-cache.ts); this one finds none stored. One
      // that found it would show the list as it was read before the edit (nothing forged),
      // and find the edit at its next read of those rows.
      const unstored = { ...session, getList: async () => undefined };
      const restarted = () => new Vault({ db, session: unstored, now: () => made.clock.now, kdf: TEST_KDF });
      await db.apps.update(app.id, { portalAppId: '28999999' });
      await expect(restarted().list()).rejects.toMatchObject({ code: 'tampered' });
      // Without its mark, it is opened as it was written: the bound details do not open that way either.
      await db.apps.update(app.id, { binding: undefined });
      await expect(restarted().list()).rejects.toMatchObject({ code: 'tampered' });
    }
  });

  it('cannot swap the public key unnoticed: unlock repairs it, says so, and seals to the checked key from then on', async () => {
    const made = await profile();
    const intruder = await generateKeyPair();
    await made.vault.lock();
    // A browser session that has not unlocked yet: only the stored copy is known.
    const fresh = makeVault({ db: made.db, clock: made.clock });
    await made.db.vault.update('main', { publicKey: intruder.publicKey });
    const locked = capture({ credentials: [{ kind: 'apiKey', value: API_KEY_2 }] });
    expect(await fresh.vault.submitCapture(locked)).toEqual({ saved: 'sealed' });

    const status = await fresh.vault.unlock(PASSPHRASE);
    // The capture sealed to the intruder's key cannot be opened: kept and reported.
    expect(status).toEqual({ exists: true, locked: false, unopened: 1, keyRepaired: true });
    expect((await made.db.vault.get('main'))?.publicKey).toEqual(made.publicKey);

    // The intruder swaps it again; this browser session seals to the key it checked.
    await fresh.vault.lock();
    await made.db.vault.update('main', { publicKey: intruder.publicKey });
    expect(await fresh.vault.submitCapture(locked)).toEqual({ saved: 'sealed' });
    // A restarted background on the same session storage too.
    const restarted = new Vault({ db: made.db, session: fresh.session, now: () => made.clock.now, kdf: TEST_KDF });
    const another = capture({ appId: '28999999', appName: 'other' });
    expect(await restarted.submitCapture(another)).toEqual({ saved: 'sealed' });
    expect(await restarted.unlock(PASSPHRASE)).toEqual({ exists: true, locked: false, unopened: 1, keyRepaired: true });
    expect(await apiKeyValues(restarted)).toEqual([`active:${API_KEY_2}`, `superseded:${API_KEY}`]);
    expect((await restarted.list()).map((a) => a.appName).sort()).toEqual(['other', 'rain-alerts']);
  });
});
