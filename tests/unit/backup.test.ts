import Dexie from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encrypt, importAesKey } from '@/utils/crypto/aead';
import { fromBase64, toBase64 } from '@/utils/crypto/base64';
import { utf8 } from '@/utils/crypto/bytes';
import { VaultError } from '@/utils/crypto/errors';
import { generateKeyPair, seal } from '@/utils/crypto/seal';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupVerb,
  MAX_BACKUP_CHARS,
  ReadFiles,
  sealBackup,
} from '@/utils/vault/backup';
import { type BackupRecords, latestTime, readBackup } from '@/utils/vault/backup/schema';
import { CRYPTO_BATCH } from '@/utils/vault/batches';
import { appDetailsBinding, credentialBinding, inboxBinding } from '@/utils/vault/bindings';
import { DAY_MS, type VaultDb } from '@/utils/vault/db';
import type { SessionStore } from '@/utils/vault/session';
import type { Vault } from '@/utils/vault/vault';
import {
  API_KEY,
  API_KEY_2,
  API_KEY_SECRET,
  capture,
  changeStored,
  dump,
  makeVault,
  PASSPHRASE,
  storedCredential,
  storedCredentials,
  storedEvents,
} from './helpers/vault';

const OTHER_PASSPHRASE = 'violet tractor moonlight 1987 harbour';
const API_KEY_3 = 'Zk4Lm2Pz9Rt4Vb8Nc3Jd6Hf2W';
const T0 = capture().at;

interface Envelope {
  format: string;
  version: number;
  createdAt: string;
  body: string;
  mac: { salt: string; hmac: string };
}

/** Every value by App name, kind and version, with its status and dates. */
async function contents(vault: Vault) {
  const out: Record<string, { value: string; status: string; createdAt: number; supersededAt?: number }> = {};
  for (const app of await vault.list()) {
    for (const c of app.credentials) {
      const row: (typeof out)[string] = { value: await vault.value(c.id), status: c.status, createdAt: c.createdAt };
      if (c.supersededAt !== undefined) row.supersededAt = c.supersededAt;
      out[`${app.appName}/${c.kind}/v${c.version}`] = row;
    }
  }
  return out;
}

/** Every table but the trash, object keys sorted: two databases with the same records compare equal. */
async function records(db: VaultDb): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  for (const table of db.tables) if (table.name !== 'trash') tables[table.name] = await table.toArray();
  return JSON.stringify(tables, (_key, value) => {
    if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return value;
  });
}

/** A vault with one App and two credentials, its rotation period at 30 days. */
async function sourceVault(passphrase = PASSPHRASE) {
  const made = makeVault();
  await made.vault.create(passphrase);
  await made.vault.submitCapture(capture());
  await made.vault.updateSettings({ rotationDays: 30 });
  return made;
}

/** Seals a capture into the inbox of an unlocked vault, as a context that saw it locked would. */
async function sealWhileUnlocked(made: { vault: Vault; session: SessionStore }, c = capture()) {
  const state = await made.session.get();
  if (!state) throw new Error('not unlocked');
  await made.vault.lock();
  expect(await made.vault.submitCapture(c)).toEqual({ saved: 'sealed' });
  await made.session.set(state);
}

const parse = (text: string) => JSON.parse(text) as Envelope;

/** Parsed backup JSON, which the edits below reach into freely. */
// biome-ignore lint/suspicious/noExplicitAny: test edits of arbitrary JSON
type Json = any;

/** Rewrites the body's records and signs the result with the vault's real key: MAC-valid, content edited. */
async function resigned(made: { session: SessionStore }, text: string, edit: (body: Json) => void) {
  const envelope = parse(text);
  const body = JSON.parse(envelope.body);
  edit(body);
  const state = await made.session.get();
  if (!state) throw new Error('not unlocked');
  return sealBackup(JSON.stringify(body), fromBase64(state.vaultKey), envelope.createdAt);
}

describe('backing up and restoring', () => {
  it('restores a backup in a fresh profile, record for record, unlocked, with every value and name', async () => {
    const source = await sourceVault();
    await source.vault.submitCapture(capture({ at: T0 + DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const [app] = await source.vault.list();
    await source.vault.updateApp(app?.id ?? '', { notes: 'production bot' });
    const before = await contents(source.vault);
    const text = await source.vault.backup();

    const fresh = makeVault();
    expect(await fresh.vault.restore(text, PASSPHRASE)).toEqual({ apps: 1, credentials: 3 });
    expect(await fresh.vault.status()).toEqual({ exists: true, locked: false });
    expect(await records(fresh.db)).toBe(await records(source.db));
    expect(await contents(fresh.vault)).toEqual(before);
    expect((await fresh.vault.list())[0]).toMatchObject({ appName: 'rain-alerts', notes: 'production bot' });
    expect((await fresh.vault.settings()).rotationDays).toBe(30);

    await fresh.vault.lock();
    await expect(fresh.vault.unlock(OTHER_PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await fresh.vault.unlock(PASSPHRASE);
    expect(await contents(fresh.vault)).toEqual(before);
  });

  it('writes the documented format, with no name or value in it, and changes nothing', async () => {
    const { vault, db, clock } = await sourceVault();
    const [app] = await vault.list();
    await vault.updateApp(app?.id ?? '', { notes: 'Deploy notes for the bot' });
    const before = await dump(db);
    const text = await vault.backup();
    expect(await dump(db)).toBe(before);

    const envelope = parse(text);
    expect(Object.keys(envelope)).toEqual(['format', 'version', 'createdAt', 'body', 'mac']);
    expect(envelope).toMatchObject({ format: BACKUP_FORMAT, version: 3, createdAt: new Date(clock.now).toISOString() });
    expect(fromBase64(envelope.mac.salt)).toHaveLength(32);
    expect(fromBase64(envelope.mac.hmac)).toHaveLength(32);
    expect(Object.keys(JSON.parse(envelope.body))).toEqual([
      'vault',
      'apps',
      'credentials',
      'events',
      'inbox',
      'settings',
      'permissions',
    ]);

    // No secret or name, as text or as base64 at any of the three alignments.
    for (const secret of [API_KEY, API_KEY_SECRET, 'rain-alerts', 'Weather bots', 'Deploy notes', PASSPHRASE]) {
      expect(text).not.toContain(secret);
      for (const pad of ['', 'x', 'xx']) {
        const encoded = toBase64(utf8(pad + secret));
        const core = encoded.slice(pad ? 4 : 0, -4);
        expect(text).not.toContain(core);
      }
    }
  });

  it('needs the vault unlocked to back up', async () => {
    const { vault } = await sourceVault();
    await vault.lock();
    await expect(vault.backup()).rejects.toMatchObject({ code: 'locked' });
  });

  it('writes the public key checked at unlock, not one swapped on disk since: the file restores', async () => {
    const { vault, db } = await sourceVault();
    const { publicKey: swapped } = await generateKeyPair();
    await db.vault.update('main', { publicKey: swapped });
    const restored = makeVault();
    await restored.vault.restore(await vault.backup(), PASSPHRASE);
    expect(Object.keys(await contents(restored.vault)).length).toBeGreaterThan(0);
  });

  it('makes no backup that a restore would refuse: a value damaged on disk is said, and nothing changes', async () => {
    const { vault, db } = await sourceVault();
    const [first] = await storedCredentials(db);
    const value = new Uint8Array(first?.value ?? []);
    value[20] = (value[20] ?? 0) ^ 1;
    await changeStored(db, first?.id ?? '', { value });
    const before = await dump(db);
    await expect(vault.backup()).rejects.toMatchObject({
      code: 'tampered',
      message: expect.stringMatching(/no longer decrypts.*No backup was made/),
    });
    expect(await dump(db)).toBe(before);
  });

  it('refuses to restore over an existing vault, which stays as it was', async () => {
    const source = await sourceVault();
    const text = await source.vault.backup();
    const other = await sourceVault(OTHER_PASSPHRASE);
    const before = await dump(other.db);
    await expect(other.vault.restore(text, PASSPHRASE)).rejects.toMatchObject({
      code: 'vault-exists',
      message: 'A vault already exists: merge the backup into it instead.',
    });
    await other.vault.lock();
    await expect(other.vault.restore(text, PASSPHRASE)).rejects.toMatchObject({ code: 'vault-exists' });
    expect(await dump(other.db)).toBe(before);
  });

  it('keeps sealed captures waiting in the inbox, and files them after the restore', async () => {
    const source = await sourceVault();
    await sealWhileUnlocked(source, capture({ at: T0 + DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const text = await source.vault.backup();
    expect(JSON.parse(parse(text).body).inbox).toHaveLength(1);

    const fresh = makeVault();
    await fresh.vault.restore(text, PASSPHRASE);
    expect(await fresh.db.inbox.count()).toBe(0);
    expect(await contents(fresh.vault)).toMatchObject({
      'rain-alerts/apiKey/v1': { value: API_KEY, status: 'superseded', supersededAt: T0 + DAY_MS },
      'rain-alerts/apiKey/v2': { value: API_KEY_2, status: 'active' },
    });
  });

  it('files captures made in the fresh profile before the restore', async () => {
    const text = await (await sourceVault()).vault.backup();
    const fresh = makeVault();
    expect(
      await fresh.vault.submitCapture(
        capture({ appId: '28999999', appName: 'new-app', credentials: [{ kind: 'apiKey', value: API_KEY_3 }] }),
      ),
    ).toEqual({ saved: 'pending' });
    await fresh.vault.restore(text, PASSPHRASE);
    expect(await contents(fresh.vault)).toMatchObject({
      'rain-alerts/apiKey/v1': { value: API_KEY },
      'new-app/apiKey/v1': { value: API_KEY_3 },
    });
    expect(await fresh.session.getPending()).toEqual([]);
  });

  it('commits nothing until every check has passed, though the writes start before them', async () => {
    const source = await sourceVault();
    const text = await source.vault.backup();
    const fresh = makeVault();
    const before = await dump(fresh.db);
    const writes = vi.spyOn(fresh.db.eventPages, 'bulkAdd');
    await expect(fresh.vault.restore(text, OTHER_PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect(writes).toHaveBeenCalledTimes(1);
    expect(await dump(fresh.db)).toBe(before);
    expect(await fresh.vault.status()).toEqual({ exists: false, locked: true });
  });

  it('writes again, after the checks, when IndexedDB gives up on the restore’s transaction', async () => {
    const source = await sourceVault();
    const text = await source.vault.backup();
    const giveUp = () => {
      Dexie.currentTransaction?.abort();
      return Dexie.Promise.reject(new Error('transaction timed out'));
    };

    const wrong = makeVault();
    const before = await dump(wrong.db);
    vi.spyOn(wrong.db.eventPages, 'bulkAdd').mockImplementationOnce(giveUp);
    await expect(wrong.vault.restore(text, OTHER_PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect(await dump(wrong.db)).toBe(before);

    const fresh = makeVault();
    const writes = vi.spyOn(fresh.db.eventPages, 'bulkAdd').mockImplementationOnce(giveUp);
    expect(await fresh.vault.restore(text, PASSPHRASE)).toEqual({ apps: 1, credentials: 2 });
    expect(writes).toHaveBeenCalledTimes(2);
    expect(await records(fresh.db)).toBe(await records(source.db));
  });
});

describe('a backup file inspected as it is chosen, before its passphrase', () => {
  // A failed check leaves no JSON.parse spy behind for the next test.
  afterEach(() => vi.restoreAllMocks());

  it('says how many Apps and credentials the file holds and when it was made, and restores it as read then', async () => {
    const source = await sourceVault();
    await source.vault.submitCapture(capture({ at: T0 + DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const text = await source.vault.backup();
    const fresh = makeVault();
    expect(fresh.vault.inspectBackup(text, 'restored')).toEqual({
      apps: 1,
      credentials: 3,
      createdAt: parse(text).createdAt,
    });
    // Nothing is written or unlocked by looking.
    expect(await fresh.vault.status()).toEqual({ exists: false, locked: true });
    // The restore takes the file as the inspection read it: its text is not parsed again.
    const parsing = vi.spyOn(JSON, 'parse');
    expect(await fresh.vault.restore(text, PASSPHRASE)).toEqual({ apps: 1, credentials: 3 });
    expect(parsing.mock.calls.some(([parsed]) => parsed === text)).toBe(false);
    parsing.mockRestore();
    expect(await records(fresh.db)).toBe(await records(source.db));
    expect(await contents(fresh.vault)).toEqual(await contents(source.vault));
  });

  it('restores or merges the file sent, not another inspected before it', async () => {
    const first = await sourceVault();
    const inspectedText = await first.vault.backup();
    const second = await sourceVault();
    await second.vault.submitCapture(capture({ appId: '28777777', appName: 'second-bot' }));
    const sentText = await second.vault.backup();

    const fresh = makeVault();
    fresh.vault.inspectBackup(inspectedText, 'restored');
    expect(await fresh.vault.restore(sentText, PASSPHRASE)).toEqual({ apps: 2, credentials: 4 });
    expect(await records(fresh.db)).toBe(await records(second.db));

    const target = await sourceVault(OTHER_PASSPHRASE);
    target.vault.inspectBackup(inspectedText, 'merged');
    expect(await target.vault.mergeBackup(sentText, PASSPHRASE)).toMatchObject({ added: 2 });
    expect((await target.vault.list()).map((a) => a.appName).sort()).toEqual(['rain-alerts', 'second-bot']);
  });

  it('checks the file’s dates against the clock when it is restored, and keeps it read for a retry after a wrong passphrase', async () => {
    const source = await sourceVault();
    const text = await source.vault.backup();
    // This computer's clock is behind the file's dates: the inspection cannot say (the dates are unproven before the MAC).
    const fresh = makeVault({ clock: { now: source.clock.now - DAY_MS } });
    expect(fresh.vault.inspectBackup(text, 'restored')).toMatchObject({ apps: 1, credentials: 2 });
    await expect(fresh.vault.restore(text, PASSPHRASE)).rejects.toMatchObject({ code: 'bad-date' });
    // Chosen again, then the clock set right, then a wrong passphrase and the right one.
    fresh.vault.inspectBackup(text, 'restored');
    fresh.clock.now = source.clock.now;
    const parsing = vi.spyOn(JSON, 'parse');
    await expect(fresh.vault.restore(text, OTHER_PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect(await fresh.vault.restore(text, PASSPHRASE)).toEqual({ apps: 1, credentials: 2 });
    expect(parsing.mock.calls.some(([parsed]) => parsed === text)).toBe(false);
    parsing.mockRestore();
    expect(await records(fresh.db)).toBe(await records(source.db));

    // The other way: chosen with the clock right, restored after it went back.
    const later = makeVault({ clock: { now: source.clock.now } });
    later.vault.inspectBackup(text, 'restored');
    later.clock.now = source.clock.now - DAY_MS;
    await expect(later.vault.restore(text, PASSPHRASE)).rejects.toMatchObject({ code: 'bad-date' });
    expect(await later.vault.status()).toEqual({ exists: false, locked: true });
  });

  it('forgets the file it read when the vault locks', async () => {
    const source = await sourceVault();
    await source.vault.submitCapture(capture({ appId: '28777777', appName: 'second-bot' }));
    const text = await source.vault.backup();
    const target = await sourceVault(OTHER_PASSPHRASE);
    target.vault.inspectBackup(text, 'merged');
    await target.vault.lock();
    await target.vault.unlock(OTHER_PASSPHRASE);
    const parsing = vi.spyOn(JSON, 'parse');
    expect(await target.vault.mergeBackup(text, PASSPHRASE)).toMatchObject({ added: 2 });
    expect(parsing.mock.calls.some(([parsed]) => parsed === text)).toBe(true);
    parsing.mockRestore();
  });
});

describe('a chosen file kept, read (ReadFiles)', () => {
  afterEach(() => vi.restoreAllMocks());
  const fileOf = async () => (await sourceVault()).vault.backup();

  it('keeps one file, for a while and under a size, and forgets only the file named', async () => {
    const text = await fileOf();
    const parsesOf = async (files: ReadFiles, wait = 0) => {
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      const parsing = vi.spyOn(JSON, 'parse');
      files.read(text, 'restored', T0);
      const count = parsing.mock.calls.filter(([parsed]) => parsed === text).length;
      parsing.mockRestore();
      return count;
    };
    const files = new ReadFiles({ keepMs: 60_000, maxChars: text.length });
    files.inspect(text, 'restored', T0);
    expect(await parsesOf(files)).toBe(0);
    files.forget('another file');
    expect(await parsesOf(files)).toBe(0);
    files.forget(text);
    expect(await parsesOf(files)).toBe(1);

    const brief = new ReadFiles({ keepMs: 20, maxChars: text.length });
    brief.inspect(text, 'restored', T0);
    expect(await parsesOf(brief)).toBe(0);
    expect(await parsesOf(brief, 60)).toBe(1);

    const small = new ReadFiles({ keepMs: 60_000, maxChars: text.length - 1 });
    expect(small.inspect(text, 'restored', T0)).toMatchObject({ apps: 1, credentials: 2 });
    expect(await parsesOf(small)).toBe(1);

    // Another file inspected replaces it; one refused leaves none.
    files.inspect(text, 'restored', T0);
    expect(() => files.inspect('not a backup', 'restored', T0)).toThrow('This file is not a OnceKey backup.');
    expect(await parsesOf(files)).toBe(1);
  });
});

describe('merging a backup into a vault', () => {
  /** Vault B, another passphrase: the same App with a regenerated key, and an App without a portal id. */
  async function otherVault() {
    const made = makeVault();
    await made.vault.create(OTHER_PASSPHRASE);
    await made.vault.submitCapture(capture());
    await made.vault.submitCapture(
      capture({ at: T0 + 2 * DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }),
    );
    await made.vault.submitCapture({
      host: 'developer.x.com',
      appName: 'snow-alerts',
      projectName: 'Winter',
      at: T0 + DAY_MS,
      credentials: [{ kind: 'apiKey', value: API_KEY_3 }],
    });
    return made;
  }

  it('adds what is new under this vault’s key, skips values it has, and keeps versions and history', async () => {
    const a = await sourceVault();
    const b = await otherVault();
    const text = await b.vault.backup();
    expect(await a.vault.mergeBackup(text, OTHER_PASSPHRASE)).toEqual({ added: 2, skipped: 2 });

    expect(await contents(a.vault)).toEqual({
      'rain-alerts/apiKey/v1': {
        value: API_KEY,
        status: 'superseded',
        createdAt: T0,
        supersededAt: T0 + 2 * DAY_MS,
      },
      'rain-alerts/apiKey/v2': { value: API_KEY_2, status: 'active', createdAt: T0 + 2 * DAY_MS },
      'rain-alerts/apiKeySecret/v1': { value: API_KEY_SECRET, status: 'active', createdAt: T0 },
      'snow-alerts/apiKey/v1': { value: API_KEY_3, status: 'active', createdAt: T0 + DAY_MS },
    });
    const apps = await a.vault.list();
    expect(apps.map((app) => app.appName).sort()).toEqual(['rain-alerts', 'snow-alerts']);
    // Due dates follow this vault's rotation period (30 days), not the file's (90).
    const regenerated = apps.flatMap((app) => app.credentials).find((c) => c.version === 2);
    expect(regenerated?.dueAt).toBe(T0 + 2 * DAY_MS + 30 * DAY_MS);

    // History came along, pointing at this vault's records.
    const events = await storedEvents(a.db);
    const ids = new Set((await storedCredentials(a.db)).map((c) => c.id));
    const appIds = new Set(apps.map((app) => app.id));
    expect(events.map((e) => e.type).sort()).toEqual(['captured', 'captured', 'captured', 'regenerated']);
    for (const e of events) {
      expect(ids.has(e.credentialId ?? '')).toBe(true);
      expect(appIds.has(e.appId ?? '')).toBe(true);
    }
    expect(events.find((e) => e.type === 'regenerated')?.credentialId).toBe(regenerated?.id);

    // Still this vault's passphrase, and everything decrypts after a relock.
    await a.vault.lock();
    await expect(a.vault.unlock(OTHER_PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await a.vault.unlock(PASSPHRASE);
    expect(Object.keys(await contents(a.vault))).toHaveLength(4);
  });

  it('renumbers versions by creation date, re-encrypting a stored version whose number changes', async () => {
    const a = makeVault();
    await a.vault.create(PASSPHRASE);
    await a.vault.submitCapture(capture({ at: T0 + 2 * DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const [stored] = await storedCredentials(a.db);
    const b = makeVault();
    await b.vault.create(OTHER_PASSPHRASE);
    await b.vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY }] }));

    expect(await a.vault.mergeBackup(await b.vault.backup(), OTHER_PASSPHRASE)).toEqual({ added: 1, skipped: 0 });
    expect(await contents(a.vault)).toEqual({
      'rain-alerts/apiKey/v1': { value: API_KEY, status: 'superseded', createdAt: T0, supersededAt: T0 + 2 * DAY_MS },
      'rain-alerts/apiKey/v2': { value: API_KEY_2, status: 'active', createdAt: T0 + 2 * DAY_MS },
    });
    const after = await storedCredential(a.db, stored?.id ?? '');
    expect(after?.version).toBe(2);
    expect(after?.value).not.toEqual(stored?.value);
    expect(await a.vault.value(stored?.id ?? '')).toBe(API_KEY_2);
  });

  it('keeps the version the user made current, into an empty vault or one given an older value', async () => {
    // In A, v1 was made current again after v2 was captured.
    const a = makeVault();
    await a.vault.create(PASSPHRASE);
    await a.vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY }] }));
    await a.vault.submitCapture(capture({ at: T0 + 2 * DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const v1 = (await storedCredentials(a.db)).find((c) => c.version === 1);
    await a.vault.makeCurrent(v1?.id ?? '');
    const statuses = async (made: { vault: Vault }) =>
      Object.fromEntries(Object.entries(await contents(made.vault)).map(([key, c]) => [key, c.status]));
    const made = { 'rain-alerts/apiKey/v1': 'active', 'rain-alerts/apiKey/v2': 'superseded' };
    expect(await statuses(a)).toEqual(made);

    const empty = makeVault();
    await empty.vault.create(OTHER_PASSPHRASE);
    await empty.vault.mergeBackup(await a.vault.backup(), PASSPHRASE);
    expect(await statuses(empty)).toEqual(made);

    // A vault that holds that value too, as current: the file kept it current, so it stays.
    const holder = makeVault();
    await holder.vault.create(OTHER_PASSPHRASE);
    await holder.vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY }] }));
    await holder.vault.mergeBackup(await a.vault.backup(), PASSPHRASE);
    expect(await statuses(holder)).toEqual(made);

    // A file with a value older than both: it was replaced long ago, and A's choice stands.
    const older = makeVault();
    await older.vault.create(OTHER_PASSPHRASE);
    await older.vault.submitCapture(capture({ at: T0 - DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_3 }] }));
    await a.vault.mergeBackup(await older.vault.backup(), OTHER_PASSPHRASE);
    expect(await statuses(a)).toEqual({
      'rain-alerts/apiKey/v1': 'superseded',
      'rain-alerts/apiKey/v2': 'active',
      'rain-alerts/apiKey/v3': 'superseded',
    });
  });

  it('changes nothing when the file holds nothing new: the same file twice, or this vault’s own backup', async () => {
    const a = await sourceVault();
    const text = await (await otherVault()).vault.backup();
    await a.vault.mergeBackup(text, OTHER_PASSPHRASE);
    const before = await dump(a.db);
    expect(await a.vault.mergeBackup(text, OTHER_PASSPHRASE)).toEqual({ added: 0, skipped: 4 });
    expect(await dump(a.db)).toBe(before);
    expect(await a.vault.mergeBackup(await a.vault.backup(), PASSPHRASE)).toEqual({ added: 0, skipped: 4 });
    expect(await dump(a.db)).toBe(before);
  });

  it('keeps this vault’s App details and fills in what it lacks from the file', async () => {
    const a = await sourceVault();
    const b = await otherVault();
    const bApp = (await b.vault.list()).find((app) => app.appName === 'rain-alerts');
    await b.vault.updateApp(bApp?.id ?? '', { appName: 'renamed-in-b', notes: 'notes from b' });
    await a.vault.mergeBackup(await b.vault.backup(), OTHER_PASSPHRASE);
    const apps = await a.vault.list();
    expect(apps).toHaveLength(2);
    expect(apps.find((app) => app.portalAppId === '28123456')).toMatchObject({
      appName: 'rain-alerts',
      projectName: 'Weather bots',
      notes: 'notes from b',
    });
  });

  it('matches an App without a portal id by App and project name', async () => {
    const a = makeVault();
    await a.vault.create(PASSPHRASE);
    await a.vault.submitCapture({
      host: 'developer.x.com',
      appName: 'snow-alerts',
      projectName: 'Winter',
      at: T0 - DAY_MS,
      credentials: [{ kind: 'apiKey', value: API_KEY }],
    });
    const b = await otherVault();
    expect(await a.vault.mergeBackup(await b.vault.backup(), OTHER_PASSPHRASE)).toMatchObject({ added: 4 });
    const snow = (await a.vault.list()).filter((app) => app.appName === 'snow-alerts');
    expect(snow).toHaveLength(1);
    expect(snow[0]?.credentials.map((c) => [c.version, c.status])).toEqual([
      [2, 'active'],
      [1, 'superseded'],
    ]);
  });

  it('takes a revocation recorded in the file for a value both vaults hold', async () => {
    const a = await sourceVault();
    const b = makeVault();
    await b.vault.create(OTHER_PASSPHRASE);
    await b.vault.submitCapture(capture());
    const bKey = (await storedCredentials(b.db)).find((c) => c.kind === 'apiKey');
    b.clock.now += 60_000;
    await b.vault.markRetired(bKey?.id ?? '', 'revoked');
    expect(await a.vault.mergeBackup(await b.vault.backup(), OTHER_PASSPHRASE)).toEqual({ added: 0, skipped: 2 });
    const aKey = (await storedCredentials(a.db)).find((c) => c.kind === 'apiKey');
    expect(aKey).toMatchObject({ status: 'revoked', supersededAt: b.clock.now, version: 1 });
    expect((await storedEvents(a.db)).filter((e) => e.credentialId === aKey?.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'revoked', at: b.clock.now })]),
    );
  });

  it('files the sealed captures waiting in the file’s inbox', async () => {
    const a = await sourceVault();
    const b = makeVault();
    await b.vault.create(OTHER_PASSPHRASE);
    await sealWhileUnlocked(b, capture({ at: T0 + DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    expect(await a.vault.mergeBackup(await b.vault.backup(), OTHER_PASSPHRASE)).toEqual({ added: 1, skipped: 0 });
    expect(await a.db.inbox.count()).toBe(0);
    expect(await contents(a.vault)).toMatchObject({
      'rain-alerts/apiKey/v1': { value: API_KEY, status: 'superseded', supersededAt: T0 + DAY_MS },
      'rain-alerts/apiKey/v2': { value: API_KEY_2, status: 'active' },
    });
  });

  it('needs this vault unlocked, and does not count wrong file passphrases towards the unlock throttle', async () => {
    const a = await sourceVault();
    const text = await (await otherVault()).vault.backup();
    const before = await dump(a.db);
    for (let i = 0; i < 6; i++) {
      await expect(a.vault.mergeBackup(text, PASSPHRASE)).rejects.toMatchObject({
        code: 'wrong-passphrase',
        message: 'That passphrase does not open this backup.',
      });
    }
    expect(await dump(a.db)).toBe(before);
    await a.vault.lock();
    await expect(a.vault.mergeBackup(text, OTHER_PASSPHRASE)).rejects.toMatchObject({ code: 'locked' });
    await a.vault.unlock(PASSPHRASE);
  });
});

describe('refusing a backup that is not one, damaged, or not for this version', () => {
  /** A backup with an inbox item and events, a vault to merge into, and an empty profile. */
  async function setup() {
    const source = await sourceVault();
    await source.vault.submitCapture(capture({ at: T0 + DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    await sealWhileUnlocked(source, capture({ appId: '28999999', appName: 'other', at: T0 + 2 * DAY_MS }));
    const text = await source.vault.backup();
    const target = await sourceVault(OTHER_PASSPHRASE);
    await target.vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY_3 }] }));
    const fresh = makeVault();
    return { source, text, target, fresh, targetDump: await dump(target.db), freshDump: await dump(fresh.db) };
  }
  type Setup = Awaited<ReturnType<typeof setup>>;

  /** Neither restore into the empty profile nor merge into the vault takes it, and neither changes. */
  async function refused(
    s: Setup,
    text: string,
    expected: { code: string; message?: string | RegExp },
    { whenChosen = false } = {},
  ) {
    const { message, code } = expected;
    const match = (verb: string) =>
      message === undefined
        ? { code }
        : {
            code,
            message: typeof message === 'string' ? message.replace('{verb}', verb) : expect.stringMatching(message),
          };
    // Chosen in the popup first, which inspects it (backup.inspect). The inspection refuses
    // what the checks that need no passphrase refuse (`whenChosen`: this file is one), in the
    // restore's or merge's words; what it lets through, the restore or merge that takes the
    // file as read then still refuses.
    const outcome = (read: () => unknown) => {
      try {
        read();
        return 'taken';
      } catch (error) {
        return { code: (error as VaultError).code, message: (error as VaultError).message };
      }
    };
    const inspected = (vault: Vault, verb: BackupVerb) => {
      const early = outcome(() => readBackup(text, verb, Date.now()));
      if (whenChosen) expect(early).toMatchObject(match(verb));
      expect(outcome(() => vault.inspectBackup(text, verb))).toEqual(early);
    };
    inspected(s.fresh.vault, 'restored');
    await expect(s.fresh.vault.restore(text, PASSPHRASE)).rejects.toMatchObject(match('restored'));
    // Sent again without choosing it again: read afresh.
    await expect(s.fresh.vault.restore(text, PASSPHRASE)).rejects.toMatchObject(match('restored'));
    inspected(s.target.vault, 'merged');
    await expect(s.target.vault.mergeBackup(text, PASSPHRASE)).rejects.toMatchObject(match('merged'));
    expect(await dump(s.fresh.db)).toBe(s.freshDump);
    expect(await dump(s.target.db)).toBe(s.targetDump);
  }

  const damaged = { code: 'tampered', message: 'This backup has been changed or damaged; nothing was {verb}.' };

  it('refuses what is not a OnceKey backup', async () => {
    const s = await setup();
    for (const text of ['', 'hello', '<html></html>', 'null', '42', '[]', '"oncekey-backup"', '{"format":"other"}']) {
      await refused(
        s,
        text,
        { code: 'not-a-backup', message: 'This file is not a OnceKey backup.' },
        { whenChosen: true },
      );
    }
  });

  it('refuses a truncated backup as damaged', async () => {
    const s = await setup();
    for (const length of [40, s.text.length / 2, s.text.length - 1]) {
      await refused(s, s.text.slice(0, Math.floor(length)), damaged, { whenChosen: true });
    }
  });

  it('refuses an edited body, date or MAC', async () => {
    const s = await setup();
    const envelope = parse(s.text);
    const flip = (text: string, at: number) => {
      const i = at < 0 ? text.length + at : at;
      return text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
    };
    const body = JSON.parse(envelope.body);
    const valueAt = envelope.body.indexOf(body.credentials[0].value) + 10;
    const edits: Envelope[] = [
      { ...envelope, body: flip(envelope.body, valueAt) },
      { ...envelope, body: flip(envelope.body, envelope.body.indexOf(body.inbox[0].sealed) + 30) },
      { ...envelope, body: envelope.body.replace(`"status":"superseded"`, `"status":"active"`) },
      { ...envelope, createdAt: '2020-01-01T00:00:00.000Z' },
      { ...envelope, mac: { ...envelope.mac, hmac: flip(envelope.mac.hmac, 5) } },
      { ...envelope, mac: { ...envelope.mac, salt: flip(envelope.mac.salt, 0) } },
    ];
    for (const edit of edits) await refused(s, JSON.stringify(edit), damaged);
    // The MAC's last character has unused bits: a different spelling of the same bytes is refused too.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sibling = alphabet[alphabet.indexOf(envelope.mac.hmac.at(-2) ?? '') ^ 1];
    expect(fromBase64(`${envelope.mac.hmac.slice(0, -2)}${sibling}=`)).toEqual(fromBase64(envelope.mac.hmac));
    await refused(
      s,
      JSON.stringify({ ...envelope, mac: { ...envelope.mac, hmac: `${envelope.mac.hmac.slice(0, -2)}${sibling}=` } }),
      { code: 'tampered' },
    );
  });

  it('refuses a backup from a newer version of OnceKey', async () => {
    const s = await setup();
    await refused(
      s,
      JSON.stringify({ ...parse(s.text), version: BACKUP_VERSION + 1, body: '{"anything":"new"}' }),
      { code: 'unsupported-format', message: 'This backup was made by a newer version of OnceKey.' },
      { whenChosen: true },
    );
  });

  it('refuses a huge file before parsing it', async () => {
    const s = await setup();
    await refused(
      s,
      `{"format":"oncekey-backup",${' '.repeat(MAX_BACKUP_CHARS)}}`,
      { code: 'too-large', message: /too large/ },
      { whenChosen: true },
    );
  });

  it('refuses a wrong passphrase', async () => {
    const s = await setup();
    await expect(s.fresh.vault.restore(s.text, OTHER_PASSPHRASE)).rejects.toMatchObject({
      code: 'wrong-passphrase',
      message: 'That passphrase does not open this backup.',
    });
    expect(await dump(s.fresh.db)).toBe(s.freshDump);
    expect(await s.fresh.vault.status()).toEqual({ exists: false, locked: true });
  });

  it('refuses absurd key-derivation settings without running them', async () => {
    const s = await setup();
    for (const kdf of [
      { memoryKiB: 1024 * 1024 * 1024 },
      { iterations: 0 },
      { parallelism: 1000 },
      { salt: 'AAAA' },
      { memoryKiB: 8, parallelism: 4 },
      // Each within its own bound, but together minutes of Argon2id over 1 GiB.
      { memoryKiB: 1024 * 1024, iterations: 64 },
    ]) {
      const envelope = parse(s.text);
      const body = JSON.parse(envelope.body);
      Object.assign(body.vault.kdf, kdf);
      await refused(s, JSON.stringify({ ...envelope, body: JSON.stringify(body) }), {
        code: 'tampered',
        message: /key-derivation settings are out of bounds/,
      });
    }
  });

  it('refuses records that fail the schema or do not decrypt, even under a valid MAC', async () => {
    const s = await setup();
    const edits: ((body: Json) => void)[] = [
      (body) => {
        body.credentials[0].extra = 1;
      },
      (body) => {
        body.credentials[0].status = 'lost';
      },
      (body) => {
        body.apps[0].host = 'x'.repeat(1000);
      },
      (body) => {
        body.events[0].at = -1;
      },
      (body) => {
        body.credentials[0].appId = 'no-such-app';
      },
      (body) => {
        body.credentials.push(body.credentials[0]);
      },
      (body) => {
        delete body.settings;
      },
      (body) => {
        body.credentials[0].value = `${body.credentials[0].value.slice(0, -4)}====`;
      },
      // A value moved to another record, and a version number changed: the bindings catch both.
      (body) => {
        [body.credentials[0].value, body.credentials[1].value] = [body.credentials[1].value, body.credentials[0].value];
      },
      (body) => {
        body.credentials[0].version += 1;
      },
      (body) => {
        body.inbox[0].receivedAt += 1;
      },
    ];
    for (const edit of edits) await refused(s, await resigned(s.source, s.text, edit), damaged);
  });

  it('refuses unknown kinds and values not in their kind’s format, and says a file dated after the clock is, under a valid MAC', async () => {
    const s = await setup();
    const state = await s.source.session.get();
    const vaultKey = await importAesKey(fromBase64(state?.vaultKey ?? ''));
    // Encrypted as a real credential would be: only the format check can refuse it.
    const badValue = async (body: Json) => {
      const c = body.credentials[0];
      c.value = toBase64(await encrypt(vaultKey, utf8('not-an-api-key'), credentialBinding(c, 'value')));
    };
    const future = T0 + 30 * DAY_MS; // past the vault's clock (+5 minutes)
    // Dated after this computer's clock: said so, since it is the clock that may be wrong.
    const clock = { code: 'bad-date', message: /dates up to .* UTC, later than this computer's clock.*nothing was/ };
    const edits: [(body: Json) => void | Promise<void>, { code: string; message?: string | RegExp }][] = [
      [
        (body) => {
          body.credentials[0].kind = 'password';
        },
        damaged,
      ],
      [
        (body) => {
          body.events[0].kind = 'password';
        },
        damaged,
      ],
      [badValue, damaged],
      [
        (body) => {
          body.events[0].at = future;
        },
        clock,
      ],
      [
        (body) => {
          body.credentials[0].capturedAt = future;
        },
        clock,
      ],
      [
        (body) => {
          body.apps[0].updatedAt = future;
        },
        clock,
      ],
    ];
    for (const [edit, expected] of edits) {
      const envelope = parse(s.text);
      const body = JSON.parse(envelope.body);
      await edit(body);
      await refused(
        s,
        await sealBackup(JSON.stringify(body), fromBase64(state?.vaultKey ?? ''), envelope.createdAt),
        expected,
      );
    }
    // The file's own date too.
    await refused(
      s,
      await sealBackup(parse(s.text).body, fromBase64(state?.vaultKey ?? ''), new Date(future).toISOString()),
      clock,
    );
    // A date edited without the vault key is not the clock's doing: the MAC fails first.
    const edited = parse(s.text);
    const body = JSON.parse(edited.body);
    body.events[0].at = future;
    await refused(s, JSON.stringify({ ...edited, body: JSON.stringify(body) }), damaged);
  });

  it('finds the latest time among any number of events (no argument-count limit)', () => {
    const events = Array.from({ length: 300_000 }, (_, i) => ({ at: T0 + i }));
    const records = { vault: { createdAt: T0 }, apps: [], credentials: [], events, inbox: [], permissions: [] };
    expect(latestTime(records as unknown as BackupRecords, new Date(T0).toISOString())).toBe(T0 + 299_999);
  });

  it('refuses records sealed to the public key outside the inbox, and planted inbox captures', async () => {
    const s = await setup();
    const state = await s.source.session.get();
    const raw = fromBase64(state?.vaultKey ?? '');
    const envelope = parse(s.text);
    const body = JSON.parse(envelope.body);
    const publicKey = fromBase64(body.vault.publicKey);
    // Sealing needs only the plain public key: anyone with the file could make these.
    const sealedValue = JSON.parse(envelope.body);
    const c = sealedValue.credentials[0];
    c.value = toBase64(await seal(publicKey, utf8(API_KEY_3), credentialBinding(c, 'value')));
    const sealedApp = JSON.parse(envelope.body);
    const a = sealedApp.apps[0];
    a.details = toBase64(await seal(publicKey, utf8('{"appName":"planted"}'), appDetailsBinding(a)));
    const planted = (capture: object) => {
      const edited = JSON.parse(envelope.body);
      const item = edited.inbox[0];
      return seal(publicKey, utf8(JSON.stringify(capture)), inboxBinding(item.id, item.receivedAt)).then((bytes) => {
        item.sealed = toBase64(bytes);
        return edited;
      });
    };
    const inboxAt = body.inbox[0].receivedAt;
    const files = [
      sealedValue,
      sealedApp,
      await planted({ ...capture({ at: inboxAt }), vaultAppId: body.apps[0].id }),
      await planted(capture({ at: inboxAt + 60 * 60_000 })),
      await planted(capture({ at: inboxAt, credentials: [{ kind: 'apiKey', value: 'short' }] })),
    ];
    for (const file of files)
      await refused(s, await sealBackup(JSON.stringify(file), raw, envelope.createdAt), damaged);
  });

  it('decrypts a large backup in batches, not every ciphertext at once', async () => {
    const source = makeVault();
    await source.vault.create(PASSPHRASE);
    for (let app = 0; app < 40; app++) {
      await source.vault.submitCapture(
        capture({
          appId: String(30_000_000 + app),
          appName: `app-${app}`,
          credentials: Array.from({ length: 16 }, (_, i) => ({
            kind: 'apiKey',
            value: `${String(app).padStart(3, 'Q')}${'k'.repeat(20)}${String(i).padStart(2, 'Z')}`,
          })),
        }),
      );
    }
    const text = await source.vault.backup();
    let inFlight = 0;
    let most = 0;
    const decrypt = crypto.subtle.decrypt.bind(crypto.subtle);
    const spy = vi.spyOn(crypto.subtle, 'decrypt').mockImplementation(async (...args) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await decrypt(...args);
      } finally {
        inFlight--;
      }
    });
    try {
      expect(await makeVault().vault.restore(text, PASSPHRASE)).toEqual({ apps: 40, credentials: 640 });
    } finally {
      spy.mockRestore();
    }
    // 640 values and 640 details: at most one batch of each credential's two at a time.
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(2 * CRYPTO_BATCH);
  });

  it('refuses every random edit of a valid backup, without a crash or a partial write (fuzz)', async () => {
    const s = await setup();
    const { text } = s;
    const envelope = parse(s.text);
    // The body re-serialises to the same characters, so only real edits change it.
    expect(JSON.stringify(JSON.parse(envelope.body))).toBe(envelope.body);

    const printable = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));
    const index = fc.nat({ max: text.length - 1 });
    const odd = fc.constantFrom<unknown>(null, true, 0, -1, 7, 1e12, 'x', '', [], {}, 'A'.repeat(300));
    const byteEdit = fc.tuple(index, printable).map(([i, c]) => text.slice(0, i) + c + text.slice(i + 1));
    const truncation = index.map((i) => text.slice(0, i));
    const deletion = index.map((i) => text.slice(0, i) + text.slice(i + 1));
    // Not whitespace (legal between tokens) and not a backslash ("\/" is "/" in JSON).
    const insertion = fc
      .tuple(
        index,
        printable.filter((c) => c !== '\\'),
      )
      .map(([i, c]) => text.slice(0, i) + c + text.slice(i));
    const jsonEdit = fc
      .tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'add'), odd)
      .map(([pick, op, value]) => editJson(envelope, pick, op, value));

    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(byteEdit, truncation, deletion, insertion, jsonEdit),
        fc.boolean(),
        async (edited, merge) => {
          fc.pre(edited !== text);
          runs++;
          const attempt = merge
            ? s.target.vault.mergeBackup(edited, PASSPHRASE)
            : s.fresh.vault.restore(edited, PASSPHRASE);
          const error = await attempt.then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(VaultError);
          expect(await dump(merge ? s.target.db : s.fresh.db)).toBe(merge ? s.targetDump : s.freshDump);
        },
      ),
      { numRuns: 500 },
    );
    expect(runs).toBeGreaterThanOrEqual(500);
    // And the intact file still restores.
    expect(await s.fresh.vault.restore(text, PASSPHRASE)).toMatchObject({ apps: 1 });
  });
});

/**
 * One structural edit of the backup: the value at the `pick`th path (envelope and body
 * alike) replaced, deleted, or given a new key or element. The body is re-serialised.
 */
function editJson(envelope: Envelope, pick: number, op: 'replace' | 'delete' | 'add', value: unknown): string {
  const doc: Record<string, unknown> = { ...envelope, body: JSON.parse(envelope.body) };
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (node && typeof node === 'object') for (const [k, child] of Object.entries(node)) walk(child, [...path, k]);
  };
  walk(doc, []);
  const path = paths[1 + (pick % (paths.length - 1))] ?? [];
  const parent = path.slice(0, -1).reduce<Json>((node, key) => node[key], doc);
  const key = path.at(-1) as string | number;
  if (op === 'replace') parent[key] = JSON.stringify(parent[key]) === JSON.stringify(value) ? 'changed' : value;
  else if (op === 'delete') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
  else {
    const target = parent[key];
    if (Array.isArray(target)) target.push(value);
    else if (target && typeof target === 'object') target.unexpected = value;
    else parent[key] = [target, value];
  }
  return JSON.stringify({ ...doc, body: typeof doc.body === 'string' ? doc.body : JSON.stringify(doc.body) });
}

describe("an App's permission readings in a backup", () => {
  const permissionsOf = async (vault: Vault) =>
    (await vault.list()).map((a) => [a.appName, a.permissions?.map((r) => r.permission)]);

  it('come back with a restore, so "permissions changed" still shows', async () => {
    const source = await sourceVault();
    await source.vault.recordPermission({ appId: '28123456', permission: 'read' });
    source.clock.now += 60_000;
    await source.vault.recordPermission({ appId: '28123456', permission: 'read-write' });
    const text = await source.vault.backup();
    const fresh = makeVault();
    await fresh.vault.restore(text, PASSPHRASE);
    expect(await permissionsOf(fresh.vault)).toEqual([['rain-alerts', ['read', 'read-write']]]);
    expect(await records(fresh.db)).toBe(await records(source.db));
  });

  it('are merged into a vault with other keys, re-sealed to them, once', async () => {
    const source = await sourceVault();
    await source.vault.recordPermission({ appId: '28123456', permission: 'read-write-dm' });
    const text = await source.vault.backup();
    const other = makeVault();
    await other.vault.create(OTHER_PASSPHRASE);
    await other.vault.submitCapture(capture());
    await other.vault.mergeBackup(text, PASSPHRASE);
    await other.vault.mergeBackup(text, PASSPHRASE);
    expect(await permissionsOf(other.vault)).toEqual([['rain-alerts', ['read-write-dm']]]);
    expect(await other.db.permissions.count()).toBe(1);
    await other.vault.lock();
    await other.vault.unlock(OTHER_PASSPHRASE);
    expect(await permissionsOf(other.vault)).toEqual([['rain-alerts', ['read-write-dm']]]);
  });

  it('may be missing from a file written before OnceKey kept them', async () => {
    const source = await sourceVault();
    const text = await resigned(source, await source.vault.backup(), (body) => {
      delete body.permissions;
    });
    const fresh = makeVault();
    expect(await fresh.vault.restore(text, PASSPHRASE)).toEqual({ apps: 1, credentials: 2 });
  });

  it('that do not open make the file damaged, even under a valid MAC; nothing is written', async () => {
    const source = await sourceVault();
    await source.vault.recordPermission({ appId: '28123456', permission: 'read' });
    const text = await resigned(source, await source.vault.backup(), (body) => {
      body.permissions[0].portalAppId = '28999999';
    });
    const fresh = makeVault();
    await expect(fresh.vault.restore(text, PASSPHRASE)).rejects.toMatchObject({ code: 'tampered' });
    expect(await fresh.db.vault.count()).toBe(0);
  });
});
