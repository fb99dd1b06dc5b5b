import { VaultError } from '../crypto/errors';
import type { VaultContext } from './context';
import { appCredentials, putCredentials } from './credential-sets';
import type { CredentialRecord, EventRecord, RegenerationRecord, VaultDb } from './db';
import { addEvents } from './event-pages';
import { pageEventRoom } from './events';
import {
  MAX_PENDING_REGENERATIONS,
  MAX_PENDING_REGENERATIONS_PER_APP,
  MAX_RESOLVED_REGENERATIONS,
  SEEN_WINDOW_MS,
} from './limits';
import { markDependents } from './stale';
import type { PendingRegeneration, PortalSignal, Preview } from './types';

/**
 * Regenerations confirmed on the portal. A click on "Yes, regenerate" proves nothing: the
 * page may be lying, or the portal's request may fail. So it only records a pending
 * regeneration; the older versions stop being current when the new values appear on the
 * portal (seen, saved or not) or are filed. Plain fields only: all of it works locked.
 */

const pending = (r: RegenerationRecord) => r.resolvedAt === undefined;
const overlap = (a: readonly string[], b: readonly string[]) => a.filter((kind) => b.includes(kind));

/**
 * Records a pending regeneration of an App's pair, timed by the background's clock (`at`:
 * back-dated by OnceKey's own pages only; the router refuses it from the portal).
 */
export async function startRegeneration(
  { db, now }: VaultContext,
  { appId, kinds, at }: PortalSignal & { at?: number },
): Promise<void> {
  // No App id: nothing it could ever retire. No vault: nothing to retire yet.
  if (!appId || !(await db.vault.count())) return;
  await db.transaction('rw', [db.regenerations, db.apps], async () => {
    const waiting = await db.regenerations.filter(pending).toArray();
    if (waiting.filter((r) => r.portalAppId === appId).length >= MAX_PENDING_REGENERATIONS_PER_APP) {
      throw new VaultError(
        'full',
        `OnceKey already has ${MAX_PENDING_REGENERATIONS_PER_APP} regenerations of this App waiting for new values; this one was not recorded.`,
      );
    }
    if (waiting.length >= MAX_PENDING_REGENERATIONS) {
      throw new VaultError(
        'full',
        `OnceKey already has ${MAX_PENDING_REGENERATIONS} regenerations waiting for new values; this one was not recorded.`,
      );
    }
    const app = await db.apps.where('portalAppId').equals(appId).first();
    const startedAt = at ?? now();
    const record: RegenerationRecord = { id: crypto.randomUUID(), portalAppId: appId, kinds: [...kinds], startedAt };
    if (app) record.appId = app.id;
    await db.regenerations.add(record);
  });
}

/** Keeps the newest resolved regenerations only: their effect is in the credentials and events. */
export async function pruneResolved(db: VaultDb): Promise<void> {
  const resolved = await db.regenerations.filter((r) => !pending(r)).toArray();
  if (resolved.length <= MAX_RESOLVED_REGENERATIONS) return;
  resolved.sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0));
  await db.regenerations.bulkDelete(resolved.slice(MAX_RESOLVED_REGENERATIONS).map((r) => r.id));
}

/**
 * The portal showed new values of these kinds for this App (the content script saw them;
 * they may not be saved). A regeneration of that App and those kinds started in the last
 * 15 minutes is resolved: the App's current versions of those kinds created before it
 * started are superseded, dated when it started. Returns how many versions it retired.
 */
export async function valuesSeen({ db, now }: VaultContext, { appId, kinds }: PortalSignal): Promise<number> {
  if (!appId) return 0;
  const at = now();
  let retired = 0;
  await db.transaction(
    'rw',
    [db.regenerations, db.apps, db.credentialSets, db.credentialDirectory, db.eventPages],
    async () => {
      const matching = (await db.regenerations.where('portalAppId').equals(appId).toArray())
        .filter((r) => pending(r) && r.startedAt <= at && r.startedAt >= at - SEEN_WINDOW_MS)
        .filter((r) => overlap(r.kinds, kinds).length > 0)
        .sort((a, b) => a.startedAt - b.startedAt);
      if (!matching.length) return;
      const app = await db.apps.where('portalAppId').equals(appId).first();
      const events: EventRecord[] = [];
      for (const regeneration of matching) {
        // It takes effect now: what it may invalidate becomes possibly stale (stale.ts).
        if (app)
          await putCredentials(
            db,
            await markDependents(db, app.id, overlap(regeneration.kinds, kinds), regeneration.startedAt),
          );
        for (const kind of app ? overlap(regeneration.kinds, kinds) : []) {
          const older = (await appCredentials(db, app?.id ?? '')).filter(
            (c) => c.kind === kind && c.status === 'active' && c.createdAt < regeneration.startedAt,
          );
          await putCredentials(
            db,
            older.map((c): CredentialRecord => ({ ...c, status: 'superseded', supersededAt: regeneration.startedAt })),
          );
          for (const c of older) {
            events.push({ at, type: 'superseded', appId: c.appId, credentialId: c.id, kind });
            retired++;
          }
        }
        await db.regenerations.update(regeneration.id, { resolvedAt: at, resolution: 'values-seen' });
      }
      if (app) await addEvents(db, events.slice(0, await pageEventRoom(db, app.id)));
    },
  );
  await pruneResolved(db);
  return retired;
}

/**
 * New values of these kinds, captured at `capturedAt`, were filed for the App with this portal
 * id: its pending regenerations of those kinds started by then are resolved (one started
 * later is not: values from before it are not its new ones). Runs inside filing's transaction.
 */
export async function resolveFiled(
  db: VaultDb,
  portalAppId: string,
  kinds: string[],
  at: number,
  capturedAt = at,
): Promise<void> {
  const matching = (await db.regenerations.where('portalAppId').equals(portalAppId).toArray()).filter(
    (r) => pending(r) && r.startedAt <= capturedAt && overlap(r.kinds, kinds).length > 0,
  );
  for (const r of matching) await db.regenerations.update(r.id, { resolvedAt: at, resolution: 'filed' });
}

/**
 * What saving values of these kinds for this portal App would replace: the dates of its
 * current versions. Plain fields only (no name, no value), so it answers while locked.
 */
export async function preview({ db }: VaultContext, { appId, kinds }: PortalSignal): Promise<Preview> {
  const app = appId ? await db.apps.where('portalAppId').equals(appId).first() : undefined;
  if (!app) return { known: false, replaces: [] };
  const current = (await appCredentials(db, app.id)).filter((c) => c.status === 'active' && kinds.includes(c.kind));
  const replaces = current
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || a.createdAt - b.createdAt)
    .map((c) => ({ kind: c.kind, savedAt: c.createdAt }));
  return { known: true, replaces };
}

/** Regenerations still waiting for new values, by portal App id, oldest first. */
export async function pendingRegenerations(db: VaultDb): Promise<Map<string, PendingRegeneration[]>> {
  const byApp = new Map<string, PendingRegeneration[]>();
  const waiting = (await db.regenerations.filter(pending).toArray()).sort((a, b) => a.startedAt - b.startedAt);
  for (const { portalAppId, startedAt, kinds } of waiting) {
    byApp.set(portalAppId, [...(byApp.get(portalAppId) ?? []), { startedAt, kinds }]);
  }
  return byApp;
}
