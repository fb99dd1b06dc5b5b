import { byId, credentialSet, DIRECTORY, directoryOf, held, isDue, onceEach } from './credential-grouping';
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
 * misplaces (a profile changed by hand) is looked for in every set, and a write puts right
 * what it says of the Apps written; a directory gone is made again at the next write. A set
 * holds, for the vault, only its credentials of its own App, each id once: a profile changed
 * by hand may put more there, kept as they are but read by no one.
 *
 * Every function here reads and writes within the caller's transaction when it holds the
 * sets and the directory; a write reads its Apps' sets and writes them back whole.
 */

/** The directory's map, if there is one (a profile changed by hand may hold anything there). */
async function directory(db: VaultDb): Promise<Map<string, string> | undefined> {
  const record = await db.credentialDirectory.get(DIRECTORY);
  return record?.apps instanceof Map ? record.apps : undefined;
}

/**
 * The sets holding these ids: those the directory names for them, checked against what they
 * hold. An id none of those holds is looked for in every set: any, for a read (a credential
 * the directory lost is still found), or only one the directory names, or every id when there
 * is no directory, for a write (an id it does not name is a new version's).
 */
async function setsHolding(
  db: VaultDb,
  apps: Map<string, string> | undefined,
  ids: readonly string[],
  forWrite = false,
): Promise<CredentialSetRecord[]> {
  const named = [...new Set(ids.map((id) => apps?.get(id)).filter((a): a is string => typeof a === 'string'))];
  const sets = (await db.credentialSets.bulkGet(named)).filter((s): s is CredentialSetRecord => s !== undefined);
  const found = new Set(sets.flatMap((s) => held(s).map((c) => c.id)));
  const missing = new Set(ids.filter((id) => !found.has(id) && (!forWrite || !apps || apps.has(id))));
  if (!missing.size) return sets;
  const others = (await db.credentialSets.toArray()).filter((s) => !named.includes(s.appId));
  return [...sets, ...others.filter((s) => held(s).some((c) => missing.has(c.id)))];
}

/** An App's credentials, every version, in id order. */
export async function appCredentials(db: VaultDb, appId: string): Promise<CredentialRecord[]> {
  const set = await db.credentialSets.get(appId);
  return set ? held(set) : [];
}

/** Every credential, in id order (as the table before schema v9 gave them). */
export async function allCredentials(db: VaultDb): Promise<CredentialRecord[]> {
  return onceEach((await db.credentialSets.toArray()).flatMap(held)).sort(byId);
}

/** Credentials by id, in the order asked, undefined for one not in the vault. */
export async function getCredentials(db: VaultDb, ids: readonly string[]): Promise<(CredentialRecord | undefined)[]> {
  if (!ids.length) return [];
  const sets = await setsHolding(db, await directory(db), ids);
  const found = new Map(onceEach(sets.flatMap(held)).map((c) => [c.id, c]));
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
  // The last of the same id is the one written.
  const writing = new Map(credentials.map((c) => [c.id, c]));
  const ids = [...writing.keys()];
  await db.transaction('rw', [db.credentialSets, db.credentialDirectory], async () => {
    const apps = [...new Set([...writing.values()].map((c) => c.appId))];
    const touched = new Map<string, CredentialSetRecord>();
    const directoryApps = await directory(db);
    // The sets holding these versions now (a version kept in another App's set leaves it),
    // then those of their Apps not among them: each set read once.
    for (const set of await setsHolding(db, directoryApps, ids, true)) touched.set(set.appId, set);
    const unread = apps.filter((appId) => !touched.has(appId));
    for (const set of await db.credentialSets.bulkGet(unread)) if (set) touched.set(set.appId, set);
    const next = new Map<string, CredentialRecord[]>();
    for (const [appId, set] of touched)
      next.set(
        appId,
        set.credentials.filter((c) => !writing.has(c.id)),
      );
    for (const c of writing.values()) next.set(c.appId, [...(next.get(c.appId) ?? []), c]);
    await writeSets(db, directoryApps, [...touched.values()], next);
  });
}

/** Deletes credentials by id; ids not in the vault are left alone. */
export async function deleteCredentials(db: VaultDb, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const deleting = new Set(ids);
  await db.transaction('rw', db.credentialSets, db.credentialDirectory, async () => {
    const apps = await directory(db);
    const sets = await setsHolding(db, apps, ids);
    await writeSets(
      db,
      apps,
      sets,
      new Map(sets.map((s) => [s.appId, s.credentials.filter((c) => !deleting.has(c.id))])),
    );
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
    await writeSets(db, await directory(db), before, changed);
  });
}

/** Overdue credentials (isDue), plain fields only: found through the sets' due-date index, while locked too. */
export async function dueCredentials(db: VaultDb, at: number): Promise<CredentialRecord[]> {
  const sets = await db.credentialSets.where('due').belowOrEqual(at).toArray();
  // Soonest first, as the due-date index gave them before schema v9.
  return onceEach(sets.flatMap(held))
    .filter((c) => isDue(c, at))
    .sort((a, b) => (a.dueAt as number) - (b.dueAt as number) || byId(a, b));
}

/**
 * Each App's credentials as they are to be (`before`: the sets as read); an App left with none
 * loses its set. The directory (`apps`, as read in this transaction) follows: the ids gone
 * leave it, each set's ids name its App. A directory gone (or not a directory: a profile
 * changed by hand) is made again from every set.
 */
async function writeSets(
  db: VaultDb,
  apps: Map<string, string> | undefined,
  before: readonly CredentialSetRecord[],
  next: ReadonlyMap<string, CredentialRecord[]>,
): Promise<void> {
  const emptied = [...next].filter(([, own]) => !own.length).map(([appId]) => appId);
  const sets = [...next].filter(([, own]) => own.length).map(([appId, own]) => credentialSet(appId, own));
  await db.credentialSets.bulkPut(sets);
  await db.credentialSets.bulkDelete(emptied);
  if (!apps) {
    await db.credentialDirectory.put(directoryOf(await db.credentialSets.toArray()));
    return;
  }
  const placed = new Map(sets.flatMap((s) => held(s).map((c) => [c.id, s.appId] as const)));
  let changed = false;
  for (const old of before) {
    for (const { id } of held(old))
      if (!placed.has(id) && apps.get(id) === old.appId) changed = apps.delete(id) || changed;
  }
  for (const [id, appId] of placed) {
    if (apps.get(id) === appId) continue;
    apps.set(id, appId);
    changed = true;
  }
  if (changed) await db.credentialDirectory.put({ key: DIRECTORY, apps });
}
