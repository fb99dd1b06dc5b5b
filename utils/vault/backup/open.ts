import { FORMAT_VAULT_KEY } from '../../crypto/aead';
import { fromUtf8, wipe } from '../../crypto/bytes';
import { VaultError } from '../../crypto/errors';
import type { KdfParams } from '../../crypto/kdf';
import { open } from '../../crypto/seal';
import { type Kind, matchesFormat } from '../../kinds';
import { openReading } from '../app-permissions';
import { inBatches } from '../batches';
import {
  appDetailsBinding,
  checkKdf,
  credentialBinding,
  inboxBinding,
  type RecordBindings,
  recordBindings,
} from '../bindings';
import { inboxCaptureSchema } from '../capture-schema';
import type { AppRecord, CredentialRecord, EventRecord, InboxRecord, PermissionRecord } from '../db';
import { deriveKek, loadKeys, openField, unwrapVaultKey } from '../keyring';
import { openReader } from '../reads';
import type { Capture, UnlockedKeys } from '../types';
import { macMatches } from './envelope';
import { type BackupVerb, damaged, futureDated, wrongPassphrase } from './errors';
import { AppDetailsSchema, type BackupRecords, CredentialDetailsSchema, parseAs, type ReadBackup } from './schema';

/** A backup whose passphrase, MAC and every ciphertext have been checked; plaintexts for merging. */
export interface OpenedBackup {
  records: BackupRecords;
  /** The file's own keys: its vault key, and its private key for the sealed captures. */
  keys: UnlockedKeys;
  /** The file's raw vault key: the caller wipes it. */
  vaultKeyRaw: Uint8Array<ArrayBuffer>;
  apps: { record: AppRecord; details: Record<string, unknown> }[];
  /** Each credential's value and details (JSON text), decrypted. */
  credentials: { record: CredentialRecord; value: string; details: string }[];
  inbox: { record: InboxRecord; plain: string; capture: Capture }[];
  /** Each permission reading, opened (JSON text). */
  permissions: { record: PermissionRecord; plain: Uint8Array<ArrayBuffer> }[];
  /** Each 'read' event's reader, decrypted (JSON text), by its event. */
  readers: Map<EventRecord, string>;
}

/**
 * Opens a backup that readBackup has read, with its passphrase: the key-derivation settings
 * (bounded before Argon2id runs, and so before the MAC, which needs the vault key), the
 * passphrase, the MAC, then every ciphertext, a batch at a time: only vault-key ciphertext
 * for records, each value in its kind's format, each sealed capture through the strict
 * capture schema. Wrong passphrases are not counted towards the vault's unlock throttle:
 * they test the file's secret, not this vault's, and a file on disk can be attacked offline
 * at Argon2id's cost whatever this code does.
 */
export async function openRead(
  { envelope, records, bindings, signed, future }: ReadBackup,
  passphrase: string,
  verb: BackupVerb,
): Promise<OpenedBackup> {
  const badKdf = () =>
    new VaultError(
      'tampered',
      `This backup's key-derivation settings are out of bounds, so it was not opened; nothing was ${verb}.`,
    );
  let kdf: KdfParams;
  try {
    kdf = checkKdf(records.vault.kdf);
  } catch {
    throw badKdf();
  }
  if (records.vault.wrappedKey[0] !== FORMAT_VAULT_KEY) throw damaged(verb);
  let kek: CryptoKey;
  try {
    kek = await deriveKek(passphrase, kdf);
  } catch {
    // Within each bound but not together (Argon2id needs 8 KiB of memory per lane).
    throw badKdf();
  }
  let vaultKeyRaw: Uint8Array<ArrayBuffer>;
  try {
    vaultKeyRaw = await unwrapVaultKey(kek, records.vault, "The backup's vault key");
  } catch {
    throw wrongPassphrase();
  }
  try {
    if (!(await macMatches(envelope, vaultKeyRaw, signed))) throw damaged(verb);
    if (future !== undefined) throw futureDated(verb, future);
    const keys = await loadKeys(vaultKeyRaw, records.vault, "The backup's private key");
    // The MAC covers the stored public key: a mismatch is a file made wrong, not a swap.
    if (!keys.publicKeyMatches) throw damaged(verb);
    return { records, keys, vaultKeyRaw, ...(await openRecords(keys, records, bindings)) };
  } catch (error) {
    wipe(vaultKeyRaw);
    if (error instanceof VaultError && error.code === 'bad-date') throw error;
    throw damaged(verb);
  }
}

/**
 * Opens every ciphertext of `records` with `keys`, as a restore must: each with its binding,
 * only vault-key ciphertext for records, each value in its kind's format, each sealed capture
 * through the strict capture schema. Throws at the first that does not open.
 */
export async function openRecords(
  keys: UnlockedKeys,
  records: BackupRecords,
  bindings: RecordBindings = recordBindings(records),
): Promise<Omit<OpenedBackup, 'records' | 'keys' | 'vaultKeyRaw'>> {
  const { apps: appAads, values, details: detailAads } = bindings;
  // WebCrypto runs off-thread: a batch at a time.
  const apps = await inBatches(
    records.apps.map((record, i) => ({ record, aad: appAads[i] ?? appDetailsBinding(record) })),
    async ({ record, aad }) => ({
      record,
      details: parseAs(AppDetailsSchema, await openField(keys, record.details, aad, "An App's name")) as Record<
        string,
        unknown
      >,
    }),
  );
  const credentials = await inBatches(
    records.credentials.map((record, i) => ({ record, i })),
    async ({ record, i }) => {
      const [value, details] = await Promise.all([
        openField(keys, record.value, values[i] ?? credentialBinding(record, 'value'), 'A credential'),
        openField(
          keys,
          record.details,
          detailAads[i] ?? credentialBinding(record, 'details'),
          "A credential's details",
        ),
      ]);
      if (!matchesFormat(record.kind as Kind, value)) throw new Error('a value not in its kind’s format');
      parseAs(CredentialDetailsSchema, details);
      return { record, value, details };
    },
  );
  const inbox = await inBatches(records.inbox, async (record) => {
    const plain = fromUtf8(
      await open(
        keys.privateKey,
        keys.publicKey,
        record.sealed,
        inboxBinding(record.id, record.receivedAt),
        'A saved capture',
      ),
    );
    const capture: Capture = parseAs(inboxCaptureSchema(record.receivedAt), plain);
    return { record, plain, capture };
  });
  const permissions = await inBatches(records.permissions, async (record) => {
    const plain = await openReading(keys, record);
    if (!plain) throw new Error('a permission reading that does not open');
    return { record, plain };
  });
  const readers = await inBatches(records.events, async (event) => {
    if (!event.reader) return undefined;
    if (!event.appId) throw new Error('a read without its App');
    return [event, await openReader(keys, { ...event, appId: event.appId, reader: event.reader })] as const;
  });
  const readerMap = new Map(readers.filter((r) => !!r));
  return { apps, credentials, inbox, permissions, readers: readerMap };
}
