import { wipe } from '../../crypto/bytes';
import { rotationDaysFor } from '../../rotation';
import { readApps } from '../app-details';
import type { UnlockedContext } from '../context';
import { allCredentials } from '../credential-sets';
import { allEventRecords } from '../event-pages';
import { file } from '../filing';
import { readSettings } from '../settings';
import { commitMerge, planMerge } from './merge';
import { openRead } from './open';
import type { ReadBackup } from './schema';

/**
 * Merges a backup (read by readBackup, opened here with its own passphrase) into the
 * unlocked vault: its records are decrypted and re-encrypted under this vault's key (rules:
 * planMerge in merge.ts), and written in one transaction after all crypto is done. Its
 * sealed captures are then filed, as at unlock. `added` counts new credential versions,
 * `skipped` values already here. The caller runs it in turn with the vault's other writes.
 */
export async function mergeIntoVault(
  context: UnlockedContext,
  backup: ReadBackup,
  filePassphrase: string,
): Promise<{ added: number; skipped: number }> {
  const { db } = context;
  // This vault's side is read while the file's Argon2id runs (reads only; nothing else
  // runs in between). Awaited, and so reported, only once the file has opened.
  const reading = Promise.all([
    readSettings(db),
    readApps(context),
    allCredentials(db),
    allEventRecords(db),
    db.permissions.toCollection().primaryKeys(),
  ]);
  reading.catch(() => undefined);
  const opened = await openRead(backup, filePassphrase, 'merged');
  wipe(opened.vaultKeyRaw);
  const [settings, apps, credentials, events, permissionIds] = await reading;
  const plan = await planMerge(opened, {
    keys: context.keys,
    apps,
    credentials,
    events,
    permissionIds: new Set(permissionIds),
    rotationDays: (kind) => rotationDaysFor(settings, kind),
    now: context.now(),
  });
  await commitMerge(db, plan);
  const filed = plan.captures.length
    ? await file(
        context,
        plan.captures,
        plan.inbox.map((item) => item.id),
      )
    : 0;
  return { added: plan.added + filed, skipped: plan.skipped };
}
