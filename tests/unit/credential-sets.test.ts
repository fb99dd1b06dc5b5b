import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { type CredentialRecord, createDb, DAY_MS, SCHEMA_V8 } from '@/utils/vault/db';
import { memorySessionStore } from '@/utils/vault/session';
import { Vault } from '@/utils/vault/vault';
import {
  API_KEY_2,
  capture,
  makeVault,
  PASSPHRASE,
  rewriteAsSchema,
  storedCredentials,
  TEST_KDF,
} from './helpers/vault';

// An App's credentials kept in one record (schema v9, credential-sets.ts), not one record each.

/** A third API Key, in the portal's format (fake). */
const API_KEY_3 = 'Zq1Lm2Pz9Rt4Vb8Nc3Jd6Hf7Y';

/** Bytes written out, so two lists of records compare byte for byte. */
const bytes = (records: unknown) =>
  JSON.stringify(records, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));

/**
 * Two Apps, one with a regenerated API Key (a superseded version) and a "rotate by" date set
 * by hand; long enough after the captures that every current version that rotates is overdue.
 */
async function twoAppVault(name = `sets-${crypto.randomUUID()}`) {
  const made = makeVault({ db: createDb(name) });
  const { vault, clock } = made;
  await vault.create(PASSPHRASE);
  await vault.submitCapture(capture());
  await vault.submitCapture(capture({ appId: '28999999', appName: 'snow-alerts' }));
  await vault.submitCapture(
    capture({ at: capture().at + DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }),
  );
  const apps = await vault.list();
  const snow = apps.find((a) => a.appName === 'snow-alerts');
  const snowSecret = snow?.credentials.find((c) => c.kind === 'apiKeySecret');
  if (!snowSecret) throw new Error('no snow-alerts secret');
  await vault.setRotateBy(snowSecret.id, clock.now + 400 * DAY_MS);
  clock.now += 200 * DAY_MS;
  // Idle that long, it locked.
  await vault.unlock(PASSPHRASE);
  return { ...made, snowSecret: snowSecret.id };
}

/** Every credential's value, by id, opened by the vault. */
async function values(vault: Vault): Promise<Record<string, string>> {
  const apps = await vault.list();
  const ids = apps.flatMap((a) => a.credentials.map((c) => c.id)).sort();
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await vault.value(id)] as const)));
}

describe('schema v9 migration', () => {
  it('moves a v8 vault’s credentials into one record per App, every version and due date intact', async () => {
    const name = `migrate-v9-${crypto.randomUUID()}`;
    const { vault, db, clock } = await twoAppVault(name);
    const before = await storedCredentials(db);
    const list = await vault.list();
    const opened = await values(vault);
    const overdue = await vault.overdueCredentials();
    expect(before).toHaveLength(5);
    expect(overdue).toHaveLength(3);
    await rewriteAsSchema(name, db, 8, SCHEMA_V8);
    const old = new Dexie(name);
    old.version(8).stores(SCHEMA_V8);
    expect(await old.table<CredentialRecord, string>('credentials').count()).toBe(5);
    old.close();

    const migrated = createDb(name);
    await migrated.open();
    expect(migrated.verno).toBe(10);
    expect(migrated.tables.map((t) => t.name)).not.toContain('credentials');
    expect(await migrated.credentialSets.count()).toBe(2);
    expect((await migrated.credentialDirectory.get('main'))?.apps.size).toBe(5);
    expect(bytes(await storedCredentials(migrated))).toBe(bytes(before));

    const reopened = new Vault({ db: migrated, session: memorySessionStore(), kdf: TEST_KDF, now: () => clock.now });
    // Locked: the badge and reminders find the same overdue versions, through the new index.
    expect(await reopened.overdueCredentials()).toEqual(overdue);
    await reopened.unlock(PASSPHRASE);
    expect(await reopened.list()).toEqual(list);
    expect(await values(reopened)).toEqual(opened);
  });
});

describe('an App’s credentials in one record', () => {
  it('restores into a database upgraded from schema v8 before any vault was made', async () => {
    const { vault, clock } = await twoAppVault();
    const file = await vault.backup();
    // The background opened the database (the badge) before this version: v8, no vault.
    const name = `empty-v8-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(8).stores(SCHEMA_V8);
    await old.open();
    old.close();
    const target = makeVault({ db: createDb(name), clock });
    // As the first v9 upgrade left such a database: an empty directory.
    await target.db.credentialDirectory.put({ key: 'main', apps: new Map() });
    expect(await target.vault.restore(file, PASSPHRASE)).toEqual({ apps: 2, credentials: 5 });
    expect(await values(target.vault)).toEqual(await values(vault));
  });

  it('reads a set changed by hand only for what it holds of its own App, each version once', async () => {
    const { vault, db, clock } = await twoAppVault();
    const apps = await vault.list();
    const opened = await values(vault);
    const [first, second] = apps;
    const stored = await storedCredentials(db);
    const moved = stored.find((c) => c.id === first?.credentials[0]?.id);
    const copied = stored.find((c) => c.id === second?.credentials[0]?.id);
    if (!first || !second || !moved || !copied) throw new Error('no Apps');
    const firstSet = await db.credentialSets.get(first.id);
    const secondSet = await db.credentialSets.get(second.id);
    if (!firstSet || !secondSet) throw new Error('no sets');
    // One version moved into the other App's set as it is; in that set, one of its own twice;
    // and that one copied into the first App's set too.
    await db.credentialSets.put({ ...secondSet, credentials: [...secondSet.credentials, moved, copied] });
    await db.credentialSets.put({
      ...firstSet,
      credentials: [...firstSet.credentials.filter((c) => c.id !== moved.id), copied],
    });
    await db.credentialDirectory.clear();
    // The list kept while unlocked is of before: a new session reads the sets again.
    await vault.lock();
    await vault.unlock(PASSPHRASE);
    const listed = (await vault.list()).flatMap((a) => a.credentials.map((c) => c.id)).sort();
    expect(listed).toEqual(
      apps
        .flatMap((a) => a.credentials.map((c) => c.id))
        .filter((id) => id !== moved.id)
        .sort(),
    );
    await expect(vault.value(moved.id)).rejects.toMatchObject({ code: 'not-found' });
    expect(await vault.value(copied.id)).toBe(opened[copied.id]);
    // A backup holds each version once, and restores.
    const target = makeVault({ clock });
    expect(await target.vault.restore(await vault.backup(), PASSPHRASE)).toEqual({ apps: 2, credentials: 4 });
  });

  it('keeps the badge’s count as versions are retired, made current, given a date and deleted', async () => {
    const { vault, db, clock, snowSecret } = await twoAppVault();
    const overdueIds = async () => (await vault.overdueCredentials()).map((c) => c.id).sort();
    const apps = await vault.list();
    const rainApp = apps.find((a) => a.appName === 'rain-alerts');
    const snowApp = apps.find((a) => a.appName === 'snow-alerts');
    if (!rainApp || !snowApp) throw new Error('no Apps');
    const rainKey = rainApp.credentials.find((c) => c.kind === 'apiKey' && c.status === 'active');
    const rainSecret = rainApp.credentials.find((c) => c.kind === 'apiKeySecret');
    const snowKey = snowApp.credentials.find((c) => c.kind === 'apiKey');
    if (!rainKey || !rainSecret || !snowKey) throw new Error('missing credentials');
    expect(await overdueIds()).toEqual([rainKey.id, rainSecret.id, snowKey.id].sort());

    await vault.markRetired(rainKey.id, 'revoked');
    expect(await overdueIds()).toEqual([rainSecret.id, snowKey.id].sort());
    await vault.makeCurrent(rainKey.id);
    expect(await overdueIds()).toEqual([rainKey.id, rainSecret.id, snowKey.id].sort());
    // A date set by hand, past now: snow-alerts' secret becomes due; moved on, it is not.
    await vault.setRotateBy(snowSecret, clock.now - DAY_MS);
    expect(await vault.overdueCount()).toBe(4);
    await vault.setRotateBy(snowSecret, clock.now + DAY_MS);
    expect(await vault.overdueCount()).toBe(3);

    // Deleted, an App's credentials leave no empty record behind; Undo brings them back whole.
    const before = bytes(await storedCredentials(db));
    const { undoId } = await vault.deleteApp(snowApp.id);
    expect(await db.credentialSets.count()).toBe(1);
    expect(await overdueIds()).toEqual([rainKey.id, rainSecret.id].sort());
    await vault.undoDelete(undoId);
    expect(bytes(await storedCredentials(db))).toBe(before);
    expect(await db.credentialSets.count()).toBe(2);
  });

  it('finds every credential by its id when the directory of ids is wrong or gone, and puts it right', async () => {
    const { vault, db } = await twoAppVault();
    const apps = await vault.list();
    const ids = apps.flatMap((a) => a.credentials.map((c) => c.id));
    const opened = await values(vault);
    const [first, second] = apps;
    if (!first || !second) throw new Error('no Apps');
    // Kept as versions are captured and deleted: found without reading every set.
    const directoryNow = async () => new Map((await db.credentialDirectory.get('main'))?.apps);
    expect(await directoryNow()).toEqual(new Map(apps.flatMap((a) => a.credentials.map((c) => [c.id, a.id] as const))));
    await vault.submitCapture(
      capture({ at: capture().at + 2 * DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_3 }] }),
    );
    const added = (await vault.list()).flatMap((a) => a.credentials.map((c) => [c.id, a.id] as const));
    expect(added).toHaveLength(6);
    expect(await directoryNow()).toEqual(new Map(added));
    const newest = added.find(([id]) => !ids.includes(id));
    const { undoId } = await vault.deleteCredential(newest?.[0] ?? '');
    expect(await directoryNow()).toEqual(new Map(added.filter(([id]) => id !== newest?.[0])));
    await vault.undoDelete(undoId);
    expect(await directoryNow()).toEqual(new Map(added));
    await vault.deleteCredential(newest?.[0] ?? '');

    const directory = await db.credentialDirectory.get('main');
    if (!directory) throw new Error('no directory');
    // A profile changed by hand: each id of the first App said to be the second's.
    for (const c of first.credentials) directory.apps.set(c.id, second.id);
    await db.credentialDirectory.put(directory);
    expect(await values(vault)).toEqual(opened);
    await db.credentialDirectory.clear();
    expect(await values(vault)).toEqual(opened);
    // The next write makes it again, whole.
    const active = (await vault.list()).flatMap((a) => a.credentials).find((c) => c.status === 'active');
    await vault.markRetired(active?.id ?? '', 'revoked');
    expect(await directoryNow()).toEqual(new Map(apps.flatMap((a) => a.credentials.map((c) => [c.id, a.id] as const))));
  });

  it('writes a restored backup one record per App, every credential as the vault it came from stored it', async () => {
    const { vault, db, clock } = await twoAppVault();
    const file = await vault.backup();
    const target = makeVault({ clock });
    await target.vault.restore(file, PASSPHRASE);
    expect(await target.db.credentialSets.count()).toBe(2);
    expect(await storedCredentials(target.db)).toEqual(await storedCredentials(db));
  });
});
