import { type Binding, decrypt, encrypt, FORMAT_VAULT_KEY, formatOf, importAesKey } from '../crypto/aead';
import { toBase64 } from '../crypto/base64';
import { fromUtf8, randomBytes, wipe } from '../crypto/bytes';
import { tampered, VaultError } from '../crypto/errors';
import { deriveKey, type KdfParams } from '../crypto/kdf';
import type { KdfPreset } from '../crypto/kdf-presets';
import { derivePublicKey, generateKeyPair, importPrivateKey, sameBytes } from '../crypto/seal';
import { checkKdf, credentialBinding, PRIVATE_KEY, WRAPPED_KEY } from './bindings';
import type { CredentialRecord, VaultDb, VaultRecord } from './db';
import type { KdfInfo, UnlockedKeys } from './types';

/**
 * The vault's keys. The passphrase derives (Argon2id) a key-encryption key that wraps a
 * random vault key; the vault key encrypts every record and the private key that opens
 * sealed captures. The vault service and backups (which carry the same records and
 * keys) both open them here.
 */

/** An Argon2id cost, without the salt. */
export type KdfCost = { memoryKiB: number; iterations: number; parallelism: number };

/** The vault's one record, refused if a newer OnceKey wrote it. */
export async function readVaultRecord(db: VaultDb): Promise<VaultRecord> {
  const record = await db.vault.get('main');
  if (!record) throw new VaultError('no-vault', 'No vault yet: open OnceKey and create one.');
  if (record.formatVersion !== 1) {
    throw new VaultError('unsupported-format', 'This vault was written by a newer version of OnceKey.');
  }
  return record;
}

/** The key-encryption key a passphrase derives with these parameters. */
export async function deriveKek(passphrase: string, kdf: KdfParams): Promise<CryptoKey> {
  const derived = await deriveKey(passphrase, kdf);
  try {
    return await importAesKey(derived);
  } finally {
    wipe(derived);
  }
}

/** Derives a new passphrase's key-encryption key, with fresh parameters (a new salt) at this cost. */
async function deriveFresh(passphrase: string, cost: KdfCost): Promise<{ kek: CryptoKey; kdf: KdfParams }> {
  const kdf: KdfParams = {
    algorithm: 'argon2id',
    memoryKiB: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: cost.parallelism,
    salt: randomBytes(16),
  };
  return { kek: await deriveKek(passphrase, kdf), kdf };
}

/** The raw vault key; throws if this key-encryption key did not wrap it. The caller wipes it. */
export function unwrapVaultKey(kek: CryptoKey, record: VaultRecord, what: string): Promise<Uint8Array<ArrayBuffer>> {
  return decrypt(kek, record.wrappedKey, WRAPPED_KEY(record), what);
}

/**
 * A new vault's record: a random vault key wrapped under the passphrase, and a key pair
 * whose private half is encrypted under the vault key. The caller wipes vaultKeyRaw.
 * Re-keying (rekey.ts) makes one too, as the next key version.
 */
export async function newVaultRecord(
  passphrase: string,
  cost: KdfCost,
  now: () => number,
  keyVersion = 1,
): Promise<{ record: VaultRecord; vaultKeyRaw: Uint8Array<ArrayBuffer> }> {
  const { kek, kdf } = await deriveFresh(passphrase, cost);
  const vaultKeyRaw = randomBytes(32);
  const vaultKey = await importAesKey(vaultKeyRaw);
  const pair = await generateKeyPair();
  const record: VaultRecord = {
    id: 'main',
    formatVersion: 1,
    kdf,
    keyVersion,
    wrappedKey: await encrypt(kek, vaultKeyRaw, WRAPPED_KEY({ keyVersion })),
    publicKey: pair.publicKey,
    wrappedPrivateKey: await encrypt(vaultKey, pair.privateKeyPkcs8, PRIVATE_KEY),
    createdAt: now(),
  };
  wipe(pair.privateKeyPkcs8);
  return { record, vaultKeyRaw };
}

/** The vault key wrapped under a new passphrase, at this cost, as the next key version. */
export async function rewrapVaultKey(
  vaultKeyRaw: Uint8Array<ArrayBuffer>,
  passphrase: string,
  cost: KdfCost,
  record: VaultRecord,
): Promise<Pick<VaultRecord, 'kdf' | 'keyVersion' | 'wrappedKey'>> {
  const { kek, kdf } = await deriveFresh(passphrase, cost);
  const keyVersion = record.keyVersion + 1;
  const wrappedKey = await encrypt(kek, vaultKeyRaw, WRAPPED_KEY({ keyVersion }));
  return { kdf, keyVersion, wrappedKey };
}

/**
 * The unlocked keys: the vault key imported, the private key decrypted, and the public key
 * derived from it. `publicKeyMatches` says whether the stored copy is that key: a tampered
 * profile may have swapped it, so that captures made while locked are sealed to someone
 * else's key (the caller repairs it and tells the user). Keys from a backup are checked
 * by the backup's MAC, which covers the stored copy.
 */
export async function loadKeys(
  vaultKeyRaw: Uint8Array<ArrayBuffer>,
  record: VaultRecord,
  what = "The vault's private key",
): Promise<UnlockedKeys & { publicKeyMatches: boolean }> {
  const vaultKey = await importAesKey(vaultKeyRaw);
  formatOf(record.wrappedPrivateKey, what);
  const pkcs8 = await decrypt(vaultKey, record.wrappedPrivateKey, PRIVATE_KEY, what);
  try {
    const publicKey = await derivePublicKey(pkcs8);
    const privateKey = await importPrivateKey(pkcs8, publicKey);
    const publicKeyMatches = sameBytes(publicKey, record.publicKey);
    return { vaultKeyBase64: toBase64(vaultKeyRaw), vaultKey, privateKey, publicKey, publicKeyMatches };
  } finally {
    wipe(pkcs8);
  }
}

/**
 * Opens a ciphertext of the vault's records: only one encrypted with the vault key. A
 * sealed one (format 2) is refused as tampered: sealing needs only the public key, which
 * is stored in plain, so anyone with the profile could plant one. Only the inbox opens
 * sealed captures (filing.ts), each through the strict capture schema.
 */
export async function openField(
  keys: UnlockedKeys,
  blob: Uint8Array,
  binding: Binding | Uint8Array<ArrayBuffer>,
  what: string,
): Promise<string> {
  if (formatOf(blob, what) !== FORMAT_VAULT_KEY) throw tampered(what);
  return fromUtf8(await decrypt(keys.vaultKey, blob, binding, what));
}

export function openValue(keys: UnlockedKeys, credential: CredentialRecord): Promise<string> {
  return openField(keys, credential.value, credentialBinding(credential, 'value'), 'A credential');
}

/** The vault's key-derivation cost, and the preset it matches, if any. */
export function kdfInfo(record: VaultRecord, presets: Record<KdfPreset, KdfCost>): KdfInfo {
  const { memoryKiB, iterations, parallelism } = checkKdf(record.kdf);
  const info: KdfInfo = { memoryKiB, iterations, parallelism };
  const preset = (Object.keys(presets) as KdfPreset[]).find((id) => {
    const p = presets[id];
    return p.memoryKiB === memoryKiB && p.iterations === iterations && p.parallelism === parallelism;
  });
  if (preset) info.preset = preset;
  return info;
}
