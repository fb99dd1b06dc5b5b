import { encrypt } from '../crypto/aead';
import { utf8 } from '../crypto/bytes';
import { open, seal } from '../crypto/seal';
import { sealAppDetails } from './app-details';
import { openReading } from './app-permissions';
import { inBatches } from './batches';
import { appDetailsBinding, credentialBinding, inboxBinding, permissionBinding } from './bindings';
import type { UnlockedContext } from './context';
import { allCredentials, putCredentials } from './credential-sets';
import type { EventRecord, InboxRecord, VaultRecord } from './db';
import { allEventRecords, rewriteEvents } from './event-pages';
import { type KdfCost, loadKeys, newVaultRecord, openField } from './keyring';
import { openReader, sealReader } from './reads';
import type { UnlockedKeys } from './types';

/**
 * Re-keying after a suspected compromise: a new random vault key and a new key pair,
 * wrapped under a new passphrase, and every ciphertext of the vault re-encrypted under
 * them (App details, credential values and details, what made each command-line read),
 * the inbox re-sealed to the new public key, the trash emptied, in one transaction. An old
 * copy of the profile or an old backup, with the old passphrase, opens only what it held
 * then: it has the old key, and nothing written from now on is under it.
 *
 * All crypto happens before the transaction (IndexedDB commits a transaction that waits
 * on anything else); the caller runs this in turn with every other write, so nothing
 * changes in between. The caller wipes the returned vaultKeyRaw.
 */
export async function rekeyVault(
  context: UnlockedContext,
  current: VaultRecord,
  newPassphrase: string,
  cost: KdfCost,
): Promise<{ keys: UnlockedKeys; vaultKeyRaw: Uint8Array<ArrayBuffer> }> {
  const { db, keys: old } = context;
  const fresh = await newVaultRecord(newPassphrase, cost, context.now, current.keyVersion + 1);
  const record: VaultRecord = { ...fresh.record, createdAt: current.createdAt };
  const keys = await loadKeys(fresh.vaultKeyRaw, record);
  const [apps, credentials, inbox, permissions] = await Promise.all([
    db.apps.toArray(),
    allCredentials(db),
    db.inbox.toArray(),
    db.permissions.toArray(),
  ]);
  const appPuts = await inBatches(apps, async (app) => {
    const details = JSON.parse(await openField(old, app.details, appDetailsBinding(app), "An App's name"));
    return sealAppDetails(keys.vaultKey, { ...app }, details);
  });
  const credentialPuts = await inBatches(credentials, async (c) => {
    const reencrypt = async (field: 'value' | 'details') =>
      encrypt(
        keys.vaultKey,
        utf8(await openField(old, c[field], credentialBinding(c, field), 'A credential')),
        credentialBinding(c, field),
      );
    const [value, details] = await Promise.all([reencrypt('value'), reencrypt('details')]);
    return { ...c, value, details };
  });
  // What made each command-line read (reads.ts), left under the old key, would no longer open:
  // the App's history, a merge into this vault and any backup made from it would fail.
  const reads = (await allEventRecords(db)).filter(
    (e): e is EventRecord & { appId: string; reader: Uint8Array<ArrayBuffer> } => !!e.appId && !!e.reader,
  );
  const readers = await inBatches(reads, async (event) => sealReader(keys, await openReader(old, event), event));
  /** Each read's reader sealed anew, by its App and id: written into the pages as they are at the write. */
  const resealed = new Map(reads.map((e, i) => [`${e.appId}:${e.id}`, readers[i] as Uint8Array<ArrayBuffer>]));
  // A capture that does not open stays as it is: it opened with no key before either.
  const inboxPuts = await inBatches(inbox, async (item): Promise<InboxRecord> => {
    const binding = inboxBinding(item.id, item.receivedAt);
    let plain: Uint8Array<ArrayBuffer>;
    try {
      plain = await open(old.privateKey, old.publicKey, item.sealed, binding, 'A saved capture');
    } catch {
      return item;
    }
    return { ...item, sealed: await seal(keys.publicKey, plain, binding) };
  });
  // The Apps' permission readings likewise (app-permissions.ts).
  const permissionPuts = await inBatches(permissions, async (r) => {
    const plain = await openReading(old, r);
    return plain
      ? { ...r, sealed: await seal(keys.publicKey, plain, permissionBinding(r.id, r.portalAppId, r.at)) }
      : r;
  });
  const tables = [
    db.vault,
    db.apps,
    db.credentialSets,
    db.credentialDirectory,
    db.eventPages,
    db.inbox,
    db.trash,
    db.permissions,
  ];
  await db.transaction('rw', tables, async () => {
    await db.vault.put(record);
    await db.apps.bulkPut(appPuts);
    await putCredentials(db, credentialPuts);
    await rewriteEvents(db, (event) => {
      const reader = event.reader && resealed.get(`${event.appId}:${event.id}`);
      return reader ? { ...event, reader } : event;
    });
    await db.inbox.bulkPut(inboxPuts);
    await db.permissions.bulkPut(permissionPuts);
    await db.trash.clear();
  });
  return { keys, vaultKeyRaw: fresh.vaultKeyRaw };
}
