import type { CredentialRecord, EventRecord } from '../vault/db';

/** The last export of an App in one format, and since when it no longer matches the vault. */
export interface ExportState {
  format: string;
  at: number;
  /** When a credential in that export was regenerated or revoked: the file is stale from then. */
  staleSince?: number;
}

/**
 * For each format an App was exported in, its last export and whether it went stale: an
 * export is one set of 'exported' events with the same time and format, naming the
 * credential versions it contained.
 */
export function exportStates(
  events: Pick<EventRecord, 'at' | 'format' | 'credentialId'>[],
  credentials: ReadonlyMap<string, Pick<CredentialRecord, 'status' | 'supersededAt'>>,
): ExportState[] {
  const last = new Map<string, { at: number; ids: string[] }>();
  for (const e of events) {
    if (!e.format || !e.credentialId) continue;
    const seen = last.get(e.format);
    if (!seen || e.at > seen.at) last.set(e.format, { at: e.at, ids: [e.credentialId] });
    else if (e.at === seen.at) seen.ids.push(e.credentialId);
  }
  return [...last].map(([format, { at, ids }]) => {
    const state: ExportState = { format, at };
    const retired = ids
      .map((id) => credentials.get(id))
      .filter((c) => c && c.status !== 'active')
      .map((c) => c?.supersededAt ?? at);
    if (retired.length) state.staleSince = Math.min(...retired);
    return state;
  });
}
