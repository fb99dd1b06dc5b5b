import { type Binding, bindingBytes } from '../crypto/aead';
import { tampered } from '../crypto/errors';
import { KDF_LIMITS, type KdfParams, MAX_KDF_WORK } from '../crypto/kdf';
import type { AppRecord, CredentialRecord, VaultRecord } from './db';

/**
 * What each ciphertext in the vault is bound to (its AES-GCM additional data): table,
 * record, field and version. A ciphertext moved anywhere else fails to decrypt.
 */
export const WRAPPED_KEY = (record: Pick<VaultRecord, 'keyVersion'>): Binding => ({
  table: 'vault',
  id: 'main',
  field: 'wrappedKey',
  version: record.keyVersion,
});
export const PRIVATE_KEY: Binding = { table: 'vault', id: 'main', field: 'privateKey', version: 1 };
/**
 * An App's details. Since `binding: 2` they are also bound to the App's plain portal fields
 * (its host and the portal's App and project ids), which decide where captures are filed and
 * what a regeneration retires: changed on disk, the App's details no longer open. Apps
 * written before carry no `binding` and only their creation time; unlock re-seals them
 * (app-details.ts, `bindAppDetails`).
 */
export const appDetailsBinding = (
  app: Pick<AppRecord, 'id' | 'version' | 'createdAt' | 'host' | 'portalAppId' | 'portalProjectId' | 'binding'>,
): Binding => ({
  table: 'apps',
  id: app.id,
  field: 'details',
  version: app.version,
  context:
    app.binding === APP_BINDING
      ? {
          createdAt: app.createdAt,
          host: app.host,
          portalAppId: app.portalAppId ?? '',
          portalProjectId: app.portalProjectId ?? '',
        }
      : { createdAt: app.createdAt },
});
/** The `binding` of an App whose details are bound to its portal fields too. */
export const APP_BINDING = 2;
export const credentialBinding = (
  c: Pick<CredentialRecord, 'id' | 'appId' | 'kind' | 'version' | 'createdAt'>,
  field: 'value' | 'details',
): Binding => ({
  table: 'credentials',
  id: c.id,
  field,
  version: c.version,
  context: { appId: c.appId, kind: c.kind, createdAt: c.createdAt },
});
/** A 'read' event's reader: bound to its App and its time (an event's own id is given only once it is stored). */
export const readerBinding = (event: { appId: string; at: number }): Binding => ({
  table: 'events',
  id: event.appId,
  field: 'reader',
  version: 1,
  context: { at: event.at },
});
/** A reading of an App's permission, sealed (app-permissions.ts). */
export const permissionBinding = (id: string, portalAppId: string, at: number): Binding => ({
  table: 'permissions',
  id,
  field: 'reading',
  version: 1,
  context: { portalAppId, at },
});
export const inboxBinding = (id: string, receivedAt: number): Binding => ({
  table: 'inbox',
  id,
  field: 'capture',
  version: 1,
  context: { receivedAt },
});

/** The stored Argon2id parameters, refused if out of bounds (a tampered vault must not hang unlock). */
export function checkKdf(kdf: VaultRecord['kdf']): KdfParams {
  const inRange = (value: number, [lo, hi]: readonly [number, number]) =>
    Number.isInteger(value) && value >= lo && value <= hi;
  if (
    kdf?.algorithm !== 'argon2id' ||
    !inRange(kdf.memoryKiB, KDF_LIMITS.memoryKiB) ||
    !inRange(kdf.iterations, KDF_LIMITS.iterations) ||
    !inRange(kdf.parallelism, KDF_LIMITS.parallelism) ||
    // Argon2id needs at least 8 KiB a lane; less would throw deep in the KDF.
    kdf.memoryKiB < 8 * kdf.parallelism ||
    kdf.memoryKiB * kdf.iterations > MAX_KDF_WORK ||
    !(kdf.salt instanceof Uint8Array) ||
    kdf.salt.length < 16
  ) {
    throw tampered("The vault's key-derivation settings");
  }
  return kdf;
}

/**
 * The additional data of a file's record ciphertexts (each App's details, each credential's
 * value and details), by position: made from the records alone, with no key, so a backup
 * file's are made as it is read (backup/schema.ts), when it is chosen, while its passphrase
 * is typed, and not after Argon2id. For 1,000 credentials, 2,250 of them: ~5 ms, ~20 ms in a
 * service worker that has not run this code yet (measured 2026-12-03).
 */
export interface RecordBindings {
  apps: Uint8Array<ArrayBuffer>[];
  values: Uint8Array<ArrayBuffer>[];
  details: Uint8Array<ArrayBuffer>[];
}

export function recordBindings(records: {
  apps: readonly AppRecord[];
  credentials: readonly CredentialRecord[];
}): RecordBindings {
  return {
    apps: records.apps.map((app) => bindingBytes(appDetailsBinding(app))),
    values: records.credentials.map((c) => bindingBytes(credentialBinding(c, 'value'))),
    details: records.credentials.map((c) => bindingBytes(credentialBinding(c, 'details'))),
  };
}
