import Dexie, { type EntityTable } from 'dexie';
import { DAY_MS } from '../rotation';

export { DAY_MS };

/**
 * The vault's IndexedDB schema. Only ids, kinds, statuses and timestamps are plain (so
 * reminders and capture work while locked); every name, value and note is a ciphertext
 * bound to its record (utils/crypto/aead.ts).
 *
 * A version with an upgrader is never edited: add a new one.
 */
export const DB_NAME = 'oncekey';

export interface VaultRecord {
  id: 'main';
  formatVersion: 1;
  kdf: {
    algorithm: 'argon2id';
    memoryKiB: number;
    iterations: number;
    parallelism: number;
    salt: Uint8Array<ArrayBuffer>;
  };
  /** Bumped on every passphrase change; part of the wrapped key's binding. */
  keyVersion: number;
  /** The random vault key, AES-GCM-wrapped by the key derived from the passphrase. */
  wrappedKey: Uint8Array<ArrayBuffer>;
  /** ECDH P-256 public key (raw point): captures are sealed to it while locked. */
  publicKey: Uint8Array<ArrayBuffer>;
  /** The matching private key (PKCS#8), encrypted under the vault key. */
  wrappedPrivateKey: Uint8Array<ArrayBuffer>;
  createdAt: number;
}

export interface AppRecord {
  id: string;
  host: string;
  /** The portal's own ids (19-digit project, 8-digit App): ids, so plain. */
  portalProjectId?: string;
  portalAppId?: string;
  createdAt: number;
  updatedAt: number;
  /** Bumped whenever `details` is re-encrypted. */
  version: number;
  /** JSON { projectName?, appName?, notes? }, encrypted. */
  details: Uint8Array<ArrayBuffer>;
}

export type CredentialStatus = 'active' | 'superseded' | 'revoked';

export interface CredentialRecord {
  id: string;
  appId: string;
  kind: string;
  /** 1 for the first value of this App and kind, +1 on every regeneration. */
  version: number;
  /** When the portal created the value (captured or regenerated). */
  createdAt: number;
  capturedAt: number;
  supersededAt?: number;
  status: CredentialStatus;
  /** Rotation due date (added in schema v2). */
  dueAt: number;
  /** The credential's value, encrypted. */
  value: Uint8Array<ArrayBuffer>;
  /** JSON { handle?, permission?, note? }, encrypted. */
  details: Uint8Array<ArrayBuffer>;
}

/** A capture sealed to the vault's public key, waiting for the next unlock to be filed. */
export interface InboxRecord {
  id: string;
  receivedAt: number;
  sealed: Uint8Array<ArrayBuffer>;
}

export type EventType = 'captured' | 'regenerated' | 'revoked' | 'copied' | 'exported' | 'read';

export interface EventRecord {
  id?: number;
  at: number;
  type: EventType;
  appId?: string;
  credentialId?: string;
  kind?: string;
  /** The portal's App id, for a regeneration seen before the App was ever captured. */
  portalAppId?: string;
  /** For 'exported': the format ("env", "json"…); one event per credential version exported. */
  format?: string;
  /** For 'read': what read the App's values (ReadBy as JSON), encrypted (bindings.ts, readerBinding). */
  reader?: Uint8Array<ArrayBuffer>;
}

/**
 * Records the user deleted, kept as stored (still encrypted) so "Undo" can put them back
 * while the popup is open. Emptied when the popup closes, at lock, and after TRASH_MS.
 */
export interface TrashRecord {
  id: string;
  deletedAt: number;
  apps: AppRecord[];
  credentials: CredentialRecord[];
  events: EventRecord[];
}

export interface SettingRecord {
  key: string;
  value: number;
}

export type VaultDb = Dexie & {
  vault: EntityTable<VaultRecord, 'id'>;
  apps: EntityTable<AppRecord, 'id'>;
  credentials: EntityTable<CredentialRecord, 'id'>;
  inbox: EntityTable<InboxRecord, 'id'>;
  events: EntityTable<EventRecord, 'id'>;
  settings: EntityTable<SettingRecord, 'key'>;
  trash: EntityTable<TrashRecord, 'id'>;
};

export const DEFAULT_ROTATION_DAYS = 90;

/** Schema v1, kept verbatim so tests can write a v1 database and migrate it. */
export const SCHEMA_V1 = {
  vault: 'id',
  apps: 'id, portalAppId',
  credentials: 'id, appId, [appId+kind]',
  inbox: 'id',
  events: '++id, appId, credentialId',
  settings: 'key',
};

export function createDb(name = DB_NAME): VaultDb {
  const db = new Dexie(name) as VaultDb;
  db.version(1).stores(SCHEMA_V1);
  // v2: rotation reminders query credentials by due date, while locked. Existing
  // credentials get their due date from when they were created.
  db.version(2)
    .stores({ credentials: 'id, appId, [appId+kind], dueAt' })
    .upgrade(async (tx) => {
      const setting = await tx.table<SettingRecord, string>('settings').get('rotationDays');
      const days = setting?.value ?? DEFAULT_ROTATION_DAYS;
      await tx
        .table<CredentialRecord, string>('credentials')
        .toCollection()
        .modify((credential) => {
          credential.dueAt ??= credential.createdAt + days * DAY_MS;
        });
    });
  // v3: deletions wait in the trash until the popup that made them closes (undo).
  // The popup's list looks up exports by type to say when an exported file went stale.
  db.version(3).stores({ trash: 'id, deletedAt', events: '++id, appId, credentialId, type' });
  return db;
}
