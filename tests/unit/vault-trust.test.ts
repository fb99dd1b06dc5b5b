import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb, SCHEMA_V3 } from '@/utils/vault/db';
import { memorySessionStore } from '@/utils/vault/session';
import type { ReadBy } from '@/utils/vault/types';
import { Vault } from '@/utils/vault/vault';
import {
  API_KEY,
  API_KEY_2,
  capture,
  makeVault,
  PASSPHRASE,
  rewriteAsSchema,
  storedCredential,
  storedCredentials,
  storedEventsOf,
  TEST_KDF,
} from './helpers/vault';

afterEach(() => vi.restoreAllMocks());

describe('settings read from a tampered or old profile', () => {
  it('are clamped to the ranges Settings offers', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await db.settings.bulkPut([
      { key: 'autoLockSeconds', value: 1e12 },
      { key: 'clipboardClearSeconds', value: 1e9 },
      { key: 'rotationDays', value: -5 },
      { key: 'rotationDays.apiKey', value: 99_999 },
      { key: 'rotationDays.bearerToken', value: 0.2 },
    ]);
    expect(await vault.settings()).toEqual({
      autoLockSeconds: 4 * 3600,
      clipboardClearSeconds: 120,
      rotationDays: 1,
      rotationDaysByKind: { apiKey: 3650, bearerToken: 1 },
    });
    // "Never" is a choice Settings offers; a delay too short to read the value is not.
    await db.settings.bulkPut([
      { key: 'autoLockSeconds', value: 0 },
      { key: 'clipboardClearSeconds', value: 0 },
    ]);
    expect(await vault.settings()).toMatchObject({ autoLockSeconds: 60, clipboardClearSeconds: 0 });
    await db.settings.put({ key: 'clipboardClearSeconds', value: 1 });
    expect((await vault.settings()).clipboardClearSeconds).toBe(10);
  });

  it('an auto-lock clamped to an hour or so never overflows: the session still locks', async () => {
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await db.settings.put({ key: 'autoLockSeconds', value: Number.MAX_SAFE_INTEGER });
    clock.now += 4 * 3600 * 1000;
    expect(await vault.status()).toEqual({ exists: true, locked: true });
  });
});

describe('locking', () => {
  it('asked for during an unlock always ends locked', async () => {
    // A slow key derivation (16 MiB, 3 passes): the lock is asked for while it runs.
    const db = createDb(`slow-${crypto.randomUUID()}`);
    const vault = new Vault({
      db,
      session: memorySessionStore(),
      kdf: { memoryKiB: 16 * 1024, iterations: 3, parallelism: 1 },
    });
    await vault.create(PASSPHRASE);
    await vault.lock();
    const unlocking = vault.unlock(PASSPHRASE);
    const locking = vault.lock();
    expect(await unlocking).toEqual({ exists: true, locked: false });
    expect(await locking).toEqual({ exists: true, locked: true });
    expect(await vault.status()).toEqual({ exists: true, locked: true });
    await expect(vault.list()).rejects.toMatchObject({ code: 'locked' });
  });

  it('found due inside a queued write locks at once instead of waiting for the queue', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    clock.now += 16 * 60 * 1000; // past the 15-minute auto-lock
    // The capture's own task finds the session expired; it locks, and the capture is sealed.
    expect(await vault.submitCapture(capture())).toEqual({ saved: 'sealed' });
    expect(await vault.status()).toEqual({ exists: true, locked: true });
    expect(await vault.lock()).toEqual({ exists: true, locked: true });
  });
});

describe('making a version current again', () => {
  it('makes it active, supersedes the current one dated now, and records it', async () => {
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const old = (await storedCredentials(db)).find((c) => c.kind === 'apiKey' && c.version === 1);
    if (!old) throw new Error('no v1');
    clock.now += 60_000;
    await vault.makeCurrent(old.id);
    const apiKeys = (await vault.list())[0]?.credentials.filter((c) => c.kind === 'apiKey');
    expect(apiKeys?.map((c) => [c.version, c.status, c.supersededAt]).sort()).toEqual([
      [1, 'active', undefined],
      [2, 'superseded', clock.now],
    ]);
    expect(await vault.value(old.id)).toBe(API_KEY);
    const [app] = await vault.list();
    expect((await vault.appEvents(app?.id ?? ''))[0]).toEqual({
      at: clock.now,
      type: 'restored',
      kind: 'apiKey',
      version: 1,
    });
    // A revoked one too; an active one is left as it is.
    await vault.markRetired(old.id, 'revoked');
    await vault.makeCurrent(old.id);
    await vault.makeCurrent(old.id);
    expect((await storedCredential(db, old.id))?.status).toBe('active');
    await vault.lock();
    await expect(vault.makeCurrent(old.id)).rejects.toMatchObject({ code: 'locked' });
  });
});

describe('changing the passphrase and re-encrypting everything', () => {
  it('leaves an old copy of the profile, with the old passphrase, unable to open the current vault', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await vault.lock();
    await vault.submitCapture(
      capture({ appId: '28999999', appName: 'sealed-one', credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }),
    );
    await vault.unlock(PASSPHRASE);
    // One more waiting sealed, and something in the trash.
    const [app] = await vault.list();
    await vault.deleteCredential(app?.credentials[0]?.id ?? '');
    const oldRecord = await db.vault.get('main');
    const next = 'an entirely new passphrase 2027';
    const values = async (v: Vault) =>
      (await Promise.all((await v.list()).flatMap((a) => a.credentials.map((c) => v.value(c.id))))).sort();
    const before = await values(vault);
    expect(before).toHaveLength(2);

    await expect(vault.rekey('wrong passphrase', next)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await vault.rekey(PASSPHRASE, next);
    expect(await db.trash.count()).toBe(0);
    expect(await values(vault)).toEqual(before);

    // The session goes on; after a lock only the new passphrase opens it.
    await vault.lock();
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await vault.unlock(next);
    expect(await values(vault)).toEqual(before);

    // An old copy of the vault record (its wrapped key) with the old passphrase: it unwraps,
    // but nothing in the vault is under that key any more.
    if (!oldRecord) throw new Error('no vault');
    await db.vault.put(oldRecord);
    const thief = new Vault({ db, session: memorySessionStore(), kdf: TEST_KDF });
    await thief.unlock(PASSPHRASE);
    await expect(thief.list()).rejects.toMatchObject({ code: 'tampered' });
  });

  it('re-encrypts what made each command-line read, so the History, merges and backups still open', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const [app] = await vault.list();
    if (!app) throw new Error('no App');
    const by: ReadBy = { argv: ['node', 'bot.js'], cwd: '~/pipit', purpose: 'run', kinds: ['apiKey'] };
    await vault.recordRead(app.id, by);
    const [before] = await storedEventsOf(db, 'read');
    const next = 'an entirely new passphrase 2027';
    await vault.rekey(PASSPHRASE, next);

    // Under the new key: not the ciphertext it had.
    const [after] = await storedEventsOf(db, 'read');
    expect(after?.reader).toBeDefined();
    expect(after?.reader).not.toEqual(before?.reader);
    expect((await vault.appEvents(app.id)).find((e) => e.type === 'read')).toMatchObject({ by });
    // A backup made now restores, with the read in its History, and merges into another vault.
    const file = await vault.backup();
    const restored = makeVault();
    await restored.vault.restore(file, next);
    const [restoredApp] = await restored.vault.list();
    expect((await restored.vault.appEvents(restoredApp?.id ?? '')).find((e) => e.type === 'read')).toMatchObject({
      by,
    });
    const other = makeVault();
    await other.vault.create(PASSPHRASE);
    await expect(other.vault.mergeBackup(file, next)).resolves.toMatchObject({ added: 2 });
  });

  it('re-seals the inbox to the new key pair, so captures saved while locked are filed after it', async () => {
    const { vault, db, session } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.lock();
    await vault.submitCapture(capture());
    // A context still unlocked would re-key with the capture waiting: seal it, then re-key.
    await vault.unlock(PASSPHRASE);
    const state = await session.get();
    await vault.lock();
    await vault.submitCapture(
      capture({ appId: '28999999', appName: 'later', credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }),
    );
    if (state) await session.set(state);
    expect(await db.inbox.count()).toBe(1);
    const next = 'an entirely new passphrase 2027';
    await vault.rekey(PASSPHRASE, next);
    await vault.lock();
    expect(await vault.unlock(next)).toEqual({ exists: true, locked: false });
    expect((await vault.list()).map((a) => a.appName).sort()).toEqual(['later', 'rain-alerts']);
  });
});

describe('schema v4', () => {
  it('opens a database written by schema v3 with nothing lost and an empty regenerations table', async () => {
    const name = `migrate-v3-${crypto.randomUUID()}`;
    const { vault, db: current } = makeVault({ db: createDb(name) });
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await rewriteAsSchema(name, current, 3, SCHEMA_V3);

    const migrated = createDb(name);
    await migrated.open();
    expect(migrated.verno).toBe(10);
    expect(await migrated.regenerations.count()).toBe(0);
    const reopened = new Vault({ db: migrated, session: memorySessionStore(), kdf: TEST_KDF });
    await reopened.unlock(PASSPHRASE);
    await reopened.startRegeneration({ host: 'developer.x.com', appId: '28123456', kinds: ['apiKey'] });
    expect(await migrated.regenerations.where('portalAppId').equals('28123456').count()).toBe(1);
    expect((await reopened.list())[0]?.credentials).toHaveLength(2);
  });
});

describe('"Saved" means on disk', () => {
  it('files, seals and records regenerations in transactions asking for strict durability', async () => {
    const asked: unknown[] = [];
    const transaction = IDBDatabase.prototype.transaction;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
      this: IDBDatabase,
      ...args: Parameters<IDBDatabase['transaction']>
    ) {
      if (args[1] === 'readwrite') asked.push(args[2]?.durability);
      return transaction.apply(this, args);
    });
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await vault.lock();
    await vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    await vault.startRegeneration({ host: 'developer.x.com', appId: '28123456', kinds: ['apiKey'] });
    expect(asked.length).toBeGreaterThan(3);
    expect(new Set(asked)).toEqual(new Set(['strict']));
  });
});
