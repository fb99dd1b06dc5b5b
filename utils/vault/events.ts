import type { VaultDb } from './db';
import { MAX_PAGE_EVENTS_PER_APP, PAGE_EVENT_TYPES } from './limits';

/** Activity lines a portal page caused for this App (saved, regenerated, superseded). */
export function pageEventCount(db: VaultDb, appId: string): Promise<number> {
  const types: readonly string[] = PAGE_EVENT_TYPES;
  return db.events
    .where('appId')
    .equals(appId)
    .filter((e) => types.includes(e.type))
    .count();
}

/** How many more such lines the App may get (limits.ts): values are filed either way. */
export async function pageEventRoom(db: VaultDb, appId: string): Promise<number> {
  return Math.max(0, MAX_PAGE_EVENTS_PER_APP - (await pageEventCount(db, appId)));
}
