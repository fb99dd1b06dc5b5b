import Dexie from 'dexie';
import { wipe } from '../../crypto/bytes';
import { VaultError } from '../../crypto/errors';
import { rotates } from '../../rotation';
import { directoryOf, setsOf } from '../credential-sets';
import type { CredentialRecord, VaultDb } from '../db';
import { pagesOf } from '../event-pages';
import { vaultExists } from './errors';
import { type OpenedBackup, openRead } from './open';
import type { BackupRecords, ReadBackup } from './schema';

/** Restoring: a backup's records written as they are into a database with no vault. */

/**
 * A credential as it is restored: as in the file, but a kind that never rotates has no due
 * date (schema v5), as a merge does it; one from a file made before would show "overdue".
 * Due dates are plain and bound to no ciphertext.
 */
function restoredCredential(record: CredentialRecord): CredentialRecord {
  if (rotates(record.kind) || record.dueAt === undefined) return record;
  const { dueAt: _dueAt, ...rest } = record;
  return rest;
}

/** Every table but the trash. */
const RESTORED_TABLES = [
  'vault',
  'apps',
  'credentialSets',
  'credentialDirectory',
  'eventPages',
  'inbox',
  'settings',
  'permissions',
] as const;

/**
 * Writes every record exactly as in the file (but a Client ID's due date), in one
 * transaction, into a database with no vault. With `checks`, the transaction commits only once they have passed, and is aborted
 * (nothing written) if they fail: they run while IndexedDB works through the writes. Most
 * of a write's time is IndexedDB's, in another process, and most of the checks' time is
 * Argon2id's, on this thread: done one after the other, each waited for the other (1,000
 * credentials and their events: ~300 ms of writes after ~300 ms of Argon2id).
 */
export async function restoreRecords(
  db: VaultDb,
  records: BackupRecords,
  checks?: () => Promise<unknown>,
): Promise<void> {
  try {
    await db.transaction('rw', RESTORED_TABLES, async () => {
      if (await db.vault.count()) throw vaultExists();
      const sets = setsOf(records.credentials.map(restoredCredential));
      // Every request is made now, none awaited one by one.
      const writes = Promise.all([
        db.vault.add(records.vault),
        db.apps.bulkAdd(records.apps),
        // Each App's credentials in one record, and the directory of their ids (credential-sets.ts).
        db.credentialSets.bulkAdd(sets),
        // Put, not added: a database upgraded from before schema v9 with no vault may hold an empty one.
        db.credentialDirectory.put(directoryOf(sets)),
        // Each App's events in pages (event-pages.ts), numbered anew in the file's order.
        db.eventPages.bulkAdd(pagesOf(records.events)),
        db.inbox.bulkAdd(records.inbox),
        db.settings.bulkAdd(records.settings),
        db.permissions.bulkAdd(records.permissions),
      ]);
      // Checks that fail abort the transaction, and these writes fail with it: the checks' error is the one thrown.
      writes.catch(() => undefined);
      // waitFor keeps the transaction open while the checks' WebCrypto work (not IndexedDB's) is awaited.
      if (checks) await Dexie.waitFor(checks);
      await writes;
    });
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw new VaultError('internal', 'The backup could not be written; nothing was restored.');
  }
}

/**
 * Restores a backup into a database with no vault, with every check openRead makes:
 * readBackup's, already made on `read`, then one transaction that writes every record while
 * the passphrase, the MAC and every ciphertext are checked, and commits only once they have
 * all passed. The caller wipes the returned vaultKeyRaw.
 */
export async function restoreBackup(db: VaultDb, read: ReadBackup, passphrase: string): Promise<OpenedBackup> {
  let opening: Promise<OpenedBackup> | undefined;
  const checked = () => {
    opening ??= openRead(read, passphrase, 'restored');
    return opening;
  };
  try {
    await restoreRecords(db, read.records, checked);
  } catch (error) {
    if (!(error instanceof VaultError && error.code === 'internal')) {
      opening?.then(
        (file) => wipe(file.vaultKeyRaw),
        () => undefined,
      );
      throw error;
    }
    // IndexedDB gave up on the transaction, not the file on a check (say, a transaction held
    // open past IndexedDB's patience by a very slow Argon2id): once the checks have all
    // passed, write again, after them. A file that fails them throws here.
    const file = await checked();
    try {
      await restoreRecords(db, read.records);
    } catch (retryError) {
      wipe(file.vaultKeyRaw);
      throw retryError;
    }
  }
  return checked();
}
