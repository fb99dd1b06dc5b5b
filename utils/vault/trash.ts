import { VaultError } from '../crypto/errors';
import type { VaultContext } from './context';
import { appCredentials, deleteCredentials, getCredential, putCredentials } from './credential-sets';
import type { AppRecord, CredentialRecord, EventPageRecord, EventRecord, TrashRecord } from './db';
import { appEventRecords, pageAppId, putBackEvents, putBackPages, takeAppPages, takeEvents } from './event-pages';

/**
 * Deleting with "Undo": deleted records move, still encrypted, into the trash, and go
 * back exactly as they were stored. The trash is emptied when the popup that deleted
 * closes, at lock, and after TRASH_MS.
 */

/** How long deleted records wait for "Undo" at most, should the popup never say it closed. */
export const TRASH_MS = 10 * 60 * 1000;

async function moveToTrash(
  { db, now }: VaultContext,
  apps: AppRecord[],
  credentials: CredentialRecord[],
): Promise<{ undoId: string }> {
  const entry: TrashRecord & { eventPages: EventPageRecord[]; eventsFrom: number[] } = {
    id: crypto.randomUUID(),
    deletedAt: now(),
    apps,
    credentials,
    events: [],
    eventsFrom: [],
    eventPages: [],
  };
  const { trash } = db;
  await db.transaction('rw', [db.apps, db.credentialSets, db.credentialDirectory, db.eventPages, trash], async () => {
    const credentialIds = new Set(credentials.map((c) => c.id));
    const appIds = apps.map((a) => a.id);
    for (const appId of appIds) entry.eventPages.push(...(await takeAppPages(db, appId)));
    // An export keeps naming every version it held, deleted ones too (event-layout.ts): the
    // file still holds their values, and staleness (export/stale.ts) reads them as retired.
    // Events of no App ('', from old vaults) may name a deleted version too.
    const others = new Set([...credentials.map((c) => c.appId), ''].filter((id) => !appIds.includes(id)));
    for (const appId of others) {
      const taken = await takeEvents(
        db,
        appId,
        (e) => e.type !== 'exported' && e.credentialId !== undefined && credentialIds.has(e.credentialId),
      );
      entry.events.push(...taken.events);
      entry.eventsFrom.push(...taken.pages);
    }
    await deleteCredentials(db, [...credentialIds]);
    await db.apps.bulkDelete(appIds);
    await trash.add(entry);
  });
  return { undoId: entry.id };
}

/** Deletes one credential version. */
export async function deleteCredential(context: VaultContext, credentialId: string): Promise<{ undoId: string }> {
  const credential = await getCredential(context.db, credentialId);
  if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
  return moveToTrash(context, [], [credential]);
}

/** Deletes an App with every version of its credentials and its history. */
export async function deleteApp(context: VaultContext, appId: string): Promise<{ undoId: string }> {
  const { db } = context;
  const app = await db.apps.get(appId);
  if (!app) throw new VaultError('not-found', 'That App is no longer in the vault.');
  return moveToTrash(context, [app], await appCredentials(db, appId));
}

/**
 * A trash entry's events as they go back. An export's event names the versions it named
 * then and any it names now: a trash entry made before exports kept their deleted versions
 * left the rest of the export in place, and another Undo may have put some of it back.
 */
async function undeleted(db: VaultContext['db'], entry: TrashRecord): Promise<EventRecord[]> {
  const now = new Map<string, EventRecord>();
  for (const appId of new Set(entry.events.map(pageAppId))) {
    for (const e of await appEventRecords(db, appId)) now.set(`${appId}:${e.id}`, e);
  }
  return entry.events.map((e) => {
    const current = now.get(`${pageAppId(e)}:${e.id}`)?.versions;
    if (!e.versions || !current) return e;
    const named = new Set(e.versions.map((v) => v.credentialId));
    return { ...e, versions: [...e.versions, ...current.filter((v) => !named.has(v.credentialId))] };
  });
}

/**
 * Puts deleted records back as they were stored, into a vault that may have changed since:
 * a version that was current comes back superseded if another version of its kind is current
 * now (made current again, or captured since), so that one version is current; and an App
 * captured again from the portal since its deletion is not put back beside the new one.
 */
export async function undoDelete({ db, now }: VaultContext, undoId: string): Promise<void> {
  await db.transaction(
    'rw',
    [db.apps, db.credentialSets, db.credentialDirectory, db.eventPages, db.trash],
    async () => {
      const entry = await db.trash.get(undoId);
      if (!entry) throw new VaultError('not-found', 'Too late to undo: the deletion is final.');
      for (const c of entry.credentials) {
        if (!entry.apps.some((a) => a.id === c.appId) && !(await db.apps.get(c.appId))) {
          throw new VaultError('not-found', "Undo the deletion of this credential's App first.");
        }
      }
      for (const app of entry.apps) {
        if (app.portalAppId && (await db.apps.where('portalAppId').equals(app.portalAppId).count())) {
          throw new VaultError('not-found', 'Too late to undo: this App has been saved again from the portal since.');
        }
      }
      const credentials: CredentialRecord[] = [];
      for (const c of entry.credentials) {
        const current =
          c.status === 'active'
            ? (await appCredentials(db, c.appId)).find((x) => x.kind === c.kind && x.status === 'active')
            : undefined;
        credentials.push(
          current
            ? { ...c, status: 'superseded', supersededAt: Math.max(c.createdAt, Math.min(current.createdAt, now())) }
            : c,
        );
      }
      await db.apps.bulkPut(entry.apps);
      await putCredentials(db, credentials);
      // An App's pages as they were; then events taken out of the pages of Apps still here.
      await putBackPages(db, entry.eventPages ?? []);
      await putBackEvents(db, await undeleted(db, entry), entry.eventsFrom);
      await db.trash.delete(undoId);
    },
  );
}

/** Makes deletions final: all of them, or those older than `olderThanMs`. */
export async function emptyTrash({ db, now }: VaultContext, olderThanMs = 0): Promise<void> {
  const expired = db.trash.where('deletedAt').belowOrEqual(now() - olderThanMs);
  // Only write when there is something to delete: every write tells open pages to refresh.
  if (await expired.count()) await expired.delete();
}

/** At lock: a locked vault keeps no deleted records (Undo is for the popup that deleted). */
export async function clearTrash({ db }: VaultContext): Promise<void> {
  if (await db.trash.count()) await db.trash.clear();
}
