import Dexie from 'dexie';
import type { EventPageRecord, EventRecord, VaultDb } from './db';
import { appended, groupBy, highestId, pageAppId } from './event-paging';

export { EVENTS_PER_PAGE, pageAppId, pagesOf } from './event-paging';

/**
 * How events are stored (schema v7): each App's events, in the order they were recorded,
 * in pages of up to EVENTS_PER_PAGE, one IndexedDB record a page. Before, each event was a
 * record of its own, and IndexedDB's cost is mostly per record, not per byte: a restore of
 * 1,000 credentials wrote ~1,800 event records, now ~250 pages. An App's History is its own
 * pages; recording an event rewrites its App's last page only.
 *
 * An event's id is unique within its App (each App counts on from its last page's `next`):
 * the trash and History's order use it. A backup file carries no ids; a restore numbers
 * each App's events anew, in the file's order.
 */

const ofApp = (db: VaultDb, appId: string) =>
  db.eventPages.where('[appId+page]').between([appId, Dexie.minKey], [appId, Dexie.maxKey]);

/** An App's pages, in order. */
export function appPages(db: VaultDb, appId: string): Promise<EventPageRecord[]> {
  return ofApp(db, appId).toArray();
}

/** An App's events, in the order they were recorded. */
export async function appEventRecords(db: VaultDb, appId: string): Promise<EventRecord[]> {
  return (await appPages(db, appId)).flatMap((p) => p.events);
}

/** Every event, App by App. */
export async function allEventRecords(db: VaultDb): Promise<EventRecord[]> {
  return (await db.eventPages.toArray()).flatMap((p) => p.events);
}

/** Each App's events, by App id (one read of every page). */
export async function eventsByApp(db: VaultDb): Promise<Map<string, EventRecord[]>> {
  return groupBy(await allEventRecords(db), pageAppId);
}

/**
 * Records events, each under its App, in one transaction (the caller's, when it holds the
 * event pages): an App's last page is read and written back with them.
 */
export async function addEvents(db: VaultDb, events: readonly EventRecord[]): Promise<void> {
  if (!events.length) return;
  const byApp = groupBy(events, pageAppId);
  await db.transaction('rw', db.eventPages, async () => {
    for (const [appId, own] of byApp) {
      const last = await ofApp(db, appId).last();
      await db.eventPages.bulkPut(appended(appId, last, own));
    }
  });
}

/** Records one event. */
export function addEvent(db: VaultDb, event: EventRecord): Promise<void> {
  return addEvents(db, [event]);
}

/** Events taken out of an App's pages, and the page each came from (for Undo). */
export interface TakenEvents {
  events: EventRecord[];
  pages: number[];
}

/**
 * Takes out of App `appId`'s pages the events `taken` picks, and returns them as they were
 * stored, with the page each came from; the other events and the App's count stay (a page
 * left empty stays too, so ids are never handed out twice).
 */
export async function takeEvents(
  db: VaultDb,
  appId: string,
  taken: (event: EventRecord) => boolean,
): Promise<TakenEvents> {
  const out: TakenEvents = { events: [], pages: [] };
  await db.transaction('rw', db.eventPages, async () => {
    const changed: EventPageRecord[] = [];
    for (const page of await appPages(db, appId)) {
      const kept: EventRecord[] = [];
      for (const e of page.events) {
        if (!taken(e)) kept.push(e);
        else {
          out.events.push(e);
          out.pages.push(page.page);
        }
      }
      if (kept.length < page.events.length) changed.push({ ...page, events: kept });
    }
    await db.eventPages.bulkPut(changed);
  });
  return out;
}

/**
 * Puts a deleted App's pages back as they were stored (Undo). Events recorded under its id
 * since (a command-line read that was under way) follow them, numbered past them.
 */
export async function putBackPages(db: VaultDb, pages: readonly EventPageRecord[]): Promise<void> {
  if (!pages.length) return;
  await db.transaction('rw', db.eventPages, async () => {
    for (const [appId, own] of groupBy(pages, (p) => p.appId)) {
      const since = (await takeAppPages(db, appId)).flatMap((p) => p.events);
      await db.eventPages.bulkPut(own);
      const newer = since.map(({ id: _id, ...e }): EventRecord => e);
      if (newer.length) await db.eventPages.bulkPut(appended(appId, own.at(-1), newer));
    }
  });
}

/** Takes every page of App `appId` out (an App deleted whole), and returns them as they were stored. */
export async function takeAppPages(db: VaultDb, appId: string): Promise<EventPageRecord[]> {
  let out: EventPageRecord[] = [];
  await db.transaction('rw', db.eventPages, async () => {
    out = await appPages(db, appId);
    await db.eventPages.bulkDelete(out.map((p) => [p.appId, p.page] as [string, number]));
  });
  return out;
}

/**
 * Puts events back as they were stored (Undo), with their ids: an event its App still has
 * (by id) is replaced; the others go back into the page takeEvents took them from (`from`,
 * by position; without it, as trash entries made before schema v7 have none, the page their
 * id falls in), in the order of their ids. An App with no pages left gets new ones, its
 * count past every id put back.
 */
export async function putBackEvents(
  db: VaultDb,
  events: readonly EventRecord[],
  from: readonly (number | undefined)[] = [],
): Promise<void> {
  if (!events.length) return;
  const pageOf = new Map(events.map((e, i) => [e, from[i]]));
  await db.transaction('rw', db.eventPages, async () => {
    for (const [appId, own] of groupBy(events, pageAppId)) {
      const pages = (await appPages(db, appId)).map((p) => ({ ...p, events: [...p.events] }));
      if (!pages.length) {
        await db.eventPages.bulkPut(appended(appId, undefined, own));
        continue;
      }
      const changed = new Set<EventPageRecord>();
      for (const event of own) {
        const id = event.id ?? 0;
        const holding = pages.find((p) => p.events.some((e) => e.id === id));
        const recorded = pages.find((p) => p.page === pageOf.get(event));
        // Else the page its id falls in: the last whose first event comes before it (or the first page).
        const page =
          holding ?? recorded ?? pages.findLast((p) => p.events.length > 0 && (p.events[0]?.id ?? 0) < id) ?? pages[0];
        if (!page) continue;
        const rest = page.events.filter((e) => e.id !== id);
        const at = rest.findIndex((e) => (e.id ?? 0) > id);
        page.events = at < 0 ? [...rest, event] : [...rest.slice(0, at), event, ...rest.slice(at)];
        changed.add(page);
      }
      // The App counts on from its last page's next id: past every id put back.
      const last = pages.at(-1) as EventPageRecord;
      const next = Math.max(last.next, highestId(own) + 1);
      if (next !== last.next) changed.add(Object.assign(last, { next }));
      await db.eventPages.bulkPut([...changed]);
    }
  });
}

/**
 * Rewrites the events `change` maps to something new (the same object: unchanged), in
 * every page, in one transaction (the caller's, when it holds the event pages).
 */
export async function rewriteEvents(db: VaultDb, change: (event: EventRecord) => EventRecord): Promise<void> {
  await db.transaction('rw', db.eventPages, async () => {
    const changed: EventPageRecord[] = [];
    for (const page of await db.eventPages.toArray()) {
      const events = page.events.map(change);
      if (events.some((e, i) => e !== page.events[i])) changed.push({ ...page, events });
    }
    await db.eventPages.bulkPut(changed);
  });
}
