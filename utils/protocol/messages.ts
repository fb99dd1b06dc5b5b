import * as v from 'valibot';
import { KDF_PRESET_IDS, type KdfPreset } from '../crypto/kdf-presets';
import { FORMATS, PRESETS } from '../export/formats';
import { KINDS } from '../kinds';
import { MAX_BACKUP_CHARS } from '../vault/backup/format';
import type { AppEvent, AppSummary, CaptureOutcome, KdfInfo, Settings, VaultStatus } from '../vault/types';
import { type ApprovalRequest, type CommandLineStatus, DECISIONS } from './native';

/**
 * The one protocol between OnceKey's contexts: every message, its payload schema, its
 * reply and who may send it. The background refuses anything not in this map, any
 * payload that fails its schema, and any sender not allowed for that message.
 *
 * - 'portal': a content script in a tab of the portal's origins (it may also be sent by
 *   the extension's own pages). It can submit captures and ask for the vault's status.
 * - 'extension': the extension's own pages only (popup, options). Everything else.
 */
export type Audience = 'portal' | 'extension';

const Passphrase = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));
const Id = v.pipe(v.string(), v.regex(/^[0-9a-f-]{36}$/));
const Digits = (min: number, max: number) => v.pipe(v.string(), v.regex(new RegExp(`^[0-9]{${min},${max}}$`)));
const Name = v.pipe(v.string(), v.maxLength(200));
const Timestamp = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8_640_000_000_000_000));

const CapturedCredential = v.strictObject({
  kind: v.picklist(KINDS),
  value: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  handle: v.optional(v.pipe(v.string(), v.regex(/^@?[A-Za-z0-9_]{1,15}$/))),
  permission: v.optional(Name),
});

const Capture = v.strictObject({
  host: v.picklist(['developer.x.com', 'developer.twitter.com', 'console.x.com']),
  projectId: v.optional(Digits(1, 25)),
  projectName: v.optional(Name),
  appId: v.optional(Digits(1, 25)),
  appName: v.optional(Name),
  at: Timestamp,
  credentials: v.pipe(v.array(CapturedCredential), v.minLength(1), v.maxLength(16)),
});

const Regeneration = v.strictObject({
  host: Capture.entries.host,
  appId: v.optional(Digits(1, 25)),
  kinds: v.pipe(v.array(v.picklist(KINDS)), v.minLength(1), v.maxLength(KINDS.length)),
  at: Timestamp,
});

const Days = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650));

const SettingsChange = v.strictObject({
  autoLockSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 3600))),
  clipboardClearSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
  rotationDays: v.optional(Days),
  // null: the kind follows rotationDays again.
  rotationDaysByKind: v.optional(
    v.strictObject(
      Object.fromEntries(KINDS.map((kind) => [kind, v.optional(v.nullable(Days))])) as Record<
        (typeof KINDS)[number],
        v.OptionalSchema<v.NullableSchema<typeof Days, undefined>, undefined>
      >,
    ),
  ),
});

const ManualCredential = v.strictObject({
  appId: v.optional(Id),
  appName: v.optional(Name),
  projectName: v.optional(Name),
  kind: v.picklist(KINDS),
  value: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  createdAt: v.optional(Timestamp),
});

const Export = v.strictObject({
  appId: Id,
  /** The versions to export; the App's active credentials when absent. */
  credentialIds: v.optional(v.pipe(v.array(Id), v.minLength(1), v.maxLength(64))),
  format: v.picklist(FORMATS.map((f) => f.id)),
  preset: v.picklist(PRESETS.map((p) => p.id)),
  customPrefix: v.optional(v.pipe(v.string(), v.maxLength(40))),
  /** Copy: the background schedules the clipboard to be cleared, as for a single value. */
  action: v.picklist(['copy', 'download']),
});

export type ExportReply = { text: string; fileName: string; clearsInSeconds: number | null } | { problems: string[] };

const BackupFile = v.strictObject({
  text: v.pipe(v.string(), v.maxLength(MAX_BACKUP_CHARS)),
  passphrase: Passphrase,
});

const Empty = v.strictObject({});

/** `message<Reply>()(from, payloadSchema)`: curried so the payload's type is inferred. */
const message =
  <R>() =>
  <S extends v.GenericSchema>(from: Audience, payload: S) => ({ from, payload, reply: undefined as R });

const PassphraseOnly = v.strictObject({ passphrase: Passphrase });

export const MESSAGES = {
  'vault.status': message<VaultStatus>()('portal', Empty),
  'capture.submit': message<CaptureOutcome>()('portal', Capture),
  'capture.regenerated': message<null>()('portal', Regeneration),
  'vault.create': message<VaultStatus>()('extension', PassphraseOnly),
  'vault.unlock': message<VaultStatus>()('extension', PassphraseOnly),
  'vault.lock': message<VaultStatus>()('extension', Empty),
  'vault.changePassphrase': message<null>()(
    'extension',
    v.strictObject({
      oldPassphrase: Passphrase,
      newPassphrase: Passphrase,
      strength: v.optional(v.picklist(KDF_PRESET_IDS)),
    }),
  ),
  'vault.kdf': message<KdfInfo>()('extension', Empty),
  /** Times each strength's key derivation on this machine, in milliseconds. */
  'kdf.measure': message<Record<KdfPreset, number>>()('extension', Empty),
  'vault.list': message<AppSummary[]>()('extension', Empty),
  'credential.value': message<string>()('extension', v.strictObject({ id: Id })),
  'app.events': message<AppEvent[]>()('extension', v.strictObject({ id: Id })),
  'app.update': message<null>()(
    'extension',
    v.strictObject({ id: Id, appName: v.optional(Name), notes: v.optional(v.pipe(v.string(), v.maxLength(2000))) }),
  ),
  'credential.mark': message<null>()(
    'extension',
    v.strictObject({ id: Id, as: v.picklist(['regenerated', 'revoked']) }),
  ),
  'credential.add': message<{ added: boolean }>()('extension', ManualCredential),
  'credential.delete': message<{ undoId: string }>()('extension', v.strictObject({ id: Id })),
  'app.delete': message<{ undoId: string }>()('extension', v.strictObject({ id: Id })),
  'delete.undo': message<null>()('extension', v.strictObject({ undoId: Id })),
  /** The whole vault as an encrypted backup file's text. */
  'backup.create': message<string>()('extension', Empty),
  /** Restores a backup where no vault exists yet, and unlocks it. */
  'backup.restore': message<{ apps: number; credentials: number }>()('extension', BackupFile),
  /** Merges a backup, opened with its own passphrase, into the unlocked vault. */
  'backup.merge': message<{ added: number; skipped: number }>()('extension', BackupFile),
  'export.build': message<ExportReply>()('extension', Export),
  'clipboard.copied': message<{ clearsInSeconds: number | null }>()('extension', v.strictObject({ id: Id })),
  'settings.get': message<Settings>()('extension', Empty),
  'settings.set': message<Settings>()('extension', SettingsChange),
  // The command line (utils/protocol/native.ts): Settings turns it on and off; the approval
  // page reads the request it was opened for, by its id, and answers it.
  'cli.status': message<CommandLineStatus>()('extension', Empty),
  'cli.enable': message<CommandLineStatus>()('extension', v.strictObject({ on: v.boolean() })),
  'cli.approval': message<ApprovalRequest | null>()('extension', v.strictObject({ id: Id })),
  'cli.decide': message<null>()('extension', v.strictObject({ id: Id, decision: v.picklist(DECISIONS) })),
} as const;

export type MessageName = keyof typeof MESSAGES;
export type Payload<N extends MessageName> = v.InferOutput<(typeof MESSAGES)[N]['payload']>;
export type ReplyOf<N extends MessageName> = (typeof MESSAGES)[N]['reply'];
export type CaptureMessage = Payload<'capture.submit'>;

export interface Envelope<N extends MessageName = MessageName> {
  type: N;
  payload: Payload<N>;
}

export interface ErrorReply {
  ok: false;
  error: { code: string; message: string };
}
export type Reply<T> = { ok: true; value: T } | ErrorReply;

/** Background → extension pages: the vault just locked (auto-lock, screen lock, Lock). */
export const LOCKED_NOTICE = { type: 'vault.locked' } as const;

/** Background → extension pages: the vault's records changed (a capture, a regeneration…). */
export const CHANGED_NOTICE = { type: 'vault.changed' } as const;

/** The port OnceKey's pages hold open: deletions become final when the last one closes. */
export const PAGE_PORT = 'oncekey.page';
