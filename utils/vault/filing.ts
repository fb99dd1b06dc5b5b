import * as v from 'valibot';
import { encrypt } from '../crypto/aead';
import { fromUtf8, utf8 } from '../crypto/bytes';
import { VaultError } from '../crypto/errors';
import { open } from '../crypto/seal';
import { formatProblem, matchesFormat } from '../kinds';
import { rotates, rotationDaysFor } from '../rotation';
import { nextAppVersion, readApp, readApps } from './app-details';
import { credentialBinding, inboxBinding } from './bindings';
import { inboxCaptureSchema } from './capture-schema';
import type { UnlockedContext } from './context';
import { appCredentials, putCredentials } from './credential-sets';
import { type AppRecord, type CredentialRecord, DAY_MS, type EventRecord, type InboxRecord } from './db';
import { addEvents } from './event-pages';
import { pageEventRoom } from './events';
import { openValue } from './keyring';
import { pruneResolved, resolveFiled } from './regenerations';
import type { SessionStore } from './session';
import { readSettings } from './settings';
import { markDependents } from './stale';
import type { Capture, CredentialDetails, ManualCredential, UnlockedKeys } from './types';

/**
 * Filing: captures become Apps and credential versions. A capture made while locked
 * waits sealed in the inbox, one made before any vault exists waits in session memory;
 * both are filed here once the vault is unlocked.
 */

/**
 * Files captures into Apps and credential versions; returns how many values were new.
 * All crypto happens first; the writes then go in one transaction, so a failure leaves
 * the vault (and the inbox) as it was.
 */
export async function file(context: UnlockedContext, captures: Capture[], inboxIds: string[]): Promise<number> {
  const { db, keys, now } = context;
  const settings = await readSettings(db);
  const apps = await readApps(context);
  /** Versions deleted but not yet for good: their numbers are not given again (Undo may bring them back). */
  const trashed = (await db.trash.toArray()).flatMap((entry) => entry.credentials);
  const appPuts = new Map<string, AppRecord>();
  /** Credential records to write, by id: new versions and the ones they supersede. */
  const credentialPuts = new Map<string, CredentialRecord>();
  const fresh: { appId: string; kind: string; value: string }[] = [];
  /** Activity lines by App; those of portal captures count towards the App's limit (limits.ts). */
  const events = new Map<string, { fromPortal: EventRecord[]; byUser: EventRecord[] }>();
  /**
   * Kinds with new values, by portal App id and the time the values were captured: they
   * resolve that App's pending regenerations started by then, not later ones.
   */
  const filedKinds = new Map<string, { portalAppId: string; at: number; kinds: Set<string> }>();
  /**
   * Regenerations that took effect (their new values were seen or saved). A value captured
   * before one of them started was retired by it: filed later (a capture sealed while locked,
   * filed at unlock), it is filed as superseded then, not current.
   */
  const effective = (await db.regenerations.toArray()).filter((r) => r.resolvedAt !== undefined);

  for (const capture of captures) {
    let app = apps.find(({ record, details }) =>
      capture.vaultAppId
        ? record.id === capture.vaultAppId
        : capture.appId
          ? record.portalAppId === capture.appId
          : !record.portalAppId && details.appName === capture.appName && details.projectName === capture.projectName,
    );
    if (!app) {
      const record = { id: crypto.randomUUID(), host: capture.host, createdAt: capture.at, version: 0 } as AppRecord;
      if (capture.appId) record.portalAppId = capture.appId;
      app = { record, details: {} };
      apps.push(app);
    }
    // Fill in what the portal showed this time and not before.
    const details = { ...app.details };
    details.appName ??= capture.appName;
    details.projectName ??= capture.projectName;
    const portalProjectId = app.record.portalProjectId ?? capture.projectId;
    if (
      app.record.version === 0 ||
      portalProjectId !== app.record.portalProjectId ||
      JSON.stringify(details) !== JSON.stringify(app.details)
    ) {
      const plain = portalProjectId ? { portalProjectId } : {};
      const record = await nextAppVersion(keys.vaultKey, app.record, details, capture.at, plain);
      app = Object.assign(app, { record, details });
      appPuts.set(record.id, record);
    }

    const appId = app.record.id;
    /** Kinds this capture filed a new version of: a regeneration, taking effect now. */
    const regenerated = new Set<string>();
    for (const credential of capture.credentials) {
      const { kind, value } = credential;
      if (fresh.some((f) => f.appId === appId && f.kind === kind && f.value === value)) continue;
      const stored = (await appCredentials(db, appId)).filter((c) => c.kind === kind);
      const storedValues = await Promise.all(stored.map((c) => openValue(keys, c)));
      if (storedValues.includes(value)) continue;
      // Same values twice are one credential; a different value is the next version.
      const previous = new Map(stored.map((c) => [c.id, c]));
      for (const c of credentialPuts.values()) if (c.appId === appId && c.kind === kind) previous.set(c.id, c);
      const portalAppId = app.record.portalAppId;
      const retiredBy = effective
        .filter((r) => r.portalAppId === portalAppId && r.startedAt > capture.at && r.kinds.includes(kind))
        .sort((a, b) => a.startedAt - b.startedAt)[0];
      let version = 1;
      for (const old of previous.values()) {
        version = Math.max(version, old.version + 1);
        if (old.status === 'active' && !retiredBy)
          credentialPuts.set(old.id, { ...old, status: 'superseded', supersededAt: capture.at });
      }
      for (const gone of trashed)
        if (gone.appId === appId && gone.kind === kind) version = Math.max(version, gone.version + 1);
      const record = {
        id: crypto.randomUUID(),
        appId,
        kind,
        version,
        createdAt: capture.at,
        capturedAt: now(),
        status: 'active',
      } as CredentialRecord;
      if (retiredBy) Object.assign(record, { status: 'superseded', supersededAt: retiredBy.startedAt });
      if (rotates(kind)) record.dueAt = capture.at + rotationDaysFor(settings, kind) * DAY_MS;
      const extra: CredentialDetails = {};
      if (credential.handle) extra.handle = credential.handle;
      if (credential.permission) extra.permission = credential.permission;
      record.value = await encrypt(keys.vaultKey, utf8(value), credentialBinding(record, 'value'));
      record.details = await encrypt(keys.vaultKey, utf8(JSON.stringify(extra)), credentialBinding(record, 'details'));
      credentialPuts.set(record.id, record);
      fresh.push({ appId, kind, value });
      const event: EventRecord = {
        at: capture.at,
        type: version > 1 ? 'regenerated' : 'captured',
        appId,
        credentialId: record.id,
        kind,
      };
      const lines = events.get(appId) ?? { fromPortal: [], byUser: [] };
      (capture.vaultAppId ? lines.byUser : lines.fromPortal).push(event);
      events.set(appId, lines);
      if (portalAppId && !retiredBy) {
        const key = `${portalAppId}\n${capture.at}`;
        const filed = filedKinds.get(key) ?? { portalAppId, at: capture.at, kinds: new Set<string>() };
        filedKinds.set(key, { ...filed, kinds: filed.kinds.add(kind) });
      }
      if (version > 1 && !retiredBy) regenerated.add(kind);
    }
    for (const c of await markDependents(db, appId, regenerated, capture.at, credentialPuts))
      credentialPuts.set(c.id, c);
  }

  const filedAt = now();
  await db.transaction(
    'rw',
    [db.apps, db.credentialSets, db.credentialDirectory, db.eventPages, db.inbox, db.regenerations],
    async () => {
      await db.apps.bulkPut([...appPuts.values()]);
      await putCredentials(db, [...credentialPuts.values()]);
      for (const [appId, { fromPortal, byUser }] of events) {
        await addEvents(db, [...byUser, ...fromPortal.slice(0, await pageEventRoom(db, appId))]);
      }
      await db.inbox.bulkDelete(inboxIds);
      for (const { portalAppId, at, kinds } of filedKinds.values())
        await resolveFiled(db, portalAppId, [...kinds], filedAt, at);
    },
  );
  if (filedKinds.size) await pruneResolved(db);
  return fresh.length;
}

/**
 * A sealed capture as the inbox holds it, opened with these keys and checked as the protocol
 * accepts captures (inboxCaptureSchema); undefined if it does not open or is not one.
 */
export async function openInboxItem(keys: UnlockedKeys, item: InboxRecord): Promise<Capture | undefined> {
  try {
    const binding = inboxBinding(item.id, item.receivedAt);
    const plain = await open(keys.privateKey, keys.publicKey, item.sealed, binding, 'A saved capture');
    const parsed = v.safeParse(inboxCaptureSchema(item.receivedAt), JSON.parse(fromUtf8(plain)));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Files every sealed capture waiting in the inbox. One that does not open, or whose
 * plaintext is not a capture as the protocol accepts it (inboxCaptureSchema: a planted
 * item), stays there untouched, and is counted as unopened: the popup reports them.
 */
export async function fileInbox(context: UnlockedContext): Promise<{ unopened: number }> {
  const { db, keys } = context;
  const waiting = await db.inbox.orderBy('id').toArray();
  const captures: Capture[] = [];
  const filedIds: string[] = [];
  let unopened = 0;
  for (const item of waiting) {
    const capture = await openInboxItem(keys, item);
    if (capture) {
      captures.push(capture);
      filedIds.push(item.id);
    } else {
      unopened++;
    }
  }
  if (filedIds.length)
    await file(
      context,
      captures.sort((a, b) => a.at - b.at),
      filedIds,
    );
  return { unopened };
}

/** Captures made before any vault existed: into the vault, then out of memory. */
export async function filePending(context: UnlockedContext, session: SessionStore): Promise<void> {
  const pending = await session.getPending();
  if (pending.length) {
    await file(context, pending, []);
    await session.setPending([]);
  }
}

/**
 * A credential the user pasted, as a capture of its App. The value must have its kind's
 * format, and the date must not be in the future.
 */
export async function manualCapture(context: UnlockedContext, input: ManualCredential): Promise<Capture> {
  const value = input.value.trim();
  if (!matchesFormat(input.kind, value)) {
    throw new VaultError('bad-format', formatProblem(input.kind));
  }
  const at = input.createdAt ?? context.now();
  if (at > context.now()) throw new VaultError('bad-date', 'The creation date cannot be in the future.');
  const capture: Capture = { host: 'developer.x.com', at, credentials: [{ kind: input.kind, value }] };
  if (input.appId) {
    const found = await readApp(context, input.appId);
    if (!found) throw new VaultError('not-found', 'That App is no longer in the vault.');
    Object.assign(capture, { host: found.record.host, vaultAppId: found.record.id });
  } else {
    const appName = input.appName?.trim();
    if (!appName) throw new VaultError('no-app', 'Name the App these credentials belong to.');
    capture.appName = appName;
    if (input.projectName?.trim()) capture.projectName = input.projectName.trim();
  }
  return capture;
}
