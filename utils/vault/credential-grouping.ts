import { rotates } from '../rotation';

/**
 * Credentials in sets (credential-sets.ts, schema v9), the layout alone: on plain arrays, so
 * that the schema's migration (db.ts) builds sets too. The fields read here are those of
 * CredentialRecord and CredentialSetRecord (db.ts, which imports this file).
 */

/** The fields of a credential its set reads. */
export interface Grouped {
  id: string;
  appId: string;
  kind: string;
  status: string;
  dueAt?: number;
}

/** An App's set (db.ts, CredentialSetRecord). */
export interface CredentialSet<C extends Grouped> {
  appId: string;
  ids: string[];
  due?: number;
  credentials: C[];
}

export const byId = (a: Grouped, b: Grouped) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Counted by the badge and the reminders: a current version of a kind that rotates, with a due date. */
export const isDue = (c: Grouped, at: number): boolean =>
  c.status === 'active' && rotates(c.kind) && c.dueAt !== undefined && c.dueAt <= at;

/** An App's set: its credentials in id order, their ids, and the earliest due date that counts. */
export function credentialSet<C extends Grouped>(appId: string, credentials: readonly C[]): CredentialSet<C> {
  const sorted = [...credentials].sort(byId);
  let due: number | undefined;
  for (const c of sorted) {
    if (c.status !== 'active' || !rotates(c.kind) || c.dueAt === undefined) continue;
    if (due === undefined || c.dueAt < due) due = c.dueAt;
  }
  return { appId, ids: sorted.map((c) => c.id), ...(due === undefined ? {} : { due }), credentials: sorted };
}

/** Credentials grouped into their Apps' sets (a restore, the v9 upgrade). */
export function setsOf<C extends Grouped>(credentials: readonly C[]): CredentialSet<C>[] {
  const byApp = new Map<string, C[]>();
  for (const c of credentials) {
    const own = byApp.get(c.appId);
    if (own) own.push(c);
    else byApp.set(c.appId, [c]);
  }
  return [...byApp].map(([appId, own]) => credentialSet(appId, own));
}

/** The directory's one key (db.ts, CredentialDirectoryRecord). */
export const DIRECTORY = 'main';

/** Every credential's id, to its App's: the directory of these sets. */
export function directoryOf(sets: readonly CredentialSet<Grouped>[]): {
  key: typeof DIRECTORY;
  apps: Map<string, string>;
} {
  const apps = new Map<string, string>();
  for (const set of sets) for (const c of set.credentials) apps.set(c.id, set.appId);
  return { key: DIRECTORY, apps };
}
