import { VaultError } from '../crypto/errors';
import { dependentsOf } from '../doctor/dependents';
import type { VaultContext } from './context';
import { appCredentials, getCredential, putCredentials } from './credential-sets';
import type { CredentialRecord, VaultDb } from './db';

/**
 * Dependents (utils/doctor/dependents.ts): when a regeneration of the API Key and Secret, or
 * of the Client Secret, takes effect (its new values filed, or seen on the portal), the
 * App's current credentials that it may invalidate, made before it, become "possibly stale".
 * Nothing is retired on that basis: the user confirms one still works, or marks it
 * regenerated. Plain fields only, so it works inside filing's and the portal's transactions.
 */

/**
 * The App's current dependents of these regenerated kinds made before `at`, marked possibly
 * stale since `at`. `pending` holds records about to be written in the same transaction:
 * they win over what the database has. Returns the records to put; writes nothing.
 */
export async function markDependents(
  db: VaultDb,
  appId: string,
  regenerated: Iterable<string>,
  at: number,
  pending: ReadonlyMap<string, CredentialRecord> = new Map(),
): Promise<CredentialRecord[]> {
  const kinds: string[] = dependentsOf(regenerated);
  if (!kinds.length) return [];
  const stored = (await appCredentials(db, appId)).filter((c) => kinds.includes(c.kind));
  const byId = new Map(stored.map((c) => [c.id, c]));
  for (const c of pending.values()) if (c.appId === appId && kinds.includes(c.kind)) byId.set(c.id, c);
  return [...byId.values()]
    .filter((c) => c.status === 'active' && c.createdAt < at && c.possiblyStaleSince === undefined)
    .map((c) => ({ ...c, possiblyStaleSince: at }));
}

/** The user says a possibly stale credential still works: the mark goes. */
export async function stillWorks({ db }: VaultContext, credentialId: string): Promise<void> {
  await db.transaction('rw', [db.credentialSets, db.credentialDirectory], async () => {
    const credential = await getCredential(db, credentialId);
    if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
    if (credential.possiblyStaleSince === undefined) return;
    const { possiblyStaleSince: _since, ...rest } = credential;
    await putCredentials(db, [rest]);
  });
}
