import type { CredentialRecord, EventRecord } from '../vault/db';

/** The last export of an App in one format, and since when it no longer matches the vault. */
export interface ExportState {
  format: string;
  at: number;
  /** When a credential in that export was regenerated, revoked or deleted: the file is stale from then. */
  staleSince?: number;
}

/**
 * For each format an App was exported in, its last export and whether it went stale: an
 * export is one set of 'exported' events with the same time and format, naming the
 * credential versions it contained (with their kinds). `credentials`: the App's, by id.
 *
 * A version no longer in the vault was deleted, and the file still holds its value. When it
 * stopped being current is gone with it; the best date left is the creation of the first
 * later version of its kind (its replacement), and else the export itself (deleted while
 * current, or replaced before the export): never later than the file went stale.
 */
export function exportStates(
  events: Pick<EventRecord, 'at' | 'format' | 'credentialId' | 'kind'>[],
  credentials: ReadonlyMap<string, Pick<CredentialRecord, 'kind' | 'status' | 'createdAt' | 'supersededAt'>>,
): ExportState[] {
  const last = new Map<string, { at: number; versions: { id: string; kind?: string }[] }>();
  for (const e of events) {
    if (!e.format || !e.credentialId) continue;
    const seen = last.get(e.format);
    const version = { id: e.credentialId, ...(e.kind === undefined ? {} : { kind: e.kind }) };
    if (!seen || e.at > seen.at) last.set(e.format, { at: e.at, versions: [version] });
    else if (e.at === seen.at) seen.versions.push(version);
  }
  return [...last].map(([format, { at, versions }]) => {
    const state: ExportState = { format, at };
    const named = new Set(versions.map((v) => v.id));
    const retired = versions.flatMap(({ id, kind }) => {
      const c = credentials.get(id);
      if (c) return c.status === 'active' ? [] : [c.supersededAt ?? at];
      return [replacedAt(credentials, named, kind, at) ?? at];
    });
    if (retired.length) state.staleSince = Math.min(...retired);
    return state;
  });
}

/** When the first version of `kind` the export did not hold was created after it, if one was. */
function replacedAt(
  credentials: ReadonlyMap<string, Pick<CredentialRecord, 'kind' | 'createdAt'>>,
  named: ReadonlySet<string>,
  kind: string | undefined,
  at: number,
): number | undefined {
  if (kind === undefined) return undefined;
  let first: number | undefined;
  for (const [id, c] of credentials) {
    if (c.kind === kind && !named.has(id) && c.createdAt > at && (first === undefined || c.createdAt < first)) {
      first = c.createdAt;
    }
  }
  return first;
}
