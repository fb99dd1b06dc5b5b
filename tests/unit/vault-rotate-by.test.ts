import { describe, expect, it } from 'vitest';
import { createDb, DAY_MS, SCHEMA_V4 } from '@/utils/vault/db';
import { memorySessionStore } from '@/utils/vault/session';
import { Vault } from '@/utils/vault/vault';
import {
  capture,
  changeStored,
  makeVault,
  PASSPHRASE,
  rewriteAsSchema,
  storedCredential,
  storedCredentials,
  TEST_KDF,
} from './helpers/vault';

// Fake values in the portal's formats; none is a real credential.
const CLIENT_ID = 'UXV3NU1UUlAyTFE5UVkzb1hsOFA6MTpjaQ';
const CLIENT_SECRET = 'CJVXcyNA47M7btwLgp358k-IzJ-_vxcHXobHEu0jxm16FM1wZ0';
const OAUTH2 = [
  { kind: 'clientId', value: CLIENT_ID },
  { kind: 'clientSecret', value: CLIENT_SECRET },
];

const byKind = async (vault: Vault) =>
  Object.fromEntries((await vault.list()).flatMap((a) => a.credentials.map((c) => [c.kind, c] as const)));

describe('the Client ID never rotates', () => {
  it('gets no due date, and is never counted overdue, whatever the settings say', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ credentials: OAUTH2 }));
    const saved = await byKind(vault);
    expect(saved.clientId?.dueAt).toBeUndefined();
    expect(saved.clientSecret?.dueAt).toBe((saved.clientSecret?.createdAt ?? 0) + 90 * DAY_MS);

    await vault.updateSettings({ rotationDays: 1, rotationDaysByKind: { clientId: 1 } });
    expect((await byKind(vault)).clientId?.dueAt).toBeUndefined();
    clock.now += 400 * DAY_MS;
    expect(await vault.overdueCount()).toBe(1);
    expect((await vault.overdueCredentials()).map((c) => c.kind)).toEqual(['clientSecret']);
  });

  it('is left out of the badge even when a backup from before schema v5 gives it a due date', async () => {
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ credentials: OAUTH2 }));
    const id = (await byKind(vault)).clientId?.id as string;
    // Its App's set found through the due-date index, as one restored from such a backup before schema v9 was.
    await changeStored(db, id, { dueAt: clock.now - DAY_MS }, { due: clock.now - DAY_MS });
    expect(await vault.overdueCount()).toBe(0);
  });

  it('restores from a backup made before schema v5 with no due date, so the popup shows none', async () => {
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ credentials: OAUTH2 }));
    const id = (await byKind(vault)).clientId?.id as string;
    // As such a backup holds it: a due date, long past.
    await changeStored(db, id, { dueAt: clock.now - DAY_MS });
    const text = await vault.backup();
    expect(JSON.parse(JSON.parse(text).body).credentials.find((c: { id: string }) => c.id === id)?.dueAt).toBeDefined();

    const fresh = makeVault({ clock });
    await fresh.vault.restore(text, PASSPHRASE);
    const restored = await byKind(fresh.vault);
    expect(restored.clientId?.dueAt).toBeUndefined();
    expect(restored.clientSecret?.dueAt).toBe((restored.clientSecret?.createdAt ?? 0) + 90 * DAY_MS);
    expect((await storedCredential(fresh.db, id))?.dueAt).toBeUndefined();
  });

  it('refuses a "rotate by" date', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ credentials: OAUTH2 }));
    const id = (await byKind(vault)).clientId?.id as string;
    await expect(vault.setRotateBy(id, Date.UTC(2027, 0, 1))).rejects.toMatchObject({
      code: 'never-rotates',
      message: 'The Client ID is not a secret and never rotates: it has no rotation date.',
    });
  });
});

describe('schema v5', () => {
  it('opens a database written by schema v4, takes the Client ID’s due date away and keeps everything else', async () => {
    const name = `migrate-v4-${crypto.randomUUID()}`;
    const { vault, db: current, clock } = makeVault({ db: createDb(name) });
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ credentials: [...capture().credentials, ...OAUTH2] }));
    // As schema v4 wrote it: every kind with a due date, the Client ID's long past.
    await rewriteAsSchema(name, current, 4, SCHEMA_V4, (table, row) =>
      table === 'credentials' ? { ...row, dueAt: (row.createdAt as number) - DAY_MS } : row,
    );

    const migrated = createDb(name);
    await migrated.open();
    expect(migrated.verno).toBe(10);
    const credentials = await storedCredentials(migrated);
    expect(credentials).toHaveLength(4);
    expect(Object.fromEntries(credentials.map((c) => [c.kind, c.dueAt !== undefined]))).toEqual({
      apiKey: true,
      apiKeySecret: true,
      clientId: false,
      clientSecret: true,
    });
    const reopened = new Vault({ db: migrated, session: memorySessionStore(), kdf: TEST_KDF, now: () => clock.now });
    expect(await reopened.overdueCount()).toBe(3);
    await reopened.unlock(PASSPHRASE);
    expect((await reopened.list())[0]?.credentials).toHaveLength(4);
  });
});

describe('"rotate by" a date', () => {
  it('makes the credential due then: the badge and reminders follow, and a new period leaves it alone', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const key = (await byKind(vault)).apiKey;
    const by = clock.now + 3 * DAY_MS;
    await vault.setRotateBy(key?.id as string, by);
    expect((await byKind(vault)).apiKey).toMatchObject({ rotateBy: by, dueAt: by });
    await vault.updateSettings({ rotationDays: 365 });
    expect((await byKind(vault)).apiKey?.dueAt).toBe(by);
    expect((await byKind(vault)).apiKeySecret?.dueAt).toBe((key?.createdAt ?? 0) + 365 * DAY_MS);

    clock.now = by;
    expect(await vault.overdueCount()).toBe(1);
    expect((await vault.overdueCredentials()).map((c) => [c.kind, c.dueAt])).toEqual([['apiKey', by]]);
  });

  it('goes back to the kind’s period when cleared', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.updateSettings({ rotationDaysByKind: { apiKey: 30 } });
    await vault.submitCapture(capture());
    const key = (await byKind(vault)).apiKey;
    await vault.setRotateBy(key?.id as string, Date.UTC(2027, 5, 1));
    await vault.setRotateBy(key?.id as string, null);
    const cleared = (await byKind(vault)).apiKey;
    expect(cleared?.rotateBy).toBeUndefined();
    expect(cleared?.dueAt).toBe((key?.createdAt ?? 0) + 30 * DAY_MS);
  });

  it('is only for a current version, of a credential still in the vault, while unlocked', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const key = (await byKind(vault)).apiKey?.id as string;
    await vault.markRetired(key, 'revoked');
    await expect(vault.setRotateBy(key, Date.UTC(2027, 0, 1))).rejects.toMatchObject({ code: 'not-current' });
    await expect(vault.setRotateBy(crypto.randomUUID(), null)).rejects.toMatchObject({ code: 'not-found' });
    await vault.lock();
    await expect(vault.setRotateBy(key, null)).rejects.toMatchObject({ code: 'locked' });
  });
});
