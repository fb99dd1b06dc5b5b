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
  due?: number;
  credentials: C[];
}

export const byId = (a: Grouped, b: Grouped) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Counted by the badge and the reminders: a current version of a kind that rotates, with a due date. */
export const isDue = (c: Grouped, at: number): boolean =>
  c.status === 'active' && rotates(c.kind) && c.dueAt !== undefined && c.dueAt <= at;

/** What a set holds for the vault: its credentials of its own App (a profile changed by hand may put others there). */
export const held = <C extends Grouped>(set: CredentialSet<C>): C[] =>
  set.credentials.filter((c) => c.appId === set.appId);

/** The first of each id. */
export function onceEach<C extends Grouped>(credentials: readonly C[]): C[] {
  const seen = new Set<string>();
  return credentials.filter((c) => !seen.has(c.id) && !!seen.add(c.id));
}

/** An App's set: its credentials in id order, and the earliest due date that counts (isDue's). */
export function credentialSet<C extends Grouped>(appId: string, credentials: readonly C[]): CredentialSet<C> {
  const sorted = [...credentials].sort(byId);
  let due: number | undefined;
  for (const c of sorted) {
    if (c.appId !== appId || c.status !== 'active' || !rotates(c.kind) || c.dueAt === undefined) continue;
    if (due === undefined || c.dueAt < due) due = c.dueAt;
  }
  return { appId, ...(due === undefined ? {} : { due }), credentials: sorted };
}

/** Credentials grouped into their Apps' sets (a restore, the v9 upgrade). */
export function setsOf<C extends Grouped>(credentials: readonly C[]): CredentialSet<C>[] {
  const byApp = new Map<string, C[]>();
  for (const c of credentials) {
    // A record with no App (a profile changed by hand) is kept, under none, read by no one.
    const appId = typeof c.appId === 'string' ? c.appId : '';
    const own = byApp.get(appId);
    if (own) own.push(c);
    else byApp.set(appId, [c]);
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
  for (const set of sets) for (const c of held(set)) if (!apps.has(c.id)) apps.set(c.id, set.appId);
  return { key: DIRECTORY, apps };
}
