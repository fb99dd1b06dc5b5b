import Dexie, { type EntityTable, type Table } from 'dexie';
import { DAY_MS, rotates } from '../rotation';
import { directoryOf, setsOf } from './credential-grouping';
import { compactExports, type ExportedVersion } from './event-layout';
import { highestId, pagesOf } from './event-paging';

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
  /** 2: `details` are bound to the fields above too (bindings.ts); absent on Apps written before. */
  binding?: 2;
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
  /**
   * Rotation due date (added in schema v2): `rotateBy` if the user set one, else the kind's
   * period after `createdAt`. None for kinds that never rotate: the Client ID (schema v5).
   */
  dueAt?: number;
  /** A "rotate by" date the user set in History; the settings' periods leave it alone. */
  rotateBy?: number;
  /**
   * When a regeneration this credential depends on took effect (utils/doctor/dependents.ts):
   * it may no longer work. Cleared when the user says it still works.
   */
  possiblyStaleSince?: number;
  /** The credential's value, encrypted. */
  value: Uint8Array<ArrayBuffer>;
  /** JSON { handle?, permission?, note? }, encrypted. */
  details: Uint8Array<ArrayBuffer>;
}

/**
 * An App's credentials, every version, in one record (schema v9, credential-sets.ts): each
 * stored as before, in id order. `due` is derived from them, for its index.
 */
export interface CredentialSetRecord {
  appId: string;
  /** The earliest due date of a current version of a kind that rotates: the badge's index. */
  due?: number;
  credentials: CredentialRecord[];
}

/** Every credential's id, to its App's (schema v9, credential-sets.ts): one record, a hint checked against the sets. */
export interface CredentialDirectoryRecord {
  key: 'main';
  apps: Map<string, string>;
}

/** A capture sealed to the vault's public key, waiting for the next unlock to be filed. */
export interface InboxRecord {
  id: string;
  receivedAt: number;
  sealed: Uint8Array<ArrayBuffer>;
}

/**
 * 'superseded': new values of a regenerated pair were seen on the portal, so the older
 * versions stopped being current. 'restored': the user made an older version current again.
 * 'read': the command line read the App's current values (with the user's approval).
 */
export type EventType =
  | 'captured'
  | 'regenerated'
  | 'revoked'
  | 'copied'
  | 'exported'
  | 'superseded'
  | 'restored'
  | 'read';

export interface EventRecord {
  /** Unique within its App's events (event-pages.ts); unique in the vault before schema v7. */
  id?: number;
  at: number;
  type: EventType;
  appId?: string;
  credentialId?: string;
  kind?: string;
  /** The portal's App id, for a regeneration seen before the App was ever captured. */
  portalAppId?: string;
  /** For 'exported': the format ("env", "json"…). */
  format?: string;
  /**
   * For 'exported' (schema v6): every credential version in the export, in one event
   * (event-layout.ts). Before v6, an export was one event per version, with credentialId
   * and kind; readers take both.
   */
  versions?: ExportedVersion[];
  /** For 'read': what read the App's values (ReadBy as JSON), encrypted (bindings.ts, readerBinding). */
  reader?: Uint8Array<ArrayBuffer>;
}

/**
 * An App's events, in pages (schema v7, event-pages.ts): its events in the order they were
 * recorded, each with its id.
 */
export interface EventPageRecord {
  /** The App's id ('': events of no App, from vaults made before events always named one). */
  appId: string;
  /** 0, 1, 2…: an App's pages in order. */
  page: number;
  /** The id the App's next event gets (kept on every page; the last page's is the one read). */
  next: number;
  events: EventRecord[];
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
  /** Events taken out of the pages of Apps left in the vault (all of a deleted App's, before schema v7). */
  events: EventRecord[];
  /** The page each of `events` was taken from, by position (schema v7). */
  eventsFrom?: number[];
  /** The event pages of the Apps deleted, as stored (schema v7). */
  eventPages?: EventPageRecord[];
}

/**
 * A regeneration the user confirmed on the portal (schema v4). It is pending until the new
 * values appear (seen on the portal, saved or not) or are filed: only then do the older
 * versions stop being current. Plain fields only, so it is recorded while locked.
 */
export interface RegenerationRecord {
  id: string;
  /** The portal's App id: it matches an App captured later too. */
  portalAppId: string;
  /** The vault App with that portal id, if there was one when it started. */
  appId?: string;
  kinds: string[];
  /** The background's own clock, never the page's. */
  startedAt: number;
  resolvedAt?: number;
  resolution?: 'values-seen' | 'filed';
}

/**
 * An App's permission as read on the portal (utils/doctor/permissions.ts): the time and the
 * portal's App id plain, the reading sealed to the vault's public key, so it is kept while
 * locked and for an App not saved yet (schema v5).
 */
export interface PermissionRecord {
  id: string;
  portalAppId: string;
  at: number;
  sealed: Uint8Array<ArrayBuffer>;
}

export interface SettingRecord {
  key: string;
  value: number;
}

export type VaultDb = Dexie & {
  vault: EntityTable<VaultRecord, 'id'>;
  apps: EntityTable<AppRecord, 'id'>;
  credentialSets: EntityTable<CredentialSetRecord, 'appId'>;
  credentialDirectory: EntityTable<CredentialDirectoryRecord, 'key'>;
  inbox: EntityTable<InboxRecord, 'id'>;
  eventPages: Table<EventPageRecord, [string, number]>;
  settings: EntityTable<SettingRecord, 'key'>;
  trash: EntityTable<TrashRecord, 'id'>;
  regenerations: EntityTable<RegenerationRecord, 'id'>;
  permissions: EntityTable<PermissionRecord, 'id'>;
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

/** Schema v3's tables, as v1 to v3 leave them: tests write a v3 database and migrate it. */
export const SCHEMA_V3 = {
  ...SCHEMA_V1,
  credentials: 'id, appId, [appId+kind], dueAt',
  trash: 'id, deletedAt',
  events: '++id, appId, credentialId, type',
};

/** Schema v4's tables, as v1 to v4 leave them: tests write a v4 database and migrate it. */
export const SCHEMA_V4 = { ...SCHEMA_V3, regenerations: 'id, portalAppId' };

/** Schema v5's tables (v6 changed no index, only how exports are stored): tests write a v5 database and migrate it. */
export const SCHEMA_V5 = { ...SCHEMA_V4, permissions: 'id, portalAppId' };

/** Schema v6's tables (as v5's: v6 changed how exports are stored, no index): tests write a v6 database and migrate it. */
export const SCHEMA_V6 = SCHEMA_V5;

/** Schema v8's tables (v7 added the event pages, v8 dropped the events table): tests write a v8 database and migrate it. */
export const SCHEMA_V8 = (() => {
  const { events: _events, ...rest } = SCHEMA_V6;
  return { ...rest, eventPages: '[appId+page]' };
})();

/**
 * Writes commit with strict durability by default: a transaction completes only once its
 * data is on disk, not when it reaches the OS cache (browsers' default since Chrome 121),
 * so "Saved" survives a power cut. Dexie's option is named for Chrome but is passed to
 * every browser's IndexedDB (Firefox too). The benchmark compares 'relaxed'.
 */
export function createDb(name = DB_NAME, durability: 'strict' | 'relaxed' = 'strict'): VaultDb {
  const db = new Dexie(name, { chromeTransactionDurability: durability }) as VaultDb;
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
  // v4: a confirmed regeneration waits for the new values before it retires anything.
  db.version(4).stores({ regenerations: 'id, portalAppId' });
  // v5: the Client ID is not a secret and never rotates: its records lose their due date, so
  // the badge and reminders (which find due dates through the index) never count one. And
  // the Apps' permissions as read on the portal.
  db.version(5)
    .stores({ permissions: 'id, portalAppId' })
    .upgrade(async (tx) => {
      await tx
        .table<CredentialRecord, string>('credentials')
        .toCollection()
        .modify((credential) => {
          if (!rotates(credential.kind)) delete credential.dueAt;
        });
    });
  // v6: an export is one event naming its credential versions, not one event per version
  // (event-layout.ts): a restore writes each event as one IndexedDB record, and exports
  // made most of them. Nothing is dropped: each version stays named in its export's event.
  db.version(6)
    .stores({})
    .upgrade(async (tx) => {
      const events = tx.table<EventRecord, number>('events');
      const exported = await events.where('type').equals('exported').sortBy('id');
      await events.bulkDelete(exported.map((e) => e.id as number));
      await events.bulkPut(compactExports(exported));
    });
  // v7: an App's events are kept in pages (event-pages.ts), not one record each: IndexedDB's
  // cost is mostly per record, and a restore wrote one per event. Every event moves, in
  // order, with its id; ids stay unique within each App, including those of events waiting
  // in the trash. The old table goes in v8 (Dexie reads a table in an upgrade only if a
  // later version deletes it).
  db.version(7)
    .stores({ eventPages: '[appId+page]' })
    .upgrade(async (tx) => {
      const events = await tx.table<EventRecord, number>('events').toCollection().sortBy('id');
      const trash = await tx.table<TrashRecord, string>('trash').toArray();
      const highest = highestId([...events, ...trash.flatMap((t) => t.events)]);
      const pages = pagesOf(events, { firstFreeId: highest + 1 });
      // An App whose only events wait in the trash gets an empty page that counts on from
      // there too: its next event must not take an id that Undo will put back.
      const paged = new Set(pages.map((p) => p.appId));
      for (const t of trash) {
        for (const appId of [...t.apps.map((a) => a.id), ...t.events.map((e) => e.appId ?? '')]) {
          if (paged.has(appId)) continue;
          paged.add(appId);
          pages.push({ appId, page: 0, next: highest + 1, events: [] });
        }
      }
      await tx.table<EventPageRecord>('eventPages').bulkAdd(pages);
    });
  db.version(8).stores({ events: null });
  // v9: an App's credentials are kept in one record (credential-sets.ts), not one each: a
  // restore wrote one per credential, and IndexedDB's cost is mostly per record. Every
  // version moves as it is stored; the old table goes in v10, as the events' did in v8.
  db.version(9)
    .stores({ credentialSets: 'appId, due', credentialDirectory: 'key' })
    .upgrade(async (tx) => {
      const credentials = await tx.table<CredentialRecord, string>('credentials').toArray();
      const sets = setsOf(credentials);
      await tx.table<CredentialSetRecord, string>('credentialSets').bulkAdd(sets);
      // None for a database with no credentials (a restore writes its own): the first write makes one.
      if (sets.length) await tx.table<CredentialDirectoryRecord, string>('credentialDirectory').add(directoryOf(sets));
    });
  db.version(10).stores({ credentials: null });
  return db;
}
