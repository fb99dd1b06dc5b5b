import { VaultError } from '../crypto/errors';
import { readApp, withExportNaming } from './app-details';
import type { UnlockedContext, VaultContext } from './context';
import type { CredentialRecord, EventRecord } from './db';
import type { Regeneration } from './types';

/**
 * What happened to credentials outside filing, written as events with plain fields only
 * (ids, kinds, times): regenerations seen on the portal, versions retired by hand, copies
 * and exports. The App's history view and export staleness read them.
 */

/**
 * Records a regeneration the user confirmed on the portal, even before the new values
 * are captured: the App's current versions of those kinds are marked superseded on that
 * date. Only plain fields change, so this works while locked.
 */
export async function recordRegeneration(
  { db }: VaultContext,
  { appId: portalAppId, kinds, at }: Regeneration,
): Promise<void> {
  if (!(await db.vault.count())) return;
  const app = portalAppId ? await db.apps.where('portalAppId').equals(portalAppId).first() : undefined;
  await db.transaction('rw', [db.credentials, db.events], async () => {
    for (const kind of kinds) {
      const event: EventRecord = { at, type: 'regenerated', kind };
      if (app) event.appId = app.id;
      if (portalAppId) event.portalAppId = portalAppId;
      await db.events.add(event);
      if (!app) continue;
      await db.credentials
        .where({ appId: app.id, kind })
        .filter((c) => c.status === 'active' && c.createdAt <= at)
        .modify({ status: 'superseded', supersededAt: at });
    }
  });
}

/**
 * The user says a credential was regenerated or revoked outside OnceKey: the version
 * stops being active, dated now. Plain fields only; the value is kept for the record.
 */
export async function markRetired(
  { db, now }: VaultContext,
  credentialId: string,
  as: 'regenerated' | 'revoked',
): Promise<void> {
  const at = now();
  await db.transaction('rw', [db.credentials, db.events], async () => {
    const credential = await db.credentials.get(credentialId);
    if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
    if (credential.status !== 'active') return;
    await db.credentials.update(credentialId, {
      status: as === 'revoked' ? 'revoked' : 'superseded',
      supersededAt: at,
    });
    await db.events.add({ at, type: as, appId: credential.appId, credentialId, kind: credential.kind });
  });
}

/** Records that the user copied a credential (plain: ids, kind and time only). */
export async function recordCopy({ db, now }: VaultContext, credentialId: string): Promise<void> {
  const credential = await db.credentials.get(credentialId);
  if (!credential) return;
  await db.events.add({
    at: now(),
    type: 'copied',
    appId: credential.appId,
    credentialId,
    kind: credential.kind,
  });
}

/**
 * Records an export: one event per credential version in it, so the App can say when the
 * file went stale; and remembers the variable names chosen for this App.
 */
export async function recordExport(
  context: UnlockedContext,
  appId: string,
  credentialIds: string[],
  format: string,
  naming: { preset: string; customPrefix?: string },
): Promise<void> {
  const { db } = context;
  const at = context.now();
  const credentials = await db.credentials.bulkGet(credentialIds);
  const app = await withExportNaming(context, await readApp(context, appId), naming, at);
  await db.transaction('rw', [db.apps, db.events], async () => {
    if (app) await db.apps.put(app);
    await db.events.bulkAdd(
      credentials
        .filter((c): c is CredentialRecord => c !== undefined)
        .map((c) => ({ at, type: 'exported' as const, appId, credentialId: c.id, kind: c.kind, format })),
    );
  });
}
