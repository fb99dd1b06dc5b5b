/**
 * Events in pages (event-pages.ts, schema v7), the layout alone: on plain arrays, so that
 * the schema's migration (db.ts) builds pages too. The fields read here are those of
 * EventRecord and EventPageRecord (db.ts, which imports this file).
 */

/** The fields of an event its page reads. */
export interface Paged {
  id?: number;
  appId?: string;
}

/** A page of an App's events (db.ts, EventPageRecord). */
export interface Page<E extends Paged> {
  appId: string;
  page: number;
  next: number;
  events: E[];
}

/** Events a page holds at most: a page is rewritten whole when an event is added to it. */
export const EVENTS_PER_PAGE = 256;

/** The App an event is filed under: events of no App (none are recorded now) under ''. */
export const pageAppId = (event: Paged): string => event.appId ?? '';

/** `items` grouped by `key`, in their order (Map.groupBy, which Node 20 lacks). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The highest id among these events (0: none). */
export const highestId = (events: readonly Paged[]) => events.reduce((max, e) => Math.max(max, e.id ?? 0), 0);

/**
 * `events` (all of App `appId`) appended after that App's `last` page: it filled up, then
 * new pages. An event with an id keeps it (an Undo); one without gets the App's next.
 * Returns the pages written (changed or new).
 */
export function appended<E extends Paged>(appId: string, last: Page<E> | undefined, events: readonly E[]): Page<E>[] {
  let next = Math.max(last?.next ?? 1, highestId(events) + 1);
  let page: Page<E> = last ? { ...last, events: [...last.events] } : { appId, page: 0, next, events: [] };
  const written = [page];
  for (const event of events) {
    if (page.events.length >= EVENTS_PER_PAGE) {
      page = { appId, page: page.page + 1, next, events: [] };
      written.push(page);
    }
    if (event.id === undefined) page.events.push({ ...event, id: next++ });
    else page.events.push(event);
  }
  for (const p of written) p.next = next;
  return written;
}

/**
 * Events as pages (a restore, the schema v7 migration): each App's events in the order
 * given, in pages. `keepIds`: each event keeps its id, and every App counts on from
 * `firstFreeId` (ids from before, in the trash too, are never handed out again); else each
 * App's events are numbered from 1.
 */
export function pagesOf<E extends Paged>(events: readonly E[], keepIds?: { firstFreeId: number }): Page<E>[] {
  const pages: Page<E>[] = [];
  for (const [appId, own] of groupBy(events, pageAppId)) {
    const numbered = keepIds ? own : own.map((e, i): E => ({ ...e, id: i + 1 }));
    const start: Page<E> | undefined = keepIds ? { appId, page: 0, next: keepIds.firstFreeId, events: [] } : undefined;
    pages.push(...appended(appId, start, numbered));
  }
  return pages;
}
