import { encrypt } from '../../crypto/aead';
import { utf8 } from '../../crypto/bytes';
import { VaultError } from '../../crypto/errors';
import { seal } from '../../crypto/seal';
import { DAY_MS, rotates } from '../../rotation';
import { nextAppVersion, sealAppDetails } from '../app-details';
import { pruneReadings } from '../app-permissions';
import { inBatches } from '../batches';
import { credentialBinding, inboxBinding, permissionBinding } from '../bindings';
import { putCredentials } from '../credential-sets';
import type { AppRecord, CredentialRecord, EventRecord, InboxRecord, PermissionRecord, VaultDb } from '../db';
import { addEvents } from '../event-pages';
import { openField } from '../keyring';
import { openReader, sealReader } from '../reads';
import type { Capture, UnlockedKeys } from '../types';
import type { OpenedBackup } from './open';

/** The vault a backup is merged into, as the Vault service sees it while unlocked. */
export interface MergeTarget {
  keys: UnlockedKeys;
  apps: { record: AppRecord; details: object }[];
  credentials: CredentialRecord[];
  events: EventRecord[];
  /** The ids of this vault's permission readings: a reading keeps its id through backups. */
  permissionIds: Set<string>;
  rotationDays: (kind: string) => number;
  now: number;
}

/** Decrypts one of this vault's credential fields. */
const openHere = (keys: UnlockedKeys, c: CredentialRecord, field: 'value' | 'details') =>
  openField(keys, c[field], credentialBinding(c, field), 'A credential');

/** The records a merge writes (all encrypted under the target vault's keys) and its counts. */
export interface MergePlan {
  apps: AppRecord[];
  credentials: CredentialRecord[];
  events: EventRecord[];
  /** The file's sealed captures, re-sealed to this vault's public key. */
  inbox: InboxRecord[];
  /** The same captures, for filing once the merge is written. */
  captures: Capture[];
  /** The file's permission readings not here yet, re-sealed to this vault's public key. */
  permissions: PermissionRecord[];
  added: number;
  skipped: number;
}

interface WorkingApp {
  record: AppRecord;
  details: Record<string, unknown>;
  existing: boolean;
  dirty: boolean;
}

interface WorkingCredential {
  record: CredentialRecord;
  /** As stored, for credentials already in this vault. */
  stored?: CredentialRecord;
  /** The file holds this value too (every entry it adds, and each value both hold). */
  inFile?: boolean;
  value: string;
  /** Details JSON of a credential from the file. */
  details?: string;
}

/**
 * An event's fields but its id, in one spelling: the same event in both vaults, the same key.
 * A read's reader counts by what it says (`reader`, decrypted): its ciphertexts always differ.
 */
const eventKey = (e: EventRecord, reader?: string): string => {
  let key = '';
  for (const name of Object.keys(e).sort()) {
    const value = e[name as keyof EventRecord];
    // JSON strings end where they end: no value can run into the next field.
    if (name !== 'id' && name !== 'reader' && value !== undefined) key += `${name}:${JSON.stringify(value)},`;
  }
  return reader === undefined ? key : `${key}reader:${JSON.stringify(reader)}`;
};

/** This vault's event keys, its readers decrypted. */
const keysHere = (here: MergeTarget) =>
  Promise.all(
    here.events.map(async (e) =>
      e.reader && e.appId
        ? eventKey(e, await openReader(here.keys, { ...e, appId: e.appId, reader: e.reader }))
        : eventKey(e),
    ),
  );

/**
 * Plans merging an opened backup into an unlocked vault. All crypto happens here; nothing
 * is written. Rules:
 * - Apps: the same portal App id; else the same record id (the file came from this vault
 *   or a restore of it); else, both without a portal id, the same App and project name.
 *   A matched App keeps this vault's details; fields it lacks are filled in from the file.
 *   Unmatched Apps are added under new ids.
 * - Credentials, per App and kind: a value already there is skipped (if the file's copy was
 *   retired while this vault's is active, it takes the file's status and date). The rest
 *   are added under new ids, keeping createdAt, capturedAt, status and supersededAt, with
 *   dueAt from this vault's rotation settings (or the credential's own "rotate by" date). Where anything was added, the versions are
 *   renumbered 1..n by createdAt (existing records whose number changes are re-encrypted:
 *   the number is in their binding), and an active version becomes superseded, at that
 *   version's createdAt, by a newer active version, or by a newer version held by a side
 *   (this vault or the file) that does not hold it. A newer version that the sides holding
 *   it did not make current leaves it current: the user made it current again.
 * - Events of the file's Apps and credentials come along, naming this vault's Apps and
 *   credentials, each numbered anew in its App (event-pages.ts); exact
 *   duplicates of events here are dropped, and so are the creation events of skipped values.
 * - Sealed captures from the file are re-sealed to this vault's public key.
 */
export async function planMerge(file: OpenedBackup, here: MergeTarget): Promise<MergePlan> {
  const apps: WorkingApp[] = here.apps.map(({ record, details }) => ({
    record,
    details: { ...details } as Record<string, unknown>,
    existing: true,
    dirty: false,
  }));
  const appIds = new Map<string, string>();
  const sameNames = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    a.appName !== undefined && a.appName === b.appName && a.projectName === b.projectName;

  for (const { record, details } of [...file.apps].sort((a, b) => a.record.createdAt - b.record.createdAt)) {
    const portal = record.portalAppId;
    const match =
      portal !== undefined
        ? (apps.find((a) => a.record.portalAppId === portal) ??
          apps.find((a) => a.existing && a.record.id === record.id && a.record.portalAppId === undefined))
        : (apps.find((a) => a.existing && a.record.id === record.id) ??
          apps.find((a) => a.record.portalAppId === undefined && sameNames(a.details, details)));
    if (!match) {
      const added: AppRecord = { ...record, id: crypto.randomUUID(), version: 1 };
      apps.push({ record: added, details: { ...details }, existing: false, dirty: true });
      appIds.set(record.id, added.id);
      continue;
    }
    appIds.set(record.id, match.record.id);
    for (const [key, value] of Object.entries(details)) {
      if (value !== undefined && match.details[key] === undefined) {
        match.details[key] = value;
        match.dirty = true;
      }
    }
    if (match.record.portalProjectId === undefined && record.portalProjectId !== undefined) {
      match.record = { ...match.record, portalProjectId: record.portalProjectId };
      match.dirty = true;
    }
    if (match.record.portalAppId === undefined && portal !== undefined) {
      match.record = { ...match.record, portalAppId: portal };
      match.dirty = true;
    }
  }

  // Encryptions a batch at a time, each batch awaited together (WebCrypto works off this thread).
  const appPuts = await inBatches(
    apps.filter((app) => app.dirty),
    (app) =>
      app.existing
        ? nextAppVersion(here.keys.vaultKey, app.record, app.details, here.now)
        : sealAppDetails(here.keys.vaultKey, app.record, app.details),
  );

  // Credentials, by the App and kind they end up in.
  const groupKey = (appId: string, kind: string) => JSON.stringify([appId, kind]);
  const groups = new Map<string, { appId: string; kind: string; incoming: OpenedBackup['credentials'] }>();
  for (const c of file.credentials) {
    const appId = appIds.get(c.record.appId) as string;
    const key = groupKey(appId, c.record.kind);
    const group = groups.get(key) ?? { appId, kind: c.record.kind, incoming: [] };
    group.incoming.push(c);
    groups.set(key, group);
  }
  // This vault's credentials in those groups, their values decrypted all at once.
  const storedByGroup = new Map<string, CredentialRecord[]>();
  for (const record of here.credentials) {
    const key = groupKey(record.appId, record.kind);
    if (!groups.has(key)) continue;
    const list = storedByGroup.get(key) ?? [];
    list.push(record);
    storedByGroup.set(key, list);
  }
  const storedValues = new Map(
    await inBatches(
      [...storedByGroup.values()].flat(),
      async (record) => [record.id, await openHere(here.keys, record, 'value')] as const,
    ),
  );
  const credentialIds = new Map<string, string>();
  const skippedIds = new Set<string>();
  const credentialPuts: CredentialRecord[] = [];
  const encryptions: (() => Promise<void>)[] = [];
  let added = 0;
  let skipped = 0;

  for (const [key, { appId, kind, incoming }] of groups) {
    const entries: WorkingCredential[] = (storedByGroup.get(key) ?? []).map((record) => ({
      record,
      stored: record,
      value: storedValues.get(record.id) as string,
    }));
    const byValue = new Map(entries.map((e) => [e.value, e]));
    const fresh: WorkingCredential[] = [];
    incoming.sort((a, b) => a.record.createdAt - b.record.createdAt || a.record.version - b.record.version);
    for (const { record, value, details } of incoming) {
      const known = byValue.get(value);
      if (known) {
        skipped++;
        skippedIds.add(record.id);
        credentialIds.set(record.id, known.record.id);
        known.inFile = true;
        if (known.record.status === 'active' && record.status !== 'active') {
          known.record = { ...known.record, status: record.status };
          if (record.supersededAt !== undefined) known.record.supersededAt = record.supersededAt;
        }
        continue;
      }
      const entry: WorkingCredential = {
        record: { ...record, id: crypto.randomUUID(), appId },
        inFile: true,
        value,
        details,
      };
      // The user's own "rotate by" date comes along; otherwise this vault's period decides.
      if (!rotates(kind)) delete entry.record.dueAt;
      else entry.record.dueAt = record.rotateBy ?? record.createdAt + here.rotationDays(kind) * DAY_MS;
      entries.push(entry);
      fresh.push(entry);
      byValue.set(value, entry);
      credentialIds.set(record.id, entry.record.id);
      added++;
    }
    if (fresh.length) {
      // Existing before imported at the same instant, then by their old numbers.
      entries.sort(
        (a, b) =>
          a.record.createdAt - b.record.createdAt ||
          Number(!a.stored) - Number(!b.stored) ||
          a.record.version - b.record.version,
      );
      entries.forEach((entry, i) => {
        if (entry.record.version !== i + 1) entry.record = { ...entry.record, version: i + 1 };
        if (entry.record.status !== 'active') return;
        // Each side already chose its current value: a newer value that a side holding this
        // one did not make current (the user made this one current again) leaves it current.
        // It is superseded by a newer current value, or by a newer value held by a side
        // that does not hold this one, which saw it replaced.
        const [here, file] = [!!entry.stored, !!entry.inFile];
        const newer = entries
          .slice(i + 1)
          .find((other) => other.record.status === 'active' || (!!other.stored && !here) || (!!other.inFile && !file));
        if (newer) entry.record = { ...entry.record, status: 'superseded', supersededAt: newer.record.createdAt };
      });
    }
    for (const entry of entries) {
      const { record, stored: before } = entry;
      if (before && record === before) continue;
      if (!before || record.version !== before.version) {
        // `record` is this entry's own copy: filled in when its encryptions finish.
        encryptions.push(async () => {
          const details = entry.details ?? (await openHere(here.keys, before as CredentialRecord, 'details'));
          [record.value, record.details] = await Promise.all([
            encrypt(here.keys.vaultKey, utf8(entry.value), credentialBinding(record, 'value')),
            encrypt(here.keys.vaultKey, utf8(details), credentialBinding(record, 'details')),
          ]);
        });
      }
      credentialPuts.push(record);
    }
  }
  await inBatches(encryptions, (encryptOne) => encryptOne());

  const seen = new Set(await keysHere(here));
  const events: EventRecord[] = [];
  for (const original of [...file.records.events].sort((a, b) => a.at - b.at)) {
    const { id: _id, ...event } = original;
    if (event.credentialId !== undefined) {
      const mapped = credentialIds.get(event.credentialId);
      if (mapped === undefined) continue;
      // This vault already says when a value it holds was captured or regenerated.
      if (skippedIds.has(event.credentialId) && (event.type === 'captured' || event.type === 'regenerated')) continue;
      event.credentialId = mapped;
    }
    if (event.versions !== undefined) {
      // An export names the versions it held under their ids here. One the file does not hold
      // was deleted there: it keeps its id (and kind), so the export still reads stale
      // (export/stale.ts), as in the vault the file came from.
      event.versions = event.versions.map((v) => {
        const mapped = credentialIds.get(v.credentialId);
        return mapped === undefined ? v : { ...v, credentialId: mapped };
      });
    }
    if (event.appId !== undefined) {
      const mapped = appIds.get(event.appId);
      if (mapped === undefined) continue;
      event.appId = mapped;
    }
    const reader = file.readers.get(original);
    const key = eventKey(event, reader);
    if (seen.has(key)) continue;
    seen.add(key);
    // Re-encrypted under this vault's key, bound to the App's id here.
    if (reader !== undefined && event.appId)
      event.reader = await sealReader(here.keys, reader, { ...event, appId: event.appId });
    events.push(event);
  }

  const inbox: InboxRecord[] = await inBatches(file.inbox, async ({ record, plain }) => {
    const id = crypto.randomUUID();
    const sealed = await seal(here.keys.publicKey, utf8(plain), inboxBinding(id, record.receivedAt));
    return { id, receivedAt: record.receivedAt, sealed };
  });
  const captures = file.inbox.map((i) => i.capture).sort((a, b) => a.at - b.at);

  const permissions: PermissionRecord[] = await inBatches(
    file.permissions.filter(({ record }) => !here.permissionIds.has(record.id)),
    async ({ record: { id, portalAppId, at }, plain }) => ({
      id,
      portalAppId,
      at,
      sealed: await seal(here.keys.publicKey, plain, permissionBinding(id, portalAppId, at)),
    }),
  );

  return { apps: appPuts, credentials: credentialPuts, events, inbox, captures, permissions, added, skipped };
}

/** Writes a merge in one transaction: a failure leaves the vault as it was. */
export async function commitMerge(db: VaultDb, plan: MergePlan): Promise<void> {
  const { apps, credentials, events, inbox, permissions } = plan;
  if (!apps.length && !credentials.length && !events.length && !inbox.length && !permissions.length) return;
  try {
    await db.transaction(
      'rw',
      [db.apps, db.credentialSets, db.credentialDirectory, db.eventPages, db.inbox, db.permissions],
      async () => {
        await db.apps.bulkPut(apps);
        await putCredentials(db, credentials);
        await addEvents(db, events);
        await db.inbox.bulkAdd(inbox);
        await db.permissions.bulkAdd(permissions);
        // The same caps as readings taken on the portal.
        await pruneReadings(
          db,
          permissions.map((p) => p.portalAppId),
        );
      },
    );
  } catch {
    throw new VaultError('internal', 'The backup could not be merged; nothing was changed.');
  }
}
