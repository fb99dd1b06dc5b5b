/**
 * The encrypted backup file: the vault's records exactly as stored (every name, value and
 * note stays the ciphertext it is in the database), so it opens with the vault's
 * passphrase on any machine, and nothing in it is readable without that passphrase.
 *
 * ```
 * {
 *   "format": "oncekey-backup",
 *   "version": 2,
 *   "createdAt": "2026-11-23T12:00:00.000Z",
 *   "body": "{\"vault\":{…},\"apps\":[…],\"credentials\":[…],\"events\":[…],\"inbox\":[…],\"settings\":[…],\"permissions\":[…]}",
 *   "mac": { "salt": "<32 bytes, base64>", "hmac": "<32 bytes, base64>" }
 * }
 * ```
 *
 * `body` is a string: the JSON of the records (bytes as standard base64), written once,
 * so the MAC covers exactly those characters and no canonical re-serialisation is needed.
 * The MAC is HMAC-SHA-256 over `JSON.stringify(["oncekey-backup", version, createdAt, body])`
 * (UTF-8), keyed by HKDF-SHA-256(vault key, salt = mac.salt, info = "oncekey backup mac v1").
 * Any change to the body, the date, the version or the MAC fails the check.
 *
 * Opening: size check, JSON, envelope and body schemas (valibot, strict, bounded), the
 * stored Argon2id parameters within KDF_LIMITS (checkKdf), the passphrase unwraps the
 * vault key, the MAC, then every ciphertext in the file decrypts with its binding.
 * Nothing is written unless all of that has passed: a restore makes its writes while the
 * passphrase, MAC and ciphertexts are checked, in a transaction that commits only after
 * they pass (restoreBackup); a merge writes only after them.
 *
 * Where each step lives: schema.ts (the file's shape, readBackup), envelope.ts (the MAC),
 * write.ts, open.ts, restore.ts and merge.ts; index.ts is the face the vault service uses.
 * This file holds constants only: the protocol's schema and the popup's file form use
 * the size limit without loading the backup code.
 */
export const BACKUP_FORMAT = 'oncekey-backup';
/**
 * 2: an export is one event naming its credential versions (`versions`, event-layout.ts),
 * where version 1 had one event per version.
 * 3: an App may carry `binding: 2`, its names bound to its portal fields too (bindings.ts);
 * an OnceKey that reads only 1 and 2 then says the file is from a newer OnceKey, rather than
 * damaged. All three are read; version 3 is written.
 */
export const BACKUP_VERSION = 3;
export const BACKUP_VERSIONS = [1, 2, 3] as const;

/** The largest backup file OnceKey reads: far above any real vault (1,000 credentials ≈ 0.6 MB). */
export const MAX_BACKUP_CHARS = 50 * 1024 * 1024;
