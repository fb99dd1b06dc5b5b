import * as v from 'valibot';
import { fromBase64, toBase64 } from '../../crypto/base64';
import { wipe } from '../../crypto/bytes';
import { VaultError } from '../../crypto/errors';
import { openReading } from '../app-permissions';
import { inBatches } from '../batches';
import { allCredentials } from '../credential-sets';
import type { VaultDb } from '../db';
import { allEventRecords } from '../event-pages';
import { openInboxItem } from '../filing';
import { readVaultRecord } from '../keyring';
import type { UnlockedKeys } from '../types';
import { sealBackup } from './envelope';
import { openRecords } from './open';
import { type BackupRecords, BodySchema, referencesHold } from './schema';

/**
 * The backup file of these records. The body is checked against the schema restore uses,
 * so a backup that could not be restored is never handed out.
 */
export async function writeBackup(
  records: BackupRecords,
  vaultKeyRaw: Uint8Array<ArrayBuffer>,
  now: number,
): Promise<string> {
  const body = JSON.stringify(records, (_key, value) => (value instanceof Uint8Array ? toBase64(value) : value));
  const check = v.safeParse(BodySchema, JSON.parse(body));
  if (!check.success || !referencesHold(check.output)) {
    const where = check.success ? 'a credential of a missing App' : (v.getDotPath(check.issues[0]) ?? 'the body');
    throw new VaultError(
      'internal',
      `A record in this vault does not fit the backup format (${where}); no backup was made.`,
    );
  }
  return sealBackup(body, vaultKeyRaw, new Date(now).toISOString());
}

/**
 * The whole vault as a backup file: every record as stored, read in one transaction; the
 * trash is left out, and so are permission readings that do not open with this vault's
 * keys (sealed to a key since replaced: the vault ignores them too) and captures waiting
 * in the inbox that do not open as captures, so that every ciphertext in a backup opens
 * when it is restored.
 */
export async function backupVault(db: VaultDb, keys: UnlockedKeys, now: () => number): Promise<string> {
  const { vault, apps, credentialSets, eventPages, inbox, settings, permissions } = db;
  const tables = [vault, apps, credentialSets, eventPages, inbox, settings, permissions];
  const records = await db.transaction('r', tables, async () => {
    // All seven reads asked for at once, not one after another.
    const [record, appRows, credentialRows, eventRows, inboxRows, settingRows, permissionRows] = await Promise.all([
      readVaultRecord(db),
      apps.toArray(),
      allCredentials(db),
      // No ids: each App numbers its own (event-pages.ts), and a restore numbers them anew.
      allEventRecords(db).then((events) => events.map(({ id: _id, ...e }) => e)),
      inbox.toArray(),
      settings.toArray(),
      permissions.toArray(),
    ]);
    return {
      vault: record,
      apps: appRows,
      credentials: credentialRows,
      events: eventRows,
      inbox: inboxRows,
      settings: settingRows,
      permissions: permissionRows,
    };
  });
  /** The records `open` opens (gives something for), in order; the others stay out of the file. */
  const opening = async <T>(rows: T[], open: (row: T) => Promise<unknown>) => {
    const opens = await inBatches(rows, async (row) => (await open(row)) !== undefined);
    return rows.filter((_, i) => opens[i]);
  };
  // The public key checked at unlock: one swapped on disk since would not match the private
  // key, and a restore would refuse the file.
  records.vault = { ...records.vault, publicKey: keys.publicKey };
  records.permissions = await opening(records.permissions, (r) => openReading(keys, r));
  // Likewise captures saved while locked that do not open with these keys (sealed to a
  // swapped public key) or are not captures (planted): the vault reports and keeps them, but
  // they hold nothing it can read, and a restore checks every one.
  records.inbox = await opening(records.inbox, (item) => openInboxItem(keys, item));
  // Every other ciphertext must open as a restore opens it, or the file would be refused whole.
  // The inbox and the readings were just opened above, by the checks a restore makes of them:
  // not opened twice (each is a key agreement).
  try {
    await openRecords(keys, { ...records, inbox: [], permissions: [] });
  } catch {
    throw new VaultError(
      'tampered',
      'Something in this vault no longer decrypts: it was changed or damaged on disk. No backup was made, since no restore would accept it.',
    );
  }
  const raw = fromBase64(keys.vaultKeyBase64);
  try {
    return await writeBackup(records, raw, now());
  } finally {
    wipe(raw);
  }
}
