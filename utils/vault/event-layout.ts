/**
 * How exports are stored: one 'exported' event per export, naming the credential versions
 * it held (`versions`), since schema v6 and backup version 2. Before, each version had an
 * event of its own (credentialId and kind), and exports made most of a vault's events
 * (a vault of 1,000 credentials exported three times: 3,000 of 4,000), each one an
 * IndexedDB record for a restore to write. Readers take both layouts: a trash entry made
 * before the migration puts old events back.
 */

/** A credential version an export held: its id, and its kind (kept should the version be deleted). */
export interface ExportedVersion {
  credentialId: string;
  kind?: string;
}

/** The fields of an event (db.ts, EventRecord) that this layout reads: db.ts imports this file. */
interface LaidOut {
  type: string;
  at: number;
  appId?: string;
  format?: string;
  credentialId?: string;
  kind?: string;
  versions?: ExportedVersion[];
}

/** The identity of an export: its App, time and format. */
const exportKey = (e: LaidOut) => JSON.stringify([e.appId ?? null, e.at, e.format ?? null]);

/**
 * Per-version 'exported' events merged into one per export (same App, time and format),
 * in the place and with the id of the export's first event; every other event untouched.
 * Idempotent: events already in the new layout pass through.
 */
export function compactExports<E extends LaidOut>(events: readonly E[]): E[] {
  const out: E[] = [];
  const exports = new Map<string, { versions: ExportedVersion[] }>();
  for (const event of events) {
    if (event.type !== 'exported' || event.credentialId === undefined) {
      out.push(event);
      continue;
    }
    const { credentialId, kind, ...rest } = event;
    const version = kind === undefined ? { credentialId } : { credentialId, kind };
    const key = exportKey(event);
    const merged = exports.get(key);
    if (merged) {
      merged.versions.push(version);
      continue;
    }
    const one = { ...rest, versions: [version] };
    exports.set(key, one);
    out.push(one as unknown as E);
  }
  return out;
}

/**
 * Events as one per credential version: each export's event split into one per version it
 * held (with the export's id), so that staleness and History read exports as before.
 */
export function perVersion<E extends LaidOut>(events: readonly E[]): E[] {
  return events.flatMap((event) => {
    if (!event.versions) return [event];
    const { versions, ...rest } = event;
    return versions.map(({ credentialId, kind }) =>
      kind === undefined ? ({ ...rest, credentialId } as E) : ({ ...rest, credentialId, kind } as E),
    );
  });
}
