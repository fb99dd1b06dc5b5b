import { byId, credentialSet, DIRECTORY, directoryOf, isDue } from './credential-grouping';
import type { CredentialRecord, CredentialSetRecord, VaultDb } from './db';

export { credentialSet, directoryOf, isDue, setsOf } from './credential-grouping';

/**
 * How credentials are stored (schema v9): each App's credentials, every version, in one
 * IndexedDB record, as its events are in pages (event-pages.ts). IndexedDB's cost is mostly
 * per record, not per byte: a restore of 1,000 credentials wrote 1,000 records, now one per
 * App. Each credential is stored exactly as before, inside its App's set; its ciphertexts
 * are bound to its own fields (bindings.ts), not to where it is kept.
 *
 * A set is found by its App, and by the earliest due date among its current credentials that
 * rotate, so the toolbar badge and the reminders still find overdue credentials through an
 * index while locked. A credential is found by its id through the directory: one record
 * mapping every credential's id to its App. Not a multi-entry index of the ids: IndexedDB
 * writes each index entry as a record of its own, and a restore of 1,000 credentials spent
 * ~60 ms more on them (measured 2026-12-03, in a page: 172 against 111 ms beyond Argon2id).
 * The directory is a hint, checked against the set it names: a credential it misses or
 * misplaces (a profile changed by hand) is looked for in every set, and the next write puts
 * the directory right.
 *
 * Every function here reads and writes within the caller's transaction when it holds the
 * sets and the directory; a write reads its Apps' sets and writes them back whole.
 */

/** The sets holding these ids, found through the directory, or by reading every set for those it does not place. */
async function setsHolding(db: VaultDb, ids: readonly string[]): Promise<CredentialSetRecord[]> {
  const directory = await db.credentialDirectory.get(DIRECTORY);
  const named = [...new Set(ids.map((id) => directory?.apps.get(id)).filter((a): a is string => a !== undefined))];
  const sets = (await db.credentialSets.bulkGet(named)).filter((s): s is CredentialSetRecord => s !== undefined);
  const held = new Set(sets.flatMap((s) => s.credentials.map((c) => c.id)));
  if (ids.every((id) => held.has(id))) return sets;
  const wanted = new Set(ids);
  return (await db.credentialSets.toArray()).filter((s) => s.credentials.some((c) => wanted.has(c.id)));
}

/** An App's credentials, every version, in id order. */
export async function appCredentials(db: VaultDb, appId: string): Promise<CredentialRecord[]> {
  const set = await db.credentialSets.get(appId);
  return set ? set.credentials.filter((c) => c.appId === appId) : [];
}

/** Every credential, in id order (as the table before schema v9 gave them). */
export async function allCredentials(db: VaultDb): Promise<CredentialRecord[]> {
  return (await db.credentialSets.toArray()).flatMap((s) => s.credentials).sort(byId);
}

/** Credentials by id, in the order asked, undefined for one not in the vault. */
export async function getCredentials(db: VaultDb, ids: readonly string[]): Promise<(CredentialRecord | undefined)[]> {
  if (!ids.length) return [];
  const found = new Map<string, CredentialRecord>();
  for (const set of await setsHolding(db, ids)) for (const c of set.credentials) found.set(c.id, c);
  return ids.map((id) => found.get(id));
}

/** One credential by id. */
export async function getCredential(db: VaultDb, id: string): Promise<CredentialRecord | undefined> {
  const [credential] = await getCredentials(db, [id]);
  return credential;
}

/**
 * Writes credentials, each into its App's set: a credential with the same id is replaced,
 * wherever it was kept.
 */
export async function putCredentials(db: VaultDb, credentials: readonly CredentialRecord[]): Promise<void> {
  if (!credentials.length) return;
  const ids = credentials.map((c) => c.id);
  await db.transaction('rw', db.credentialSets, db.credentialDirectory, async () => {
    const apps = [...new Set(credentials.map((c) => c.appId))];
    const touched = new Map<string, CredentialSetRecord>();
    for (const set of await db.credentialSets.bulkGet(apps)) if (set) touched.set(set.appId, set);
    // A version kept in another App's set (a profile changed by hand) leaves it.
    for (const set of await setsHolding(db, ids)) touched.set(set.appId, set);
    const writing = new Set(ids);
    const next = new Map<string, CredentialRecord[]>();
    for (const [appId, set] of touched)
      next.set(
        appId,
        set.credentials.filter((c) => !writing.has(c.id)),
      );
    for (const c of credentials) next.set(c.appId, [...(next.get(c.appId) ?? []), c]);
    await writeSets(db, [...touched.values()], next);
  });
}

/** Deletes credentials by id; ids not in the vault are left alone. */
export async function deleteCredentials(db: VaultDb, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const deleting = new Set(ids);
  await db.transaction('rw', db.credentialSets, db.credentialDirectory, async () => {
    const sets = await setsHolding(db, ids);
    await writeSets(db, sets, new Map(sets.map((s) => [s.appId, s.credentials.filter((c) => !deleting.has(c.id))])));
  });
}

/**
 * Changes credentials in place: `change` returns the credential as it is to be, or the same
 * object to leave it. Only the sets that changed are written.
 */
export async function modifyCredentials(
  db: VaultDb,
  change: (credential: CredentialRecord) => CredentialRecord,
): Promise<void> {
  await db.transaction('rw', db.credentialSets, db.credentialDirectory, async () => {
    const before: CredentialSetRecord[] = [];
    const changed = new Map<string, CredentialRecord[]>();
    for (const set of await db.credentialSets.toArray()) {
      const next = set.credentials.map(change);
      if (!next.some((c, i) => c !== set.credentials[i])) continue;
      before.push(set);
      changed.set(set.appId, next);
    }
    await writeSets(db, before, changed);
  });
}

/** Overdue credentials (isDue), plain fields only: found through the sets' due-date index, while locked too. */
export async function dueCredentials(db: VaultDb, at: number): Promise<CredentialRecord[]> {
  const sets = await db.credentialSets.where('due').belowOrEqual(at).toArray();
  // Soonest first, as the due-date index gave them before schema v9.
  return sets
    .flatMap((s) => s.credentials.filter((c) => isDue(c, at)))
    .sort((a, b) => (a.dueAt as number) - (b.dueAt as number) || byId(a, b));
}

/**
 * Each App's credentials as they are to be (`before`: the sets as read); an App left with none
 * loses its set. The directory follows: the ids gone leave it, each set's ids name its App. A
 * directory gone (a profile changed by hand) is made again from every set.
 */
async function writeSets(
  db: VaultDb,
  before: readonly CredentialSetRecord[],
  next: ReadonlyMap<string, CredentialRecord[]>,
): Promise<void> {
  const emptied = [...next].filter(([, own]) => !own.length).map(([appId]) => appId);
  const sets = [...next].filter(([, own]) => own.length).map(([appId, own]) => credentialSet(appId, own));
  await db.credentialSets.bulkPut(sets);
  await db.credentialSets.bulkDelete(emptied);
  const directory = await db.credentialDirectory.get(DIRECTORY);
  if (!directory) {
    await db.credentialDirectory.put(directoryOf(await db.credentialSets.toArray()));
    return;
  }
  const { apps } = directory;
  const kept = new Set(sets.flatMap((s) => s.ids));
  let changed = false;
  for (const old of before) {
    for (const { id } of old.credentials)
      if (!kept.has(id) && apps.get(id) === old.appId) changed = apps.delete(id) || changed;
  }
  for (const set of sets) {
    for (const id of set.ids) {
      if (apps.get(id) === set.appId) continue;
      apps.set(id, set.appId);
      changed = true;
    }
  }
  if (changed) await db.credentialDirectory.put(directory);
}
