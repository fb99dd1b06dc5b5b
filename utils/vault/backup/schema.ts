import * as v from 'valibot';
import { canonicalBytes } from '../../crypto/base64';
import { KINDS } from '../../kinds';
import { MAX_PERMISSION_READINGS } from '../app-permissions';
import { type RecordBindings, recordBindings } from '../bindings';
import type {
  AppRecord,
  CredentialRecord,
  EventRecord,
  InboxRecord,
  PermissionRecord,
  SettingRecord,
  VaultRecord,
} from '../db';
import { compactExports } from '../event-layout';
import { FUTURE_SLACK_MS } from '../limits';
import { type BackupVerb, damaged, newer, notBackup, tooLarge } from './errors';
import { BACKUP_FORMAT, BACKUP_VERSION, BACKUP_VERSIONS, MAX_BACKUP_CHARS } from './format';

/**
 * The backup file's shape (format.ts), as valibot schemas: strict objects, bounded
 * strings and tables, bytes in canonical base64. Everything that can be checked without
 * the passphrase is checked here (readBackup); open.ts checks the rest.
 */

const MAX_RECORDS = 500_000;
const MAX_CIPHERTEXT_CHARS = 1_400_000;
/** Far above any export (an App has a few kinds, and a few versions of each). */
const MAX_VERSIONS_PER_EXPORT = 10_000;

/** What restore writes and merge reads: the vault's tables, trash left out. */
export interface BackupRecords {
  vault: VaultRecord;
  apps: AppRecord[];
  credentials: CredentialRecord[];
  events: EventRecord[];
  inbox: InboxRecord[];
  settings: SettingRecord[];
  /** The Apps' permissions as read on the portal, sealed (utils/vault/app-permissions.ts). */
  permissions: PermissionRecord[];
}

const Base64 = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.minLength(min),
    v.maxLength(max),
    v.check((text) => canonicalBytes(text) !== undefined),
  );
/** Base64 decoded once: the check and the decoding are one step. */
const Bytes = (max: number, min = 1) =>
  v.pipe(
    v.string(),
    v.minLength(min),
    v.maxLength(max),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const bytes = canonicalBytes(dataset.value);
      if (bytes) return bytes;
      addIssue({ message: 'not canonical base64' });
      return NEVER;
    }),
  );
const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
const PortalId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
// The kinds OnceKey knows: a value of any other kind could never be checked or exported.
const Kind = v.pipe(
  v.string(),
  v.check((kind) => (KINDS as readonly string[]).includes(kind)),
);
const Timestamp = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8_640_000_000_000_000));
const Counter = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(Number.MAX_SAFE_INTEGER));
const Table = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.maxLength(MAX_RECORDS));

const VaultSchema = v.strictObject({
  id: v.literal('main'),
  formatVersion: v.literal(1),
  // The numbers are judged by checkKdf, which says what is wrong with them.
  kdf: v.strictObject({
    algorithm: v.literal('argon2id'),
    memoryKiB: v.number(),
    iterations: v.number(),
    parallelism: v.number(),
    salt: Bytes(1024),
  }),
  keyVersion: Counter(1),
  wrappedKey: Bytes(1024),
  publicKey: Bytes(88, 88),
  wrappedPrivateKey: Bytes(4096),
  createdAt: Timestamp,
});

const AppSchema = v.strictObject({
  id: Id,
  host: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  portalProjectId: v.optional(PortalId),
  portalAppId: v.optional(PortalId),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Counter(0),
  details: Bytes(MAX_CIPHERTEXT_CHARS),
  binding: v.optional(v.literal(2)),
});

const CredentialSchema = v.strictObject({
  id: Id,
  appId: Id,
  kind: Kind,
  version: Counter(1),
  createdAt: Timestamp,
  capturedAt: Timestamp,
  supersededAt: v.optional(Timestamp),
  status: v.picklist(['active', 'superseded', 'revoked']),
  dueAt: v.optional(Timestamp),
  rotateBy: v.optional(Timestamp),
  possiblyStaleSince: v.optional(Timestamp),
  value: Bytes(MAX_CIPHERTEXT_CHARS),
  details: Bytes(MAX_CIPHERTEXT_CHARS),
});

const EventSchema = v.strictObject({
  id: v.optional(Counter(1)),
  at: Timestamp,
  type: v.picklist(['captured', 'regenerated', 'revoked', 'copied', 'exported', 'superseded', 'restored', 'read']),
  appId: v.optional(Id),
  credentialId: v.optional(Id),
  kind: v.optional(Kind),
  portalAppId: v.optional(PortalId),
  format: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,32}$/))),
  reader: v.optional(Bytes(MAX_CIPHERTEXT_CHARS)),
  // Backup version 2: an export's versions in its one event (event-layout.ts).
  versions: v.optional(
    v.pipe(
      v.array(v.strictObject({ credentialId: Id, kind: v.optional(Kind) })),
      v.minLength(1),
      v.maxLength(MAX_VERSIONS_PER_EXPORT),
    ),
  ),
});

const InboxSchema = v.strictObject({
  id: Id,
  receivedAt: Timestamp,
  sealed: Bytes(MAX_CIPHERTEXT_CHARS),
});

const PermissionSchema = v.strictObject({
  id: Id,
  portalAppId: PortalId,
  at: Timestamp,
  sealed: Bytes(4096),
});

const SettingSchema = v.strictObject({
  key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.]{1,64}$/)),
  value: v.pipe(v.number(), v.finite()),
});

export const BodySchema = v.strictObject({
  vault: VaultSchema,
  apps: Table(AppSchema),
  credentials: Table(CredentialSchema),
  events: Table(EventSchema),
  inbox: Table(InboxSchema),
  settings: Table(SettingSchema),
  // Files written before OnceKey kept permission readings have none.
  permissions: v.optional(v.pipe(v.array(PermissionSchema), v.maxLength(MAX_PERMISSION_READINGS)), []),
});

const EnvelopeSchema = v.strictObject({
  format: v.literal(BACKUP_FORMAT),
  // Version 1 files (one event per exported version) restore and merge too.
  version: v.picklist(BACKUP_VERSIONS),
  createdAt: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)),
  body: v.pipe(v.string(), v.maxLength(MAX_BACKUP_CHARS)),
  mac: v.strictObject({
    salt: Base64(44, 44),
    hmac: Base64(44, 44),
  }),
});
export type Envelope = v.InferOutput<typeof EnvelopeSchema>;

/** What an App's decrypted details must look like; unknown fields come along untouched. */
export const AppDetailsSchema = v.looseObject({
  appName: v.optional(v.string()),
  projectName: v.optional(v.string()),
  notes: v.optional(v.string()),
});
/** A credential's decrypted details: a JSON object. */
export const CredentialDetailsSchema = v.looseObject({});

/** A decrypted plaintext of this shape; throws otherwise (open.ts reports the file as damaged). */
export function parseAs<T extends v.GenericSchema>(schema: T, text: string): v.InferOutput<T> {
  const result = v.safeParse(schema, JSON.parse(text));
  if (!result.success) throw new Error('unexpected plaintext');
  return result.output;
}

/**
 * Compile-time check that each schema describes its record type exactly, field for field:
 * a field added to a record in db.ts fails the type check here until the backup format
 * knows it (otherwise backups would silently refuse to restore).
 */
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type Assert<T extends true> = T;
export type BackupSchemasMatchRecords = [
  Assert<Same<v.InferOutput<typeof VaultSchema>, VaultRecord>>,
  Assert<Same<v.InferOutput<typeof AppSchema>, AppRecord>>,
  Assert<Same<v.InferOutput<typeof CredentialSchema>, CredentialRecord>>,
  Assert<Same<v.InferOutput<typeof EventSchema>, EventRecord>>,
  Assert<Same<v.InferOutput<typeof InboxSchema>, InboxRecord>>,
  Assert<Same<v.InferOutput<typeof SettingSchema>, SettingRecord>>,
  Assert<Same<v.InferOutput<typeof PermissionSchema>, PermissionRecord>>,
];

/** Ids unique in each table, every credential's App in the file, and exports' versions where they belong. */
export function referencesHold(records: BackupRecords): boolean {
  const unique = (ids: unknown[]) => new Set(ids).size === ids.length;
  const appIds = new Set(records.apps.map((a) => a.id));
  return (
    appIds.size === records.apps.length &&
    unique(records.credentials.map((c) => c.id)) &&
    unique(records.inbox.map((i) => i.id)) &&
    unique(records.events.filter((e) => e.id !== undefined).map((e) => e.id)) &&
    unique(records.settings.map((s) => s.key)) &&
    unique(records.permissions.map((p) => p.id)) &&
    records.credentials.every((c) => appIds.has(c.appId)) &&
    // An export's versions (event-layout.ts) in an export's event, never beside one version's fields.
    records.events.every(
      (e) => !e.versions || (e.type === 'exported' && e.credentialId === undefined && e.kind === undefined),
    )
  );
}

/**
 * The file's latest time (NaN if one is not a time). None may be after now (with
 * FUTURE_SLACK_MS for clock skew): a date in the future would keep a credential from ever
 * looking due, or reorder its versions. Due dates are in the future by design and not counted.
 */
export function latestTime(records: BackupRecords, createdAt: string): number {
  const times = [
    Date.parse(createdAt),
    records.vault.createdAt,
    ...records.apps.flatMap((a) => [a.createdAt, a.updatedAt]),
    ...records.credentials.flatMap((c) => [c.createdAt, c.capturedAt, c.supersededAt ?? 0]),
    ...records.events.map((e) => e.at),
    ...records.inbox.map((i) => i.receivedAt),
    ...records.permissions.map((p) => p.at),
  ];
  let latest = Number.NEGATIVE_INFINITY;
  // A loop, not Math.max(...times): a vault's events have no count limit, and so many
  // arguments would overflow the stack.
  for (const t of times) {
    if (!Number.isFinite(t)) return Number.NaN;
    if (t > latest) latest = t;
  }
  return latest;
}

export interface ReadBackup {
  readonly envelope: Envelope;
  records: BackupRecords;
  /** Its record ciphertexts' additional data, made as it was read (bindings.ts). */
  bindings: RecordBindings;
  /**
   * The bytes its MAC covers (envelope.ts macInput), made when a chosen file is kept
   * (read-files.ts): ~1 MB at 1,000 credentials. Otherwise the MAC check makes them.
   */
  readonly signed?: Uint8Array<ArrayBuffer>;
  /** The file's latest time (its creation or a record's, whichever is later). */
  latest: number;
  /** `latest`, if it is after this computer's clock: refused once the MAC holds. */
  future?: number;
}

/** A file read before, as of `now`: its dates checked against the clock again (readBackup's last step). */
export function asOf(read: ReadBackup, now: number): ReadBackup {
  const { future: _future, ...rest } = read;
  // Dates after this computer's clock: a file made where the clock was ahead, or after this
  // one's went back. Said once the MAC holds (openRead); before, the dates are unproven.
  return read.latest > now + FUTURE_SLACK_MS ? { ...rest, future: read.latest } : rest;
}

/** Everything that can be checked without the passphrase: size, JSON, format, version, schemas, times. */
export function readBackup(input: string, verb: BackupVerb, now: number): ReadBackup {
  if (typeof input !== 'string') throw notBackup();
  if (input.length > MAX_BACKUP_CHARS) throw tooLarge();
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Cut short (a partial download or copy) rather than some other file.
    throw /^\s*\{\s*"format"\s*:\s*"oncekey-backup"/.test(text.slice(0, 200)) ? damaged(verb) : notBackup();
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw notBackup();
  }
  const { version } = parsed as { version?: unknown };
  if (typeof version === 'number' && version > BACKUP_VERSION) throw newer();
  const envelope = v.safeParse(EnvelopeSchema, parsed);
  if (!envelope.success) throw damaged(verb);
  let body: unknown;
  try {
    body = JSON.parse(envelope.output.body);
  } catch {
    throw damaged(verb);
  }
  const records = v.safeParse(BodySchema, body);
  if (!records.success || !referencesHold(records.output)) throw damaged(verb);
  const latest = latestTime(records.output, envelope.output.createdAt);
  if (Number.isNaN(latest)) throw damaged(verb);
  // Exports in this version's layout, whatever the file's: a restore writes them as they are.
  const output = { ...records.output, events: compactExports(records.output.events) };
  return asOf({ envelope: envelope.output, records: output, bindings: recordBindings(output), latest }, now);
}
