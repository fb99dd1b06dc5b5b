import { describe, expect, it } from 'vitest';
import { DEFAULT_KDF } from '@/utils/crypto/kdf';
import { createDb, DAY_MS, SCHEMA_V1 } from '@/utils/vault/db';
import { overdueCount } from '@/utils/vault/queries';
import { memorySessionStore } from '@/utils/vault/session';
import { FREE_ATTEMPTS, throttleDelay, Vault } from '@/utils/vault/vault';
import {
  API_KEY,
  API_KEY_2,
  API_KEY_SECRET,
  capture,
  changeStored,
  dump,
  makeVault,
  PASSPHRASE,
  rewriteAsSchema,
  storedCredentials,
  storedEvents,
} from './helpers/vault';

const valuesOf = async (vault: Vault) => {
  const out: Record<string, string> = {};
  for (const app of await vault.list()) {
    for (const c of app.credentials) out[`${app.appName}/${c.kind}/v${c.version}`] = await vault.value(c.id);
  }
  return out;
};

describe('creating, locking and unlocking a vault', () => {
  it('creates an unlocked vault, locks it, and unlocks with the passphrase', async () => {
    const { vault } = makeVault();
    expect(await vault.status()).toEqual({ exists: false, locked: true });
    await vault.create(PASSPHRASE);
    expect(await vault.status()).toEqual({ exists: true, locked: false });
    await vault.lock();
    expect(await vault.status()).toEqual({ exists: true, locked: true });
    await vault.unlock(PASSPHRASE);
    expect(await vault.status()).toEqual({ exists: true, locked: false });
  });

  it('stores Argon2id parameters of at least 64 MiB, t=3, p=4 for a real vault', async () => {
    const db = createDb(`real-kdf-${crypto.randomUUID()}`);
    const vault = new Vault({ db, session: memorySessionStore() });
    await vault.create(PASSPHRASE);
    const record = await db.vault.get('main');
    expect(record?.kdf).toMatchObject({ algorithm: 'argon2id', ...DEFAULT_KDF });
    expect(record?.kdf.memoryKiB).toBeGreaterThanOrEqual(65536);
    expect(record?.kdf.salt).toHaveLength(16);
  });

  it('refuses a weak passphrase and a second vault', async () => {
    const { vault, db } = makeVault();
    await expect(vault.create('password1234')).rejects.toMatchObject({ code: 'weak-passphrase' });
    await expect(vault.create('short')).rejects.toMatchObject({ code: 'weak-passphrase' });
    expect(await db.vault.count()).toBe(0);
    await vault.create(PASSPHRASE);
    await expect(vault.create(`${PASSPHRASE} again`)).rejects.toMatchObject({ code: 'vault-exists' });
  });

  it('says a wrong passphrase is wrong and changes nothing in the vault', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await vault.lock();
    const before = await dump(db);
    await expect(vault.unlock('not the passphrase at all')).rejects.toMatchObject({
      code: 'wrong-passphrase',
      message: 'That passphrase does not open this vault.',
    });
    expect(await vault.status()).toEqual({ exists: true, locked: true });
    expect(await dump(db)).toBe(before);
  });

  it('makes repeated wrong passphrases wait longer and longer, and resets after the right one', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.lock();
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await expect(vault.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    }
    // Now even the right passphrase has to wait, without the key derivation being run.
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'throttled', retryAfterMs: 1000 });
    clock.now += 1000;
    await expect(vault.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({
      code: 'throttled',
      retryAfterMs: 2000,
      message: 'Too many wrong passphrases. Try again in 2 s.',
    });
    clock.now += 2000;
    await vault.unlock(PASSPHRASE);
    await vault.lock();
    await expect(vault.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await vault.unlock(PASSPHRASE);
  });

  it('grows the delay from 1 s, doubling, up to 30 s', () => {
    const delays = [3, 4, 5, 6, 7, 8, 9, 20].map((failures) => throttleDelay(failures, 0, 0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(throttleDelay(2, 0, 0)).toBe(0);
  });
});

describe('the unlocked session', () => {
  it('survives a restarted background (a new Vault on the same session storage)', async () => {
    const { vault, db, session, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const restarted = new Vault({ db, session, now: () => clock.now });
    expect(await restarted.status()).toEqual({ exists: true, locked: false });
    expect(Object.values(await valuesOf(restarted))).toEqual(expect.arrayContaining([API_KEY, API_KEY_SECRET]));
  });

  it('is locked, not "tampered", when a re-key committed but its session was never written', async () => {
    const { vault, db, session, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const before = await session.get();
    await vault.rekey(PASSPHRASE, `${PASSPHRASE} again`);
    // The background stopped between the re-key's commit and its session write.
    if (before) await session.set(before);
    const restarted = new Vault({ db, session, now: () => clock.now });
    await expect(restarted.list()).rejects.toMatchObject({ code: 'locked' });
    expect(await restarted.status()).toEqual({ exists: true, locked: true });
    await expect(restarted.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await restarted.unlock(`${PASSPHRASE} again`);
    expect(Object.values(await valuesOf(restarted))).toEqual(expect.arrayContaining([API_KEY, API_KEY_SECRET]));
  });

  it('is locked when the session storage is gone (a browser restart)', async () => {
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    const afterRestart = new Vault({ db, session: memorySessionStore(), now: () => clock.now });
    expect(await afterRestart.status()).toEqual({ exists: true, locked: true });
    await expect(afterRestart.list()).rejects.toMatchObject({ code: 'locked' });
  });

  it('auto-locks after the idle timeout, and activity postpones it', async () => {
    const { vault, clock, session } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.updateSettings({ autoLockSeconds: 60 });
    clock.now += 50_000;
    await vault.touch();
    clock.now += 50_000;
    expect(await vault.status()).toMatchObject({ locked: false });
    clock.now += 10_000;
    expect(await vault.status()).toMatchObject({ locked: true });
    expect(await session.get()).toBeUndefined();
  });

  it('locks after 15 minutes by default', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    clock.now += 15 * 60_000 - 1;
    expect(await vault.status()).toMatchObject({ locked: false });
    clock.now += 1;
    expect(await vault.status()).toMatchObject({ locked: true });
  });
});

describe('captures', () => {
  it('seals a capture made while locked and files it at the next unlock', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.lock();
    expect(await vault.submitCapture(capture())).toEqual({ saved: 'sealed' });
    expect(await db.inbox.count()).toBe(1);
    expect((await storedCredentials(db)).length).toBe(0);
    await vault.unlock(PASSPHRASE);
    expect(await db.inbox.count()).toBe(0);
    expect(await valuesOf(vault)).toEqual({
      'rain-alerts/apiKey/v1': API_KEY,
      'rain-alerts/apiKeySecret/v1': API_KEY_SECRET,
    });
  });

  it('keeps the project, App, owner handle and permission with each credential', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(
      capture({
        credentials: [
          {
            kind: 'accessToken',
            value: '1234567890-abcdefghijABCDEFGHIJ0123456789abcdefghij',
            handle: '@rainbot',
            permission: 'Read and Write',
          },
        ],
      }),
    );
    const [app] = await vault.list();
    expect(app).toMatchObject({
      host: 'developer.x.com',
      projectId: '1729000000000004242',
      projectName: 'Weather bots',
      portalAppId: '28123456',
      appName: 'rain-alerts',
    });
    expect(app?.credentials[0]).toMatchObject({
      kind: 'accessToken',
      handle: '@rainbot',
      permission: 'Read and Write',
      version: 1,
      status: 'active',
    });
  });

  it('saves the same values twice as one credential, locked or not', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await vault.submitCapture(capture({ at: capture().at + 1000 }));
    await vault.lock();
    await vault.submitCapture(capture());
    await vault.unlock(PASSPHRASE);
    expect((await storedCredentials(db)).length).toBe(2);
    expect(await db.apps.count()).toBe(1);
  });

  it('files a regenerated value as a new version and marks the old one superseded on that date', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const regeneratedAt = capture().at + 10 * DAY_MS;
    clock.now = regeneratedAt + 60_000;
    await vault.unlock(PASSPHRASE); // ten days idle locked it
    await vault.submitCapture(capture({ at: regeneratedAt, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const [app] = await vault.list();
    const apiKeys = app?.credentials.filter((c) => c.kind === 'apiKey');
    expect(apiKeys?.map((c) => [c.version, c.status, c.supersededAt])).toEqual([
      [2, 'active', undefined],
      [1, 'superseded', regeneratedAt],
    ]);
    expect(apiKeys?.[0]?.dueAt).toBe(regeneratedAt + 90 * DAY_MS);
  });
});

describe('tampering', () => {
  it('refuses every single-bit flip of a stored credential value, with a clear error', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY }] }));
    const [record] = await storedCredentials(db);
    if (!record) throw new Error('no credential stored');
    const original = record.value;
    for (let bit = 0; bit < original.length * 8; bit++) {
      const flipped = original.slice();
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      await changeStored(db, record.id, { value: flipped });
      await expect(vault.value(record.id)).rejects.toMatchObject({
        code: bit < 8 ? expect.stringMatching(/tampered|unsupported-format/) : 'tampered',
      });
    }
    await changeStored(db, record.id, { value: original });
    expect(await vault.value(record.id)).toBe(API_KEY);
  });

  it('refuses a value moved into another record (AAD names record, field, version)', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const a = (await storedCredentials(db)).find((c) => c.kind === 'apiKey');
    const b = (await storedCredentials(db)).find((c) => c.kind === 'apiKeySecret');
    if (!a || !b) throw new Error('expected two credentials');
    await changeStored(db, b.id, { value: a.value });
    await expect(vault.value(b.id)).rejects.toThrow('A credential failed its integrity check');
    await changeStored(db, a.id, { version: 2 });
    await expect(vault.value(a.id)).rejects.toMatchObject({ code: 'tampered' });
    await changeStored(db, a.id, { version: 1, kind: 'apiKeySecret' });
    await expect(vault.value(a.id)).rejects.toMatchObject({ code: 'tampered' });
  });

  it('refuses to unlock when any bit of the wrapped keys or the salt is flipped', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.lock();
    const record = await db.vault.get('main');
    if (!record) throw new Error('no vault');
    const fields = { wrappedKey: record.wrappedKey, wrappedPrivateKey: record.wrappedPrivateKey } as const;
    const session = memorySessionStore(); // a fresh throttle for each try
    for (const [field, bytes] of Object.entries(fields)) {
      for (let bit = 0; bit < bytes.length * 8; bit += 7) {
        const flipped = bytes.slice();
        flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        await db.vault.put({ ...record, [field]: flipped });
        await session.setThrottle({ failures: 0, lastFailureAt: 0 });
        const fresh = new Vault({ db, session, kdf: { memoryKiB: 64, iterations: 1, parallelism: 1 } });
        await expect(fresh.unlock(PASSPHRASE), `${field} bit ${bit}`).rejects.toMatchObject({
          code: expect.stringMatching(/^(wrong-passphrase|tampered|unsupported-format)$/),
        });
      }
    }
    for (let bit = 0; bit < 128; bit += 5) {
      const salt = record.kdf.salt.slice();
      salt[bit >> 3] = (salt[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      await db.vault.put({ ...record, kdf: { ...record.kdf, salt } });
      await session.setThrottle({ failures: 0, lastFailureAt: 0 });
      await expect(new Vault({ db, session }).unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    }
    // Too much memory, and too little for the lanes (Argon2id needs 8 KiB a lane).
    for (const kdf of [{ memoryKiB: 2 ** 30 }, { memoryKiB: 8, parallelism: 4 }]) {
      await db.vault.put({ ...record, kdf: { ...record.kdf, ...kdf } });
      await expect(new Vault({ db, session }).unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'tampered' });
    }
    await db.vault.put(record);
    await new Vault({ db, session }).unlock(PASSPHRASE);
  });
});

describe('changing the passphrase', () => {
  it('re-wraps the vault key: the old passphrase stops working and no record is touched', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const credentialsBefore = await storedCredentials(db);
    const next = 'a different long passphrase, 2026';
    await expect(vault.changePassphrase('wrong old passphrase', next)).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    await vault.changePassphrase(PASSPHRASE, next);
    expect(await storedCredentials(db)).toEqual(credentialsBefore);
    await vault.lock();
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await vault.unlock(next);
    expect(Object.values(await valuesOf(vault))).toEqual(expect.arrayContaining([API_KEY, API_KEY_SECRET]));
  });
});

describe('schema migration', () => {
  it('opens a database written by schema v1 and migrates it to the current schema with nothing lost', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    // Write a vault with today's code, then rewrite it as schema v1 had it (no dueAt, v1 indexes).
    const { vault, db: current } = makeVault({ db: createDb(name) });
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await rewriteAsSchema(name, current, 1, SCHEMA_V1, (table, row) => {
      if (table !== 'credentials') return row;
      const { dueAt: _dueAt, ...rest } = row;
      return rest;
    });

    const migrated = createDb(name);
    await migrated.open();
    expect(migrated.verno).toBe(10);
    expect(await migrated.regenerations.count()).toBe(0);
    expect(await migrated.trash.count()).toBe(0);
    const credentials = await storedCredentials(migrated);
    expect(credentials).toHaveLength(2);
    for (const c of credentials) expect(c.dueAt).toBe(c.createdAt + 90 * DAY_MS);
    expect(await overdueCount({ db: migrated, now: () => Date.UTC(2030, 0) })).toBe(2);
    const reopened = new Vault({
      db: migrated,
      session: memorySessionStore(),
      kdf: { memoryKiB: 64, iterations: 1, parallelism: 1 },
    });
    await reopened.unlock(PASSPHRASE);
    expect(Object.values(await valuesOf(reopened)).sort()).toEqual([API_KEY, API_KEY_SECRET].sort());
  });
});

describe('captures before a vault exists', () => {
  it('holds them in memory-only session storage and files them into the new vault', async () => {
    const { vault, db, session } = makeVault();
    expect(await vault.submitCapture(capture())).toEqual({ saved: 'pending' });
    expect((await storedCredentials(db)).length).toBe(0);
    expect(await session.getPending()).toHaveLength(1);
    await vault.create(PASSPHRASE);
    expect(await session.getPending()).toEqual([]);
    expect(await valuesOf(vault)).toEqual({
      'rain-alerts/apiKey/v1': API_KEY,
      'rain-alerts/apiKeySecret/v1': API_KEY_SECRET,
    });
  });
});

describe('rotation reminders', () => {
  it('counts active credentials past their due date, while locked too', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - 100 * DAY_MS }));
    await vault.submitCapture(capture({ appId: '11223344', appName: 'fresh-app', at: clock.now - DAY_MS }));
    await vault.lock();
    expect(await vault.overdueCount()).toBe(2);
    clock.now += 89 * DAY_MS;
    expect(await vault.overdueCount()).toBe(4);
  });
});

describe('marking a credential regenerated or revoked by hand', () => {
  it('retires the active version, dated now, with an event, and keeps its value', async () => {
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const [app] = await vault.list();
    const key = app?.credentials.find((c) => c.kind === 'apiKey');
    const secret = app?.credentials.find((c) => c.kind === 'apiKeySecret');
    if (!key || !secret) throw new Error('no credentials');
    await vault.markRetired(key.id, 'revoked');
    await vault.markRetired(secret.id, 'regenerated');
    const [after] = await vault.list();
    expect(after?.credentials.map((c) => [c.kind, c.status, c.supersededAt]).sort()).toEqual([
      ['apiKey', 'revoked', clock.now],
      ['apiKeySecret', 'superseded', clock.now],
    ]);
    expect((await storedEvents(db)).filter((e) => e.type === 'revoked' || e.type === 'regenerated')).toHaveLength(2);
    expect(await vault.value(key.id)).toBe(API_KEY);
    expect(await vault.overdueCount()).toBe(0);
    await vault.lock();
    await expect(vault.markRetired(key.id, 'revoked')).rejects.toMatchObject({ code: 'locked' });
  });
});

describe('editing an App', () => {
  it('renames it and keeps notes, encrypted, and a blank field removes the value', async () => {
    const { vault, db } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const [app] = await vault.list();
    if (!app) throw new Error('no app');
    await vault.updateApp(app.id, { appName: 'rain-alerts (prod)', notes: 'Used by the alerts worker on fly.io' });
    expect((await vault.list())[0]).toMatchObject({
      appName: 'rain-alerts (prod)',
      notes: 'Used by the alerts worker on fly.io',
    });
    expect(await dump(db)).not.toContain('alerts worker');
    await vault.updateApp(app.id, { notes: '  ' });
    expect((await vault.list())[0]?.notes).toBeUndefined();
    // The next capture of the same portal App keeps the user's name.
    await vault.submitCapture(
      capture({
        credentials: [{ kind: 'bearerToken', value: `${'A'.repeat(21)}${'b'.repeat(38)}%3D${'c'.repeat(50)}` }],
      }),
    );
    expect(await vault.list()).toHaveLength(1);
    expect((await vault.list())[0]?.appName).toBe('rain-alerts (prod)');
  });
});
