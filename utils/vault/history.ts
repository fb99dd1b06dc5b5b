import { VaultError } from '../crypto/errors';
import { readApp, withExportNaming } from './app-details';
import type { UnlockedContext, VaultContext } from './context';
import { appCredentials, getCredential, getCredentials, putCredentials } from './credential-sets';
import type { CredentialRecord } from './db';
import { addEvent } from './event-pages';

/**
 * What happened to credentials outside filing, written as events with plain fields only
 * (ids, kinds, times): versions retired or made current again by hand, copies and
 * exports. The App's history view and export staleness read them. Regenerations confirmed
 * on the portal are in regenerations.ts.
 */

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
  await db.transaction('rw', [db.credentialSets, db.credentialDirectory, db.eventPages], async () => {
    const credential = await getCredential(db, credentialId);
    if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
    if (credential.status !== 'active') return;
    await putCredentials(db, [
      { ...credential, status: as === 'revoked' ? 'revoked' : 'superseded', supersededAt: at },
    ]);
    await addEvent(db, { at, type: as, appId: credential.appId, credentialId, kind: credential.kind });
  });
}

/**
 * The user makes a superseded or revoked version current again (History, "Make current
 * again"): nothing a page does is irreversible. The version active now, if any, becomes
 * superseded, dated now. Plain fields only.
 */
export async function makeCurrent({ db, now }: VaultContext, credentialId: string): Promise<void> {
  const at = now();
  await db.transaction('rw', [db.credentialSets, db.credentialDirectory, db.eventPages], async () => {
    const credential = await getCredential(db, credentialId);
    if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
    if (credential.status === 'active') return;
    const { appId, kind } = credential;
    const current = (await appCredentials(db, appId)).filter((c) => c.kind === kind && c.status === 'active');
    const { supersededAt: _retiredAt, ...restored } = credential;
    await putCredentials(db, [
      ...current.map((c): CredentialRecord => ({ ...c, status: 'superseded', supersededAt: at })),
      { ...restored, status: 'active' },
    ]);
    await addEvent(db, { at, type: 'restored', appId, credentialId, kind });
  });
}

/** Records that the user copied a credential (plain: ids, kind and time only). */
export async function recordCopy({ db, now }: VaultContext, credentialId: string): Promise<void> {
  const credential = await getCredential(db, credentialId);
  if (!credential) return;
  await addEvent(db, {
    at: now(),
    type: 'copied',
    appId: credential.appId,
    credentialId,
    kind: credential.kind,
  });
}

/**
 * Records an export: one event naming every credential version in it (event-layout.ts),
 * so the App can say when the file went stale; and remembers the variable names chosen
 * for this App.
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
  const credentials = await getCredentials(db, credentialIds);
  const app = await withExportNaming(context, await readApp(context, appId), naming, at);
  await db.transaction('rw', [db.apps, db.eventPages], async () => {
    if (app) await db.apps.put(app);
    const versions = credentials
      .filter((c): c is CredentialRecord => c !== undefined)
      .map((c) => ({ credentialId: c.id, kind: c.kind }));
    if (versions.length) await addEvent(db, { at, type: 'exported', appId, format, versions });
  });
}
