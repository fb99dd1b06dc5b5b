import type { EventRecord, VaultDb } from './db';
import { appEventRecords } from './event-pages';
import { MAX_PAGE_EVENTS_PER_APP, PAGE_EVENT_TYPES } from './limits';

/** Of an App's events, the activity lines a portal page caused (saved, regenerated, superseded). */
export function pageEventsIn(events: readonly EventRecord[]): number {
  const types: readonly string[] = PAGE_EVENT_TYPES;
  return events.filter((e) => types.includes(e.type)).length;
}

/** Activity lines a portal page caused for this App. */
export async function pageEventCount(db: VaultDb, appId: string): Promise<number> {
  return pageEventsIn(await appEventRecords(db, appId));
}

/** How many more such lines the App may get (limits.ts): values are filed either way. */
export async function pageEventRoom(db: VaultDb, appId: string): Promise<number> {
  return Math.max(0, MAX_PAGE_EVENTS_PER_APP - (await pageEventCount(db, appId)));
}
