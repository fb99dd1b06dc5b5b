import Dexie from 'dexie';
import * as v from 'valibot';
import { type Binding, decrypt, encrypt, FORMAT_SEALED, FORMAT_VAULT_KEY, importAesKey } from '../../crypto/aead';
import { canonicalBytes, fromBase64, toBase64 } from '../../crypto/base64';
import { fromUtf8, randomBytes, utf8, wipe } from '../../crypto/bytes';
import { VaultError } from '../../crypto/errors';
import { deriveKey, type KdfParams } from '../../crypto/kdf';
import { importPrivateKey, open, seal } from '../../crypto/seal';
import { DAY_MS } from '../../rotation';
import { appDetailsBinding, checkKdf, credentialBinding, inboxBinding, PRIVATE_KEY, WRAPPED_KEY } from '../bindings';
import type { AppRecord, CredentialRecord, EventRecord, InboxRecord, SettingRecord, VaultDb, VaultRecord } from '../db';
import type { Capture } from '../types';
import { BACKUP_FORMAT, BACKUP_VERSION, MAX_BACKUP_CHARS } from './format';

/**
 * The encrypted backup file: the vault's records exactly as stored (every name, value and
 * note stays the ciphertext it is in the database), so it opens with the vault's
 * passphrase on any machine, and nothing in it is readable without that passphrase.
 *
 * ```
 * {
 *   "format": "oncekey-backup",
 *   "version": 1,
 *   "createdAt": "2026-11-23T12:00:00.000Z",
 *   "body": "{\"vault\":{…},\"apps\":[…],\"credentials\":[…],\"events\":[…],\"inbox\":[…],\"settings\":[…]}",
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
 */
export { BACKUP_FORMAT, BACKUP_VERSION, MAX_BACKUP_CHARS };

const MAX_RECORDS = 500_000;
const MAX_CIPHERTEXT_CHARS = 1_400_000;
const MAC_INFO = utf8('oncekey backup mac v1');
const MAC_SALT_BYTES = 32;

/** What restore writes and merge reads: the vault's tables, trash left out. */
export interface BackupRecords {
  vault: VaultRecord;
  apps: AppRecord[];
  credentials: CredentialRecord[];
  events: EventRecord[];
  inbox: InboxRecord[];
  settings: SettingRecord[];
}

export type BackupVerb = 'restored' | 'merged';

// --- Errors ---------------------------------------------------------------------------

const notBackup = () => new VaultError('not-a-backup', 'This file is not a OnceKey backup.');
const tooLarge = () =>
  new VaultError('too-large', 'This file is too large to be a OnceKey backup (over 50 MB), so it was not read.');
const newer = () => new VaultError('unsupported-format', 'This backup was made by a newer version of OnceKey.');
const damaged = (verb: BackupVerb) =>
  new VaultError('tampered', `This backup has been changed or damaged; nothing was ${verb}.`);
const wrongPassphrase = () => new VaultError('wrong-passphrase', 'That passphrase does not open this backup.');
export const vaultExists = () =>
  new VaultError('vault-exists', 'A vault already exists: merge the backup into it instead.');

// --- Schemas --------------------------------------------------------------------------

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
const Kind = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]{1,64}$/));
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
  dueAt: Timestamp,
  value: Bytes(MAX_CIPHERTEXT_CHARS),
  details: Bytes(MAX_CIPHERTEXT_CHARS),
});

const EventSchema = v.strictObject({
  id: v.optional(Counter(1)),
  at: Timestamp,
  type: v.picklist(['captured', 'regenerated', 'revoked', 'copied', 'exported']),
  appId: v.optional(Id),
  credentialId: v.optional(Id),
  kind: v.optional(Kind),
  portalAppId: v.optional(PortalId),
  format: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,32}$/))),
});

const InboxSchema = v.strictObject({
  id: Id,
  receivedAt: Timestamp,
  sealed: Bytes(MAX_CIPHERTEXT_CHARS),
});

const SettingSchema = v.strictObject({
  key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.]{1,64}$/)),
  value: v.pipe(v.number(), v.finite()),
});

const BodySchema = v.strictObject({
  vault: VaultSchema,
  apps: Table(AppSchema),
  credentials: Table(CredentialSchema),
  events: Table(EventSchema),
  inbox: Table(InboxSchema),
  settings: Table(SettingSchema),
});

const EnvelopeSchema = v.strictObject({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  createdAt: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)),
  body: v.pipe(v.string(), v.maxLength(MAX_BACKUP_CHARS)),
  mac: v.strictObject({
    salt: Base64(44, 44),
    hmac: Base64(44, 44),
  }),
});
type Envelope = v.InferOutput<typeof EnvelopeSchema>;

/** What an App's decrypted details must look like; unknown fields come along untouched. */
const AppDetailsSchema = v.looseObject({
  appName: v.optional(v.string()),
  projectName: v.optional(v.string()),
  notes: v.optional(v.string()),
});
/** A sealed capture, as far as filing it needs (its fields were checked when it was submitted). */
const CaptureSchema = v.looseObject({
  host: v.string(),
  at: v.number(),
  credentials: v.array(v.looseObject({ kind: v.string(), value: v.string() })),
});

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
];

// --- Writing --------------------------------------------------------------------------

async function macKey(vaultKeyRaw: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', vaultKeyRaw, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: MAC_INFO },
    ikm,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

const macInput = (e: Pick<Envelope, 'version' | 'createdAt' | 'body'>) =>
  utf8(JSON.stringify([BACKUP_FORMAT, e.version, e.createdAt, e.body]));

/** Wraps a body (the records' JSON) in the envelope with its MAC. Exported for tests. */
export async function sealBackup(
  body: string,
  vaultKeyRaw: Uint8Array<ArrayBuffer>,
  createdAt: string,
): Promise<string> {
  const salt = randomBytes(MAC_SALT_BYTES);
  const key = await macKey(vaultKeyRaw, salt);
  const hmac = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, macInput({ version: BACKUP_VERSION, createdAt, body })),
  );
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt,
    body,
    mac: { salt: toBase64(salt), hmac: toBase64(hmac) },
  });
}

/**
 * The backup file of these records. The body is checked against the schema restore uses,
 * so a backup that could not be restored is never handed out.
 */
export async function writeBackup(
  records: BackupRecords,
  vaultKeyRaw: Uint8Array<ArrayBuffer>,
  now: number,
): Promise<string> {
  const body = JSON.stringify(records, (_key, value) => (value instanceof Uint8Array ? toBase64(value) : value));
  const check = v.safeParse(BodySchema, JSON.parse(body));
  if (!check.success || !referencesHold(check.output)) {
    const where = check.success ? 'a credential of a missing App' : (v.getDotPath(check.issues[0]) ?? 'the body');
    throw new VaultError(
      'internal',
      `A record in this vault does not fit the backup format (${where}); no backup was made.`,
    );
  }
  return sealBackup(body, vaultKeyRaw, new Date(now).toISOString());
}

// --- Reading --------------------------------------------------------------------------

/** Ids unique in each table, and every credential's App in the file. */
function referencesHold(records: BackupRecords): boolean {
  const unique = (ids: unknown[]) => new Set(ids).size === ids.length;
  const appIds = new Set(records.apps.map((a) => a.id));
  return (
    appIds.size === records.apps.length &&
    unique(records.credentials.map((c) => c.id)) &&
    unique(records.inbox.map((i) => i.id)) &&
    unique(records.events.filter((e) => e.id !== undefined).map((e) => e.id)) &&
    unique(records.settings.map((s) => s.key)) &&
    records.credentials.every((c) => appIds.has(c.appId))
  );
}

export interface ReadBackup {
  envelope: Envelope;
  records: BackupRecords;
}

/** Everything that can be checked without the passphrase: size, JSON, format, version, schemas. */
export function readBackup(input: string, verb: BackupVerb): ReadBackup {
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
  return { envelope: envelope.output, records: records.output };
}

/** The file's own keys: its vault key, and its private key for the sealed captures. */
export interface BackupKeys {
  vaultKeyBase64: string;
  vaultKey: CryptoKey;
  privateKey: CryptoKey;
  publicKey: Uint8Array<ArrayBuffer>;
}

/** A backup whose passphrase, MAC and every ciphertext have been checked; plaintexts for merging. */
export interface OpenedBackup {
  records: BackupRecords;
  keys: BackupKeys;
  /** The file's raw vault key: the caller wipes it. */
  vaultKeyRaw: Uint8Array<ArrayBuffer>;
  apps: { record: AppRecord; details: Record<string, unknown> }[];
  /** Each credential's value and details (JSON text), decrypted. */
  credentials: { record: CredentialRecord; value: string; details: string }[];
  inbox: { record: InboxRecord; plain: string; capture: Capture }[];
}

async function openCipher(keys: BackupKeys, blob: Uint8Array, binding: Binding, what: string): Promise<string> {
  const plain =
    blob[0] === FORMAT_SEALED
      ? await open(keys.privateKey, keys.publicKey, blob, binding, what)
      : await decrypt(keys.vaultKey, blob, binding, what);
  return fromUtf8(plain);
}

function parseAs<T extends v.GenericSchema>(schema: T, text: string): v.InferOutput<T> {
  const result = v.safeParse(schema, JSON.parse(text));
  if (!result.success) throw new Error('unexpected plaintext');
  return result.output;
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
async function openRead(
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
  let derived: Uint8Array<ArrayBuffer>;
  try {
    derived = await deriveKey(passphrase, kdf);
  } catch {
    // Within each bound but not together (Argon2id needs 8 KiB of memory per lane).
    throw badKdf();
  }
  let kek: CryptoKey;
  try {
    kek = await importAesKey(derived);
  } finally {
    wipe(derived);
  }
  let vaultKeyRaw: Uint8Array<ArrayBuffer>;
  try {
    vaultKeyRaw = await decrypt(kek, records.vault.wrappedKey, WRAPPED_KEY(records.vault), "The backup's vault key");
  } catch {
    throw wrongPassphrase();
  }
  try {
    const salt = fromBase64(envelope.mac.salt);
    const hmac = fromBase64(envelope.mac.hmac);
    if (!(await crypto.subtle.verify('HMAC', await macKey(vaultKeyRaw, salt), hmac, macInput(envelope)))) {
      throw damaged(verb);
    }
    const vaultKey = await importAesKey(vaultKeyRaw);
    const pkcs8 = await decrypt(vaultKey, records.vault.wrappedPrivateKey, PRIVATE_KEY, "The backup's private key");
    let privateKey: CryptoKey;
    try {
      privateKey = await importPrivateKey(pkcs8, records.vault.publicKey);
    } finally {
      wipe(pkcs8);
    }
    const keys: BackupKeys = {
      vaultKeyBase64: toBase64(vaultKeyRaw),
      vaultKey,
      privateKey,
      publicKey: records.vault.publicKey,
    };
    // Every ciphertext in the file must open with its binding; all at once (WebCrypto runs off-thread).
    const [apps, credentials, inbox] = await Promise.all([
      Promise.all(
        records.apps.map(async (record) => ({
          record,
          details: parseAs(
            AppDetailsSchema,
            await openCipher(keys, record.details, appDetailsBinding(record), "An App's name"),
          ) as Record<string, unknown>,
        })),
      ),
      Promise.all(
        records.credentials.map(async (record) => {
          const [value, details] = await Promise.all([
            openCipher(keys, record.value, credentialBinding(record, 'value'), 'A credential'),
            openCipher(keys, record.details, credentialBinding(record, 'details'), "A credential's details"),
          ]);
          parseAs(v.looseObject({}), details);
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
    ]);
    return { records, keys, vaultKeyRaw, apps, credentials, inbox };
  } catch {
    wipe(vaultKeyRaw);
    throw damaged(verb);
  }
}

// --- Restoring ------------------------------------------------------------------------

const RESTORED_TABLES = ['vault', 'apps', 'credentials', 'events', 'inbox', 'settings'] as const;

/**
 * Writes every record exactly as in the file, in one transaction, into a database with no
 * vault. With `checks`, the transaction commits only once they have passed, and is aborted
 * (nothing written) if they fail: they run while IndexedDB works through the writes. Most
 * of a write's time is IndexedDB's, in another process, and most of the checks' time is
 * Argon2id's, on this thread: done one after the other, each waited for the other (1,000
 * credentials and their events: ~300 ms of writes after ~300 ms of Argon2id).
 */
export async function restoreRecords(
  db: VaultDb,
  records: BackupRecords,
  checks?: () => Promise<unknown>,
): Promise<void> {
  try {
    await db.transaction('rw', RESTORED_TABLES, async () => {
      if (await db.vault.count()) throw vaultExists();
      // Every request is made now, none awaited one by one.
      const writes = Promise.all([
        db.vault.add(records.vault),
        db.apps.bulkAdd(records.apps),
        db.credentials.bulkAdd(records.credentials),
        db.events.bulkAdd(records.events),
        db.inbox.bulkAdd(records.inbox),
        db.settings.bulkAdd(records.settings),
      ]);
      // Checks that fail abort the transaction, and these writes fail with it: the checks' error is the one thrown.
      writes.catch(() => undefined);
      // waitFor keeps the transaction open while the checks' WebCrypto work (not IndexedDB's) is awaited.
      if (checks) await Dexie.waitFor(checks);
      await writes;
    });
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw new VaultError('internal', 'The backup could not be written; nothing was restored.');
  }
}

/**
 * Restores a backup into a database with no vault, with every check openBackup makes:
 * readBackup's first, then one transaction that writes every record while the
 * passphrase, the MAC and every ciphertext are checked, and commits only once they have
 * all passed. The caller wipes the returned vaultKeyRaw.
 */
export async function restoreBackup(db: VaultDb, text: string, passphrase: string): Promise<OpenedBackup> {
  const read = readBackup(text, 'restored');
  let opening: Promise<OpenedBackup> | undefined;
  const checked = () => {
    opening ??= openRead(read, passphrase, 'restored');
    return opening;
  };
  try {
    await restoreRecords(db, read.records, checked);
  } catch (error) {
    if (!(error instanceof VaultError && error.code === 'internal')) {
      opening?.then(
        (file) => wipe(file.vaultKeyRaw),
        () => undefined,
      );
      throw error;
    }
    // IndexedDB gave up on the transaction, not the file on a check (say, a transaction held
    // open past IndexedDB's patience by a very slow Argon2id): once the checks have all
    // passed, write again, after them. A file that fails them throws here.
    const file = await checked();
    try {
      await restoreRecords(db, read.records);
    } catch (retryError) {
      wipe(file.vaultKeyRaw);
      throw retryError;
    }
  }
  return checked();
}

// --- Merging --------------------------------------------------------------------------

/** The vault a backup is merged into, as the Vault service sees it while unlocked. */
export interface MergeTarget {
  vaultKey: CryptoKey;
  publicKey: Uint8Array<ArrayBuffer>;
  apps: { record: AppRecord; details: object }[];
  credentials: CredentialRecord[];
  events: EventRecord[];
  rotationDays: (kind: string) => number;
  now: number;
  /** Decrypts one of this vault's credential fields. */
  open: (credential: CredentialRecord, field: 'value' | 'details') => Promise<string>;
}

/** The records a merge writes (all encrypted under the target vault's keys) and its counts. */
export interface MergePlan {
  apps: AppRecord[];
  credentials: CredentialRecord[];
  events: EventRecord[];
  /** The file's sealed captures, re-sealed to this vault's public key. */
  inbox: InboxRecord[];
  /** The same captures, for filing once the merge is written. */
  captures: Capture[];
  added: number;
  skipped: number;
}

interface WorkingApp {
  record: AppRecord;
  details: Record<string, unknown>;
  existing: boolean;
  dirty: boolean;
}

interface WorkingCredential {
  record: CredentialRecord;
  /** As stored, for credentials already in this vault. */
  stored?: CredentialRecord;
  value: string;
  /** Details JSON of a credential from the file. */
  details?: string;
}

/** An event's fields but its id, in one spelling: the same event in both vaults, the same key. */
const eventKey = (e: EventRecord): string => {
  let key = '';
  for (const name of Object.keys(e).sort()) {
    const value = e[name as keyof EventRecord];
    // JSON strings end where they end: no value can run into the next field.
    if (name !== 'id' && value !== undefined) key += `${name}:${JSON.stringify(value)},`;
  }
  return key;
};

/**
 * Plans merging an opened backup into an unlocked vault. All crypto happens here; nothing
 * is written. Rules:
 * - Apps: the same portal App id; else the same record id (the file came from this vault
 *   or a restore of it); else, both without a portal id, the same App and project name.
 *   A matched App keeps this vault's details; fields it lacks are filled in from the file.
 *   Unmatched Apps are added under new ids.
 * - Credentials, per App and kind: a value already there is skipped (if the file's copy was
 *   retired while this vault's is active, it takes the file's status and date). The rest
 *   are added under new ids, keeping createdAt, capturedAt, status and supersededAt, with
 *   dueAt from this vault's rotation settings. Where anything was added, the versions are
 *   renumbered 1..n by createdAt (existing records whose number changes are re-encrypted:
 *   the number is in their binding), and every active version with a newer one becomes
 *   superseded at the createdAt of the version after it.
 * - Events of the file's Apps and credentials come along with their ids remapped; exact
 *   duplicates of events here are dropped, and so are the creation events of skipped values.
 * - Sealed captures from the file are re-sealed to this vault's public key.
 */
export async function planMerge(file: OpenedBackup, here: MergeTarget): Promise<MergePlan> {
  const apps: WorkingApp[] = here.apps.map(({ record, details }) => ({
    record,
    details: { ...details } as Record<string, unknown>,
    existing: true,
    dirty: false,
  }));
  const appIds = new Map<string, string>();
  const sameNames = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    a.appName !== undefined && a.appName === b.appName && a.projectName === b.projectName;

  for (const { record, details } of [...file.apps].sort((a, b) => a.record.createdAt - b.record.createdAt)) {
    const portal = record.portalAppId;
    const match =
      portal !== undefined
        ? (apps.find((a) => a.record.portalAppId === portal) ??
          apps.find((a) => a.existing && a.record.id === record.id && a.record.portalAppId === undefined))
        : (apps.find((a) => a.existing && a.record.id === record.id) ??
          apps.find((a) => a.record.portalAppId === undefined && sameNames(a.details, details)));
    if (!match) {
      const added: AppRecord = { ...record, id: crypto.randomUUID(), version: 1 };
      apps.push({ record: added, details: { ...details }, existing: false, dirty: true });
      appIds.set(record.id, added.id);
      continue;
    }
    appIds.set(record.id, match.record.id);
    for (const [key, value] of Object.entries(details)) {
      if (value !== undefined && match.details[key] === undefined) {
        match.details[key] = value;
        match.dirty = true;
      }
    }
    if (match.record.portalProjectId === undefined && record.portalProjectId !== undefined) {
      match.record = { ...match.record, portalProjectId: record.portalProjectId };
      match.dirty = true;
    }
    if (match.record.portalAppId === undefined && portal !== undefined) {
      match.record = { ...match.record, portalAppId: portal };
      match.dirty = true;
    }
  }

  // Every encryption is started at once and awaited together (WebCrypto works off this thread).
  const appPuts = await Promise.all(
    apps
      .filter((app) => app.dirty)
      .map(async (app) => {
        const record = app.existing
          ? { ...app.record, version: app.record.version + 1, updatedAt: here.now }
          : app.record;
        record.details = await encrypt(here.vaultKey, utf8(JSON.stringify(app.details)), appDetailsBinding(record));
        return record;
      }),
  );

  // Credentials, by the App and kind they end up in.
  const groupKey = (appId: string, kind: string) => JSON.stringify([appId, kind]);
  const groups = new Map<string, { appId: string; kind: string; incoming: OpenedBackup['credentials'] }>();
  for (const c of file.credentials) {
    const appId = appIds.get(c.record.appId) as string;
    const key = groupKey(appId, c.record.kind);
    const group = groups.get(key) ?? { appId, kind: c.record.kind, incoming: [] };
    group.incoming.push(c);
    groups.set(key, group);
  }
  // This vault's credentials in those groups, their values decrypted all at once.
  const storedByGroup = new Map<string, CredentialRecord[]>();
  for (const record of here.credentials) {
    const key = groupKey(record.appId, record.kind);
    if (!groups.has(key)) continue;
    const list = storedByGroup.get(key) ?? [];
    list.push(record);
    storedByGroup.set(key, list);
  }
  const storedValues = new Map(
    await Promise.all(
      [...storedByGroup.values()].flat().map(async (record) => [record.id, await here.open(record, 'value')] as const),
    ),
  );
  const credentialIds = new Map<string, string>();
  const skippedIds = new Set<string>();
  const credentialPuts: CredentialRecord[] = [];
  const encryptions: Promise<void>[] = [];
  let added = 0;
  let skipped = 0;

  for (const [key, { appId, kind, incoming }] of groups) {
    const entries: WorkingCredential[] = (storedByGroup.get(key) ?? []).map((record) => ({
      record,
      stored: record,
      value: storedValues.get(record.id) as string,
    }));
    const byValue = new Map(entries.map((e) => [e.value, e]));
    const fresh: WorkingCredential[] = [];
    incoming.sort((a, b) => a.record.createdAt - b.record.createdAt || a.record.version - b.record.version);
    for (const { record, value, details } of incoming) {
      const known = byValue.get(value);
      if (known) {
        skipped++;
        skippedIds.add(record.id);
        credentialIds.set(record.id, known.record.id);
        if (known.record.status === 'active' && record.status !== 'active') {
          known.record = { ...known.record, status: record.status };
          if (record.supersededAt !== undefined) known.record.supersededAt = record.supersededAt;
        }
        continue;
      }
      const entry: WorkingCredential = {
        record: {
          ...record,
          id: crypto.randomUUID(),
          appId,
          dueAt: record.createdAt + here.rotationDays(kind) * DAY_MS,
        },
        value,
        details,
      };
      entries.push(entry);
      fresh.push(entry);
      byValue.set(value, entry);
      credentialIds.set(record.id, entry.record.id);
      added++;
    }
    if (fresh.length) {
      // Existing before imported at the same instant, then by their old numbers.
      entries.sort(
        (a, b) =>
          a.record.createdAt - b.record.createdAt ||
          Number(!a.stored) - Number(!b.stored) ||
          a.record.version - b.record.version,
      );
      entries.forEach((entry, i) => {
        const next = entries[i + 1];
        if (entry.record.version !== i + 1) entry.record = { ...entry.record, version: i + 1 };
        if (next && entry.record.status === 'active') {
          entry.record = { ...entry.record, status: 'superseded', supersededAt: next.record.createdAt };
        }
      });
    }
    for (const entry of entries) {
      const { record, stored: before } = entry;
      if (before && record === before) continue;
      if (!before || record.version !== before.version) {
        // `record` is this entry's own copy: filled in when its encryptions finish.
        encryptions.push(
          (async () => {
            const details = entry.details ?? (await here.open(before as CredentialRecord, 'details'));
            [record.value, record.details] = await Promise.all([
              encrypt(here.vaultKey, utf8(entry.value), credentialBinding(record, 'value')),
              encrypt(here.vaultKey, utf8(details), credentialBinding(record, 'details')),
            ]);
          })(),
        );
      }
      credentialPuts.push(record);
    }
  }
  await Promise.all(encryptions);

  const seen = new Set(here.events.map(eventKey));
  const events: EventRecord[] = [];
  for (const { id: _id, ...event } of [...file.records.events].sort((a, b) => a.at - b.at)) {
    if (event.credentialId !== undefined) {
      const mapped = credentialIds.get(event.credentialId);
      if (mapped === undefined) continue;
      // This vault already says when a value it holds was captured or regenerated.
      if (skippedIds.has(event.credentialId) && (event.type === 'captured' || event.type === 'regenerated')) continue;
      event.credentialId = mapped;
    }
    if (event.appId !== undefined) {
      const mapped = appIds.get(event.appId);
      if (mapped === undefined) continue;
      event.appId = mapped;
    }
    const key = eventKey(event);
    if (seen.has(key)) continue;
    seen.add(key);
    events.push(event);
  }

  const inbox: InboxRecord[] = await Promise.all(
    file.inbox.map(async ({ record, plain }) => {
      const id = crypto.randomUUID();
      const sealed = await seal(here.publicKey, utf8(plain), inboxBinding(id, record.receivedAt));
      return { id, receivedAt: record.receivedAt, sealed };
    }),
  );
  const captures = file.inbox.map((i) => i.capture).sort((a, b) => a.at - b.at);

  return { apps: appPuts, credentials: credentialPuts, events, inbox, captures, added, skipped };
}

/** Writes a merge in one transaction: a failure leaves the vault as it was. */
export async function commitMerge(db: VaultDb, plan: MergePlan): Promise<void> {
  if (!plan.apps.length && !plan.credentials.length && !plan.events.length && !plan.inbox.length) return;
  try {
    await db.transaction('rw', [db.apps, db.credentials, db.events, db.inbox], async () => {
      await db.apps.bulkPut(plan.apps);
      await db.credentials.bulkPut(plan.credentials);
      await db.events.bulkAdd(plan.events);
      await db.inbox.bulkAdd(plan.inbox);
    });
  } catch {
    throw new VaultError('internal', 'The backup could not be merged; nothing was changed.');
  }
}
