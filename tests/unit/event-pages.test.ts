import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { activityLines } from '@/components/HistoryView';
import { type CredentialRecord, createDb, type EventRecord, SCHEMA_V6, type TrashRecord } from '@/utils/vault/db';
import { addEvents, appEventRecords, EVENTS_PER_PAGE } from '@/utils/vault/event-pages';
import { memorySessionStore } from '@/utils/vault/session';
import { Vault } from '@/utils/vault/vault';
import {
  API_KEY_2,
  capture,
  dump,
  makeVault,
  PASSPHRASE,
  rewriteAsSchema,
  storedEvents,
  TEST_KDF,
} from './helpers/vault';

// Events kept in pages, each App's own (schema v7, event-pages.ts), not one record each.

const MINUTE = 60_000;

/** A vault of two Apps, each captured and copied, one regenerated: events of both, interleaved in time. */
async function twoAppVault(name = `pages-${crypto.randomUUID()}`) {
  const made = makeVault({ db: createDb(name) });
  const { vault, clock } = made;
  await vault.create(PASSPHRASE);
  await vault.submitCapture(capture());
  clock.now += MINUTE;
  await vault.submitCapture(capture({ appId: '28999999', appName: 'snow-alerts', at: clock.now }));
  const apps = await vault.list();
  for (const app of apps) {
    clock.now += MINUTE;
    await vault.recordCopy(app.credentials[0]?.id ?? '');
  }
  clock.now += MINUTE;
  await vault.submitCapture(capture({ at: clock.now, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
  const rain = apps.find((a) => a.appName === 'rain-alerts');
  const snow = apps.find((a) => a.appName === 'snow-alerts');
  if (!rain || !snow) throw new Error('no Apps');
  return { ...made, rain: rain.id, snow: snow.id };
}

/** Each App's History as the popup shows it. */
async function histories(vault: Vault, appIds: string[]) {
  return Promise.all(appIds.map(async (id) => activityLines(await vault.appEvents(id)).map((l) => l.text)));
}

describe('event pages', () => {
  it('keeps each App’s events in its own pages, in order, with ids unique within the App', async () => {
    const { db, rain, snow } = await twoAppVault();
    const pages = await db.eventPages.toArray();
    expect(pages.map((p) => [p.appId, p.page]).sort()).toEqual(
      [
        [rain, 0],
        [snow, 0],
      ].sort(),
    );
    const rainEvents = await appEventRecords(db, rain);
    expect(rainEvents.map((e) => e.type)).toEqual(['captured', 'captured', 'copied', 'regenerated']);
    expect(rainEvents.every((e) => e.appId === rain)).toBe(true);
    expect(new Set(rainEvents.map((e) => e.id)).size).toBe(rainEvents.length);
  });

  it('fills a page, then starts the next, and History reads across them', async () => {
    const { vault, db, rain, clock } = await twoAppVault();
    const [app] = (await vault.list()).filter((a) => a.id === rain);
    const key = app?.credentials.find((c) => c.status === 'active' && c.kind === 'apiKey')?.id ?? '';
    const copies = EVENTS_PER_PAGE + 10;
    for (let i = 0; i < copies; i++) {
      clock.now += 1000;
      await vault.recordCopy(key);
    }
    const pages = (await db.eventPages.toArray()).filter((p) => p.appId === rain);
    expect(pages.map((p) => p.page)).toEqual([0, 1]);
    expect(pages[0]?.events).toHaveLength(EVENTS_PER_PAGE);
    const events = await appEventRecords(db, rain);
    expect(events.filter((e) => e.type === 'copied')).toHaveLength(copies + 1);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    // History shows the newest first, the last copy on top.
    const [newest] = await vault.appEvents(rain, 1);
    expect(newest).toMatchObject({ type: 'copied', at: clock.now });
  });

  it('loses no event when several are recorded at once for one App', async () => {
    const { vault, db, rain } = await twoAppVault();
    const [app] = (await vault.list()).filter((a) => a.id === rain);
    const key = app?.credentials[0]?.id ?? '';
    const before = (await appEventRecords(db, rain)).length;
    await Promise.all(Array.from({ length: 12 }, () => vault.recordCopy(key)));
    const events = await appEventRecords(db, rain);
    expect(events).toHaveLength(before + 12);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('takes a deleted version’s events out and puts them back with Undo, History as before', async () => {
    const { vault, db, rain, snow } = await twoAppVault();
    const before = await histories(vault, [rain, snow]);
    const stored = await storedEvents(db);
    const [app] = (await vault.list()).filter((a) => a.id === rain);
    const old = app?.credentials.find((c) => c.status === 'superseded');
    if (!old) throw new Error('no old version');
    const { undoId } = await vault.deleteCredential(old.id);
    expect((await appEventRecords(db, rain)).some((e) => e.credentialId === old.id)).toBe(false);
    await vault.undoDelete(undoId);
    expect(await histories(vault, [rain, snow])).toEqual(before);
    expect(new Set(await storedEvents(db))).toEqual(new Set(stored));
  });

  it('puts a deleted App’s events back with Undo, and numbers new ones past them', async () => {
    const { vault, db, rain, snow } = await twoAppVault();
    const before = await histories(vault, [rain, snow]);
    const { undoId } = await vault.deleteApp(rain);
    expect(await appEventRecords(db, rain)).toEqual([]);
    await vault.undoDelete(undoId);
    expect(await histories(vault, [rain, snow])).toEqual(before);
    const [app] = (await vault.list()).filter((a) => a.id === rain);
    await vault.recordCopy(app?.credentials[0]?.id ?? '');
    const events = await appEventRecords(db, rain);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('puts a version’s events back into the pages they came from, byte for byte', async () => {
    const { vault, db, rain, clock } = await twoAppVault();
    const [app] = (await vault.list()).filter((a) => a.id === rain);
    const old = app?.credentials.find((c) => c.status === 'superseded')?.id ?? '';
    const current = app?.credentials.find((c) => c.status === 'active' && c.kind === 'apiKey')?.id ?? '';
    // Page 0 filled (four events were there) and page 1 begun, by copies of the old version:
    // taking them out leaves page 1 starting with a later id than its first had.
    for (const [id, times] of [
      [old, EVENTS_PER_PAGE - 4 + 1],
      [current, 5],
      [old, 3],
    ] as const) {
      for (let i = 0; i < times; i++) {
        clock.now += 1000;
        await vault.recordCopy(id);
      }
    }
    expect((await db.eventPages.toArray()).filter((p) => p.appId === rain)).toHaveLength(2);
    const before = await dump(db);
    const { undoId } = await vault.deleteCredential(old);
    await vault.undoDelete(undoId);
    expect(await dump(db)).toBe(before);
  });

  it('never numbers two of an App’s events alike, whatever is deleted and undone in between', async () => {
    const { vault, db, rain } = await twoAppVault();
    const [app] = (await vault.list()).filter((a) => a.id === rain);
    const old = app?.credentials.find((c) => c.status === 'superseded')?.id ?? '';
    const current = app?.credentials.find((c) => c.status === 'active')?.id ?? '';
    // The App's newest events name the old version: taken out with it, they leave the App's
    // highest id behind them.
    await vault.recordCopy(old);
    await vault.recordCopy(old);
    const version = await vault.deleteCredential(old);
    const whole = await vault.deleteApp(rain);
    await vault.undoDelete(whole.undoId);
    await vault.recordCopy(current);
    await vault.undoDelete(version.undoId);
    const events = await appEventRecords(db, rain);
    expect(events.filter((e) => e.type === 'copied')).toHaveLength(4);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('puts a deleted App’s pages back whole, and a read recorded under it meanwhile after them', async () => {
    const { vault, db, rain, snow } = await twoAppVault();
    const before = await histories(vault, [rain, snow]);
    const { undoId } = await vault.deleteApp(rain);
    // A command-line read that was under way when the App was deleted.
    await vault.recordRead(rain, { argv: ['node', 'bot.js'], cwd: '~/pipit', purpose: 'run', kinds: ['apiKey'] });
    await vault.undoDelete(undoId);
    const [rainLines, snowLines] = await histories(vault, [rain, snow]);
    expect(snowLines).toEqual(before[1]);
    expect(rainLines?.slice(1)).toEqual(before[0]);
    expect(rainLines?.[0]).toMatch(/node bot\.js/);
    const events = await appEventRecords(db, rain);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('writes backups without event ids, and a restore numbers each App’s events anew, History the same', async () => {
    const source = await twoAppVault();
    const text = await source.vault.backup();
    const body = JSON.parse(JSON.parse(text).body) as { events: EventRecord[] };
    expect(body.events.length).toBeGreaterThan(0);
    expect(body.events.some((e) => 'id' in e)).toBe(false);
    const before = await histories(source.vault, [source.rain, source.snow]);

    const fresh = makeVault({ clock: source.clock });
    await fresh.vault.restore(text, PASSPHRASE);
    expect(await histories(fresh.vault, [source.rain, source.snow])).toEqual(before);
    expect((await appEventRecords(fresh.db, source.rain)).map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(await fresh.db.eventPages.count()).toBe(2);
  });

  it('keeps events of no App (from old vaults) under their own key', async () => {
    const { vault, db, rain, snow } = await twoAppVault();
    const before = await histories(vault, [rain, snow]);
    await addEvents(db, [{ at: 1, type: 'copied', credentialId: 'gone', kind: 'apiKey' }]);
    expect(await appEventRecords(db, '')).toEqual([
      { id: 1, at: 1, type: 'copied', credentialId: 'gone', kind: 'apiKey' },
    ]);
    expect(await histories(vault, [rain, snow])).toEqual(before);
  });
});

describe('schema v7 migration', () => {
  it('gives an App whose only events wait in the trash a count past them', async () => {
    const name = `migrate-v7-trash-${crypto.randomUUID()}`;
    const { vault, db, snow, clock } = await twoAppVault(name);
    const [app] = (await vault.list()).filter((a) => a.id === snow);
    const { undoId } = await vault.deleteCredential(app?.credentials[0]?.id ?? '');
    await rewriteAsSchema(name, db, 6, SCHEMA_V6);
    // As v6 could have it: every event of the App in the trash entry, none in the table.
    const old = new Dexie(name);
    old.version(6).stores(SCHEMA_V6);
    const events = old.table<EventRecord, number>('events');
    const own = (await events.toArray()).filter((e) => e.appId === snow);
    await events.bulkDelete(own.map((e) => e.id ?? 0));
    const [entry] = await old.table<TrashRecord, string>('trash').toArray();
    if (!entry) throw new Error('no trash entry');
    const highest = Math.max(...(await events.toArray()).map((e) => e.id ?? 0), ...own.map((e) => e.id ?? 0));
    await old.table('trash').put({ ...entry, events: own });
    old.close();

    const migrated = createDb(name);
    const reopened = new Vault({ db: migrated, session: memorySessionStore(), kdf: TEST_KDF, now: () => clock.now });
    await reopened.unlock(PASSPHRASE);
    expect(await appEventRecords(migrated, snow)).toEqual([]);
    const [snowApp] = (await reopened.list()).filter((a) => a.id === snow);
    await reopened.recordCopy(snowApp?.credentials[0]?.id ?? '');
    await reopened.undoDelete(undoId);
    const after = await appEventRecords(migrated, snow);
    expect(after).toHaveLength(own.length + 1);
    expect(new Set(after.map((e) => e.id)).size).toBe(after.length);
    expect(Math.max(...after.map((e) => e.id ?? 0))).toBe(highest + 1);
  });

  it('moves a v6 vault’s events into pages with their ids, History, undo and new ids intact', async () => {
    const name = `migrate-v7-${crypto.randomUUID()}`;
    const { vault, db, rain, snow, clock } = await twoAppVault(name);
    const before = await histories(vault, [rain, snow]);
    await rewriteAsSchema(name, db, 6, SCHEMA_V6);
    const old = new Dexie(name);
    old.version(6).stores(SCHEMA_V6);
    const events = old.table<EventRecord, number>('events');
    const v6Events = (await events.toArray()).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    // As v6 numbered them: across the vault, the Apps' events interleaved in time.
    expect(v6Events.map((e) => e.id)).toEqual(v6Events.map((_, i) => i + 1));
    // A deletion waiting for Undo, as v6 made it: a version and its events, with their ids, in the trash.
    const credentials = old.table<CredentialRecord, string>('credentials');
    const deleted = (await credentials.toArray()).find((c) => c.appId === snow && c.kind === 'apiKey');
    if (!deleted) throw new Error('no version to delete');
    const trashed = v6Events.filter((e) => e.credentialId === deleted.id);
    await events.bulkDelete(trashed.map((e) => e.id ?? 0));
    await credentials.delete(deleted.id);
    const undoId = 'deleted-under-v6';
    await old
      .table('trash')
      .add({ id: undoId, deletedAt: clock.now, apps: [], credentials: [deleted], events: trashed });
    old.close();

    const migrated = createDb(name);
    await migrated.open();
    expect(migrated.verno).toBe(10);
    expect(migrated.tables.map((t) => t.name)).not.toContain('events');
    const paged = [...(await appEventRecords(migrated, rain)), ...(await appEventRecords(migrated, snow))];
    expect(new Set(paged)).toEqual(new Set(v6Events.filter((e) => !trashed.includes(e))));
    for (const page of await migrated.eventPages.toArray()) {
      expect(page.events.map((e) => e.id)).toEqual([...page.events.map((e) => e.id ?? 0)].sort((a, b) => a - b));
      // Past every id from before, the trash's too.
      expect(page.next).toBe(v6Events.length + 1);
    }

    const reopened = new Vault({ db: migrated, session: memorySessionStore(), kdf: TEST_KDF, now: () => clock.now });
    await reopened.unlock(PASSPHRASE);
    await reopened.undoDelete(undoId);
    expect(await histories(reopened, [rain, snow])).toEqual(before);
    clock.now += MINUTE;
    const [rainApp] = (await reopened.list()).filter((a) => a.id === rain);
    await reopened.recordCopy(rainApp?.credentials[0]?.id ?? '');
    const snowEvents = await appEventRecords(migrated, snow);
    expect(new Set(snowEvents.map((e) => e.id)).size).toBe(snowEvents.length);
    const rainEvents = await appEventRecords(migrated, rain);
    expect(new Set(rainEvents.map((e) => e.id)).size).toBe(rainEvents.length);
    expect(rainEvents.at(-1)?.id).toBe(v6Events.length + 1);
  });
});
