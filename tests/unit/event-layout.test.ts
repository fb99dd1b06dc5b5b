import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { activityLines } from '@/components/HistoryView';
import { fromBase64 } from '@/utils/crypto/base64';
import { sealBackup } from '@/utils/vault/backup';
import { createDb, DAY_MS, type EventRecord, SCHEMA_V5 } from '@/utils/vault/db';
import { compactExports, perVersion } from '@/utils/vault/event-layout';
import { memorySessionStore } from '@/utils/vault/session';
import { Vault } from '@/utils/vault/vault';
import {
  API_KEY,
  API_KEY_2,
  API_KEY_SECRET,
  capture,
  makeVault,
  PASSPHRASE,
  rewriteAsSchema,
  storedCredentials,
  storedEvents,
  storedEventsOf,
  TEST_KDF,
} from './helpers/vault';

// Exports stored as one event naming their versions (schema v6, backup version 2), and
// vaults and backup files from before, which had one event per exported version.

const MINUTE = 60_000;

/** A vault with an App exported as .env (both values) and as JSON (the API Key), then regenerated. */
async function exportedVault(name = `layout-${crypto.randomUUID()}`) {
  const made = makeVault({ db: createDb(name) });
  const { vault, clock } = made;
  await vault.create(PASSPHRASE);
  await vault.submitCapture(capture());
  const [app] = await vault.list();
  if (!app) throw new Error('no app');
  clock.now += MINUTE;
  const all = await vault.exportSource(app.id);
  await vault.recordExport(app.id, all.ids, 'env', { preset: 'x' });
  clock.now += MINUTE;
  const apiKey = app.credentials.find((c) => c.kind === 'apiKey')?.id ?? '';
  await vault.recordExport(app.id, (await vault.exportSource(app.id, [apiKey])).ids, 'json', { preset: 'x' });
  clock.now += DAY_MS;
  await vault.unlock(PASSPHRASE); // auto-locked in the meantime
  await vault.submitCapture(capture({ at: clock.now, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
  return { ...made, appId: app.id, apiKey, exportedIds: all.ids };
}

/** What the user sees of the App's exports: its History lines and its list entry's export states. */
async function seen(vault: Vault, appId: string) {
  const [app] = await vault.list();
  return { history: activityLines(await vault.appEvents(appId)).map((l) => l.text), exports: app?.exports };
}

/** Events as OnceKey wrote them before schema v6: one 'exported' event per version, new ids. */
function oldLayout(events: EventRecord[], firstId: number): EventRecord[] {
  let id = firstId;
  return perVersion(events).map((e) => (e.type === 'exported' ? { ...e, id: id++ } : e));
}

describe('exports stored as one event each', () => {
  it('shows the same History and staleness as one event per version did', async () => {
    const { vault, db, appId, exportedIds } = await exportedVault();
    const exported = await storedEventsOf(db, 'exported');
    expect(exported.map((e) => e.versions?.map((v) => v.credentialId).sort())).toEqual([
      [...exportedIds].sort(),
      [expect.any(String)],
    ]);
    const { history, exports } = await seen(vault, appId);
    expect(history).toEqual(
      expect.arrayContaining(['exported as .env: API Key, API Key Secret', 'exported as JSON: API Key']),
    );
    expect(exports).toEqual([
      { format: 'env', at: expect.any(Number), staleSince: expect.any(Number) },
      { format: 'json', at: expect.any(Number), staleSince: expect.any(Number) },
    ]);
  });

  it('merges per-version events into one per export, keeps every other event, and is idempotent', () => {
    const events: EventRecord[] = [
      { id: 1, at: 10, type: 'captured', appId: 'a', credentialId: 'c1', kind: 'apiKey' },
      { id: 2, at: 20, type: 'exported', appId: 'a', credentialId: 'c1', kind: 'apiKey', format: 'env' },
      { id: 3, at: 20, type: 'exported', appId: 'a', credentialId: 'c2', kind: 'apiKeySecret', format: 'env' },
      { id: 4, at: 20, type: 'exported', appId: 'a', credentialId: 'c1', kind: 'apiKey', format: 'json' },
      { id: 5, at: 20, type: 'exported', appId: 'b', credentialId: 'c3', kind: 'apiKey', format: 'env' },
      { id: 6, at: 30, type: 'copied', appId: 'a', credentialId: 'c2', kind: 'apiKeySecret' },
    ];
    const compact = compactExports(events);
    expect(compact).toEqual([
      events[0],
      {
        id: 2,
        at: 20,
        type: 'exported',
        appId: 'a',
        format: 'env',
        versions: [
          { credentialId: 'c1', kind: 'apiKey' },
          { credentialId: 'c2', kind: 'apiKeySecret' },
        ],
      },
      {
        id: 4,
        at: 20,
        type: 'exported',
        appId: 'a',
        format: 'json',
        versions: [{ credentialId: 'c1', kind: 'apiKey' }],
      },
      {
        id: 5,
        at: 20,
        type: 'exported',
        appId: 'b',
        format: 'env',
        versions: [{ credentialId: 'c3', kind: 'apiKey' }],
      },
      events[5],
    ]);
    expect(compactExports(compact)).toEqual(compact);
    expect(perVersion(compact).map(({ id: _id, ...e }) => e)).toEqual(events.map(({ id: _id, ...e }) => e));
  });
});

describe('schema v6 migration', () => {
  it('turns a v5 vault’s per-version export events into one per export, with nothing lost', async () => {
    const name = `migrate-v6-${crypto.randomUUID()}`;
    const { vault, db, appId } = await exportedVault(name);
    const before = await seen(vault, appId);
    const others = (await storedEvents(db)).filter((e) => e.type !== 'exported');
    const versionsBefore = perVersion(await storedEventsOf(db, 'exported')).map(({ id: _id, ...e }) => e);
    expect(versionsBefore).toHaveLength(3);
    // Rewritten as schema v5 had it: one event per exported version.
    const events = await storedEvents(db);
    await rewriteAsSchema(name, db, 5, SCHEMA_V5, (table, row) => (table === 'events' ? { ...row } : row));
    const old = new Dexie(name);
    old.version(5).stores(SCHEMA_V5);
    await old.table('events').clear();
    await old.table('events').bulkAdd(oldLayout(events, 100));
    expect(await old.table('events').where('type').equals('exported').count()).toBe(3);
    old.close();

    const migrated = createDb(name);
    await migrated.open();
    expect(migrated.verno).toBe(10);
    const exported = await storedEventsOf(migrated, 'exported');
    expect(exported).toHaveLength(2);
    expect(perVersion(exported).map(({ id: _id, ...e }) => e)).toEqual(versionsBefore);
    expect((await storedEvents(migrated)).filter((e) => e.type !== 'exported')).toEqual(others);
    const reopened = new Vault({ db: migrated, session: memorySessionStore(), kdf: TEST_KDF });
    await reopened.unlock(PASSPHRASE);
    expect(await seen(reopened, appId)).toEqual(before);
    const values = await Promise.all((await storedCredentials(migrated)).map((c) => reopened.value(c.id)));
    expect(values.sort()).toEqual([API_KEY, API_KEY_2, API_KEY_SECRET].sort());
  });
});

describe('backup files of both layouts', () => {
  /** This vault's backup rewritten as a version 1 file: one event per exported version. */
  async function versionOneFile(made: Awaited<ReturnType<typeof exportedVault>>) {
    const envelope = JSON.parse(await made.vault.backup());
    const body = JSON.parse(envelope.body);
    body.events = oldLayout(body.events, 1000);
    const state = await made.session.get();
    if (!state) throw new Error('not unlocked');
    return sealBackup(JSON.stringify(body), fromBase64(state.vaultKey), envelope.createdAt, 1);
  }

  it('restores a version 1 file into the new layout, with the same History', async () => {
    const made = await exportedVault();
    const before = await seen(made.vault, made.appId);
    const text = await versionOneFile(made);
    expect(JSON.parse(text)).toMatchObject({ version: 1 });
    expect(JSON.parse(JSON.parse(text).body).events.filter((e: EventRecord) => e.type === 'exported')).toHaveLength(3);

    const fresh = makeVault({ clock: made.clock });
    await fresh.vault.restore(text, PASSPHRASE);
    expect((await storedEventsOf(fresh.db, 'exported')).length).toBe(2);
    expect(await seen(fresh.vault, made.appId)).toEqual(before);
    // And it backs up again in this version's layout.
    const again = JSON.parse(await fresh.vault.backup());
    expect(again.version).toBe(3);
    expect(JSON.parse(again.body).events.filter((e: EventRecord) => e.type === 'exported')).toHaveLength(2);
  });

  it('refuses a file whose versions list sits on an event that is not an export', async () => {
    const made = await exportedVault();
    const envelope = JSON.parse(await made.vault.backup());
    const body = JSON.parse(envelope.body);
    const copied = body.events.find((e: EventRecord) => e.type === 'captured');
    copied.versions = [{ credentialId: copied.credentialId }];
    const state = await made.session.get();
    const text = await sealBackup(JSON.stringify(body), fromBase64(state?.vaultKey ?? ''), envelope.createdAt);
    const fresh = makeVault({ clock: made.clock });
    await expect(fresh.vault.restore(text, PASSPHRASE)).rejects.toMatchObject({ code: 'tampered' });
    expect((await storedEvents(fresh.db)).length).toBe(0);
  });

  it('merges a version 1 file: its exports land as one event each, under this vault’s ids', async () => {
    const made = await exportedVault();
    const text = await versionOneFile(made);
    const other = makeVault({ clock: made.clock });
    await other.vault.create('another passphrase for the other vault');
    await other.vault.mergeBackup(text, PASSPHRASE);
    const [app] = await other.vault.list();
    const exported = await storedEventsOf(other.db, 'exported');
    expect(exported).toHaveLength(2);
    const ids = new Set(app?.credentials.map((c) => c.id));
    for (const e of exported) for (const v of e.versions ?? []) expect(ids.has(v.credentialId)).toBe(true);
    expect((await seen(other.vault, app?.id ?? '')).history).toEqual((await seen(made.vault, made.appId)).history);
  });
});

describe('deleting a version an export held', () => {
  it('keeps the export naming it, so the file on disk still reads stale, and Undo changes nothing', async () => {
    const { vault, db, appId, apiKey, clock } = await exportedVault();
    const before = await seen(vault, appId);
    const regeneratedAt = clock.now;
    expect(before.exports).toContainEqual({ format: 'env', at: expect.any(Number), staleSince: regeneratedAt });
    const { undoId } = await vault.deleteCredential(apiKey);
    await vault.emptyTrash();
    // The superseded API Key v1 is gone from the vault (its "saved" line with it), but both
    // exports still hold it: they stay stale since the regeneration, and History says what they held.
    const after = await seen(vault, appId);
    expect(after.exports).toEqual(before.exports);
    expect(after.history).toEqual(before.history.filter((line) => line !== 'API Key saved'));
    expect((await storedEventsOf(db, 'exported')).map((e) => e.versions?.length)).toEqual([2, 1]);
    await expect(vault.undoDelete(undoId)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps an export whose every version was deleted, stale, and Undo puts the versions back', async () => {
    const { vault, db, appId, exportedIds, clock } = await exportedVault();
    const regeneratedAt = clock.now;
    const before = await seen(vault, appId);
    const envAt = before.exports?.find((e) => e.format === 'env')?.at;
    const [first, second] = exportedIds as [string, string];
    const one = await vault.deleteCredential(first);
    const two = await vault.deleteCredential(second);
    const after = await seen(vault, appId);
    expect(after.history).toContain('exported as .env: API Key, API Key Secret');
    // The API Key was replaced by v2; the Secret was deleted while current: stale since the export.
    expect(after.exports).toEqual([
      { format: 'env', at: envAt, staleSince: envAt },
      { format: 'json', at: expect.any(Number), staleSince: regeneratedAt },
    ]);
    await vault.undoDelete(one.undoId);
    await vault.undoDelete(two.undoId);
    const back = (await storedEventsOf(db, 'exported')).find((e) => e.format === 'env');
    expect(back?.versions?.map((v) => v.credentialId).sort()).toEqual([first, second].sort());
    expect(await seen(vault, appId)).toEqual(before);
  });
});
