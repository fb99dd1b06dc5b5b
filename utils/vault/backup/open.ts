import { FORMAT_VAULT_KEY } from '../../crypto/aead';
import { fromUtf8, wipe } from '../../crypto/bytes';
import { VaultError } from '../../crypto/errors';
import type { KdfParams } from '../../crypto/kdf';
import { open } from '../../crypto/seal';
import { appDetailsBinding, checkKdf, credentialBinding, inboxBinding } from '../bindings';
import type { AppRecord, CredentialRecord, EventRecord, InboxRecord } from '../db';
import { deriveKek, loadKeys, openField, unwrapVaultKey } from '../keyring';
import { openReader } from '../reads';
import type { Capture, UnlockedKeys } from '../types';
import { macMatches } from './envelope';
import { type BackupVerb, damaged, wrongPassphrase } from './errors';
import {
  AppDetailsSchema,
  type BackupRecords,
  CaptureSchema,
  CredentialDetailsSchema,
  parseAs,
  type ReadBackup,
  readBackup,
} from './schema';

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
  /** Each 'read' event's reader, decrypted (JSON text), by its event. */
  readers: Map<EventRecord, string>;
}

/**
 * Opens a backup with its passphrase. Wrong passphrases are not counted towards the
 * vault's unlock throttle: they test the file's secret, not this vault's, and a file on
 * disk can be attacked offline at Argon2id's cost whatever this code does.
 */
export async function openBackup(text: string, passphrase: string, verb: BackupVerb): Promise<OpenedBackup> {
  return openRead(readBackup(text, verb), passphrase, verb);
}

/** openBackup after readBackup: the passphrase, the MAC and every ciphertext. */
export async function openRead(
  { envelope, records }: ReadBackup,
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
    if (!(await macMatches(envelope, vaultKeyRaw))) throw damaged(verb);
    const keys = await loadKeys(vaultKeyRaw, records.vault, "The backup's private key");
    // Every ciphertext in the file must open with its binding; all at once (WebCrypto runs off-thread).
    const [apps, credentials, inbox, readers] = await Promise.all([
      Promise.all(
        records.apps.map(async (record) => ({
          record,
          details: parseAs(
            AppDetailsSchema,
            await openField(keys, record.details, appDetailsBinding(record), "An App's name"),
          ) as Record<string, unknown>,
        })),
      ),
      Promise.all(
        records.credentials.map(async (record) => {
          const [value, details] = await Promise.all([
            openField(keys, record.value, credentialBinding(record, 'value'), 'A credential'),
            openField(keys, record.details, credentialBinding(record, 'details'), "A credential's details"),
          ]);
          parseAs(CredentialDetailsSchema, details);
          return { record, value, details };
        }),
      ),
      Promise.all(
        records.inbox.map(async (record) => {
          const plain = fromUtf8(
            await open(
              keys.privateKey,
              keys.publicKey,
              record.sealed,
              inboxBinding(record.id, record.receivedAt),
              'A saved capture',
            ),
          );
          return { record, plain, capture: parseAs(CaptureSchema, plain) as unknown as Capture };
        }),
      ),
      Promise.all(
        records.events.map(async (event) => {
          if (!event.reader) return undefined;
          if (!event.appId) throw new Error('a read without its App');
          return [event, await openReader(keys, { ...event, appId: event.appId, reader: event.reader })] as const;
        }),
      ),
    ]);
    return { records, keys, vaultKeyRaw, apps, credentials, inbox, readers: new Map(readers.filter((r) => !!r)) };
  } catch {
    wipe(vaultKeyRaw);
    throw damaged(verb);
  }
}
