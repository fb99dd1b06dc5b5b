import * as v from 'valibot';
import { fromBase64 } from '../crypto/base64';
import { fromUtf8, utf8 } from '../crypto/bytes';
import { open, seal } from '../crypto/seal';
import { APP_PERMISSIONS, type AppPermission, type PermissionReading } from '../doctor/permissions';
import { permissionBinding } from './bindings';
import type { UnlockedContext, VaultContext } from './context';
import type { PermissionRecord, VaultDb } from './db';
import type { SessionStore } from './session';

/**
 * Permission drift (utils/doctor/status.ts) needs the App's permission as the portal shows
 * it: the User authentication settings form, saved by the user. Each reading is kept with
 * its time and the portal's App id plain and the permission sealed to the vault's public
 * key, like a capture saved while locked: it is recorded locked or not, for an App saved or
 * not yet, and only an unlocked vault reads it.
 */

/** The readings kept per App: the newest decide; older ones are history. */
export const MAX_PERMISSION_READINGS_PER_APP = 20;
/** The readings kept in all: a page spraying App ids cannot grow the table past this. */
export const MAX_PERMISSION_READINGS = 500;

const Sealed = v.strictObject({ permission: v.picklist(APP_PERMISSIONS), source: v.literal('settings') });

/** Records the App's permission as the settings form was saved with it; nothing without a vault. */
export async function recordPermission(
  { db, now }: VaultContext,
  session: SessionStore,
  { appId, permission }: { appId: string; permission: AppPermission },
): Promise<void> {
  const vault = await db.vault.get('main');
  if (!vault) return;
  // The key checked at the last unlock, if any (a tampered profile may have swapped the stored one).
  const checked = await session.getCheckedPublicKey();
  const publicKey = checked ? fromBase64(checked) : vault.publicKey;
  const id = crypto.randomUUID();
  const at = now();
  const plain = utf8(JSON.stringify({ permission, source: 'settings' }));
  const sealed = await seal(publicKey, plain, permissionBinding(id, appId, at));
  await db.transaction('rw', db.permissions, async () => {
    await db.permissions.add({ id, portalAppId: appId, at, sealed });
    await pruneReadings(db, [appId]);
  });
}

/**
 * Keeps the newest MAX_PERMISSION_READINGS_PER_APP readings of each of `appIds` and the
 * newest MAX_PERMISSION_READINGS in all. Runs inside the caller's transaction.
 */
export async function pruneReadings(db: VaultDb, appIds: Iterable<string>): Promise<void> {
  const extra: string[] = [];
  for (const appId of new Set(appIds)) {
    const mine = await db.permissions.where('portalAppId').equals(appId).sortBy('at');
    extra.push(...mine.slice(0, Math.max(0, mine.length - MAX_PERMISSION_READINGS_PER_APP)).map((r) => r.id));
  }
  const all = await db.permissions.count();
  if (all - extra.length > MAX_PERMISSION_READINGS) {
    const dropped = new Set(extra);
    const oldest = (await db.permissions.toCollection().sortBy('at')).filter((r) => !dropped.has(r.id));
    extra.push(...oldest.slice(0, all - extra.length - MAX_PERMISSION_READINGS).map((r) => r.id));
  }
  await db.permissions.bulkDelete(extra);
}

/**
 * A record's reading as sealed, or undefined if it does not open (sealed to keys since
 * replaced) or does not hold a reading: sealing needs only the public key, so a tampered
 * profile can seal anything here.
 */
export async function openReading(
  { privateKey, publicKey }: { privateKey: CryptoKey; publicKey: Uint8Array },
  record: PermissionRecord,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    const plain = await open(
      privateKey,
      publicKey,
      record.sealed,
      permissionBinding(record.id, record.portalAppId, record.at),
      "An App's permission",
    );
    return v.is(Sealed, JSON.parse(fromUtf8(plain))) ? plain : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The readings of the Apps in the vault, by portal App id, oldest first. One that does not
 * open is left out; so are readings of Apps not saved (yet): opening costs a key agreement
 * each, and a page reporting made-up App ids must not slow the popup down.
 */
export async function permissionReadings({ db, keys }: UnlockedContext): Promise<Map<string, PermissionReading[]>> {
  const byApp = new Map<string, PermissionReading[]>();
  const appIds = (await db.apps.toArray()).flatMap((a) => (a.portalAppId ? [a.portalAppId] : []));
  const records = appIds.length ? await db.permissions.where('portalAppId').anyOf(appIds).toArray() : [];
  const opened = await Promise.all(records.map((r) => openReading(keys, r)));
  records.forEach((record, i) => {
    const plain = opened[i];
    if (!plain) return;
    const reading = { at: record.at, ...v.parse(Sealed, JSON.parse(fromUtf8(plain))) };
    byApp.set(record.portalAppId, [...(byApp.get(record.portalAppId) ?? []), reading]);
  });
  for (const readings of byApp.values()) readings.sort((a, b) => a.at - b.at);
  return byApp;
}
