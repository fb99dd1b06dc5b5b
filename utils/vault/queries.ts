import { VaultError } from '../crypto/errors';
import type { ExportSource } from '../export/formats';
import { exportStates } from '../export/stale';
import type { Kind } from '../kinds';
import { readApp, readApps } from './app-details';
import { permissionReadings } from './app-permissions';
import { credentialBinding } from './bindings';
import type { UnlockedContext, VaultContext } from './context';
import { allCredentials, appCredentials, dueCredentials, getCredential, getCredentials } from './credential-sets';
import type { CredentialRecord } from './db';
import { perVersion } from './event-layout';
import { appEventRecords, eventsByApp } from './event-pages';
import { pageEventsIn } from './events';
import type { OpenField } from './kept-fields';
import { openField, openValue } from './keyring';
import { MAX_PAGE_EVENTS_PER_APP } from './limits';
import { openReader } from './reads';
import { pendingRegenerations } from './regenerations';
import type { AppEvent, AppSummary, CredentialDetails, CredentialSummary, ReadBy } from './types';

/** What the popup and the background read from the vault: read models, no writes. */

/**
 * Every App with its credentials' metadata, newest first. No value leaves here. `open`: how
 * to open a name or details field that may have been opened before (kept-fields.ts).
 */
export async function list(
  context: UnlockedContext,
  open: OpenField = (_blob, _binding, opening) => opening(),
): Promise<AppSummary[]> {
  const { db, keys } = context;
  const [apps, credentials, events, regenerations, permissions] = await Promise.all([
    readApps(context, open),
    allCredentials(db),
    eventsByApp(db),
    pendingRegenerations(db),
    permissionReadings(context),
  ]);
  // Each App's credentials by id: its exports are judged against them (export/stale.ts).
  const recordsByApp = new Map<string, Map<string, CredentialRecord>>();
  for (const c of credentials) {
    const own = recordsByApp.get(c.appId) ?? new Map<string, CredentialRecord>();
    recordsByApp.set(c.appId, own.set(c.id, c));
  }
  // Every decryption at once: WebCrypto runs them off the main thread, and awaiting them
  // one by one would cost a thread hop each.
  const items = await Promise.all(
    credentials.map(async (c): Promise<[string, CredentialSummary]> => {
      const binding = credentialBinding(c, 'details');
      const extra = JSON.parse(
        await open(c.details, binding, () => openField(keys, c.details, binding, "A credential's details")),
      ) as CredentialDetails;
      const item: CredentialSummary = {
        id: c.id,
        kind: c.kind,
        version: c.version,
        status: c.status,
        createdAt: c.createdAt,
        capturedAt: c.capturedAt,
        ...extra,
      };
      if (c.supersededAt !== undefined) item.supersededAt = c.supersededAt;
      if (c.dueAt !== undefined) item.dueAt = c.dueAt;
      if (c.rotateBy !== undefined) item.rotateBy = c.rotateBy;
      if (c.possiblyStaleSince !== undefined) item.possiblyStaleSince = c.possiblyStaleSince;
      return [c.appId, item];
    }),
  );
  const byApp = new Map<string, CredentialSummary[]>();
  for (const [appId, item] of items) byApp.set(appId, [...(byApp.get(appId) ?? []), item]);
  const summaries = await Promise.all(
    apps.map(async ({ record, details }) => {
      const own = (byApp.get(record.id) ?? []).sort((a, b) => b.createdAt - a.createdAt);
      const ownEvents = events.get(record.id) ?? [];
      const exports = exportStates(
        perVersion(ownEvents.filter((e) => e.type === 'exported')),
        recordsByApp.get(record.id) ?? new Map(),
      );
      const summary: AppSummary = { id: record.id, host: record.host, ...details, exports, credentials: own };
      if (record.portalProjectId) summary.projectId = record.portalProjectId;
      if (record.portalAppId) summary.portalAppId = record.portalAppId;
      const waiting = record.portalAppId && regenerations.get(record.portalAppId);
      if (waiting) summary.regenerations = waiting;
      const readings = record.portalAppId && permissions.get(record.portalAppId);
      if (readings) summary.permissions = readings;
      // Only an App with that many lines of any kind can have reached the limit.
      if (pageEventsIn(ownEvents) >= MAX_PAGE_EVENTS_PER_APP) {
        summary.activityFull = true;
      }
      return { summary, newest: own[0]?.createdAt ?? record.updatedAt };
    }),
  );
  return summaries.sort((a, b) => b.newest - a.newest).map((s) => s.summary);
}

/** One credential's value, for the popup to copy or reveal. */
export async function value({ db, keys }: UnlockedContext, credentialId: string): Promise<string> {
  const credential = await getCredential(db, credentialId);
  if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
  return openValue(keys, credential);
}

/**
 * Active credentials past their rotation due date. Plain fields only, through the sets' due
 * date index (credential-sets.ts), so the toolbar badge and reminders work while locked.
 */
export async function overdueCount({ db, now }: VaultContext): Promise<number> {
  return (await dueCredentials(db, now())).length;
}

export async function overdueCredentials({
  db,
  now,
}: VaultContext): Promise<{ id: string; appId: string; kind: string; dueAt: number }[]> {
  const due = await dueCredentials(db, now());
  return due.map(({ id, appId, kind, dueAt }) => ({ id, appId, kind, dueAt: dueAt as number }));
}

/**
 * What happened to an App's credentials, newest first: captured, regenerated, copied,
 * exported, read… A version superseded or made current again is named with its number;
 * a read by the command line says what read it (decrypted here).
 */
export async function appEvents({ db, keys }: UnlockedContext, appId: string, limit: number): Promise<AppEvent[]> {
  // An export's one event read as one per version (event-layout.ts), as History lists them.
  const events = perVersion(await appEventRecords(db, appId))
    .sort((a, b) => b.at - a.at || (b.id ?? 0) - (a.id ?? 0))
    .slice(0, limit);
  const named = events.filter((e) => (e.type === 'restored' || e.type === 'superseded') && e.credentialId);
  const versions = new Map(
    (
      await getCredentials(
        db,
        named.map((e) => e.credentialId as string),
      )
    )
      .filter((c) => c !== undefined)
      .map((c) => [c.id, c.version]),
  );
  return Promise.all(
    events.map(async ({ at, type, kind, format, credentialId, reader }) => {
      const event: AppEvent = { at, type, ...(kind ? { kind } : {}), ...(format ? { format } : {}) };
      const version = named.length && credentialId ? versions.get(credentialId) : undefined;
      if (version !== undefined && (type === 'restored' || type === 'superseded')) event.version = version;
      if (reader) event.by = JSON.parse(await openReader(keys, { at, type, appId, reader })) as ReadBy;
      return event;
    }),
  );
}

/**
 * What an export of an App holds: its active credentials, or the versions the user picked,
 * with their values and the App's names. Reads only; recordExport (history.ts) notes what left.
 */
export async function exportSource(
  context: UnlockedContext,
  appId: string,
  credentialIds?: string[],
): Promise<ExportSource & { ids: string[] }> {
  const found = await readApp(context, appId);
  if (!found) throw new VaultError('not-found', 'That App is no longer in the vault.');
  const own = await appCredentials(context.db, appId);
  const chosen = credentialIds
    ? credentialIds.map((id) => {
        const c = own.find((o) => o.id === id);
        if (!c) throw new VaultError('not-found', 'A credential to export is no longer in the vault.');
        return c;
      })
    : own.filter((c) => c.status === 'active');
  if (!chosen.length) throw new VaultError('not-found', 'This App has no current credentials to export.');
  const items = await Promise.all(
    chosen.map(async (c) => ({
      kind: c.kind as Kind,
      value: await openValue(context.keys, c),
      version: c.version,
      createdAt: c.createdAt,
    })),
  );
  const source: ExportSource & { ids: string[] } = { items, ids: chosen.map((c) => c.id) };
  if (found.details.appName) source.appName = found.details.appName;
  if (found.details.projectName) source.projectName = found.details.projectName;
  if (found.record.portalAppId) source.portalAppId = found.record.portalAppId;
  return source;
}
