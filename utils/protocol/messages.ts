import * as v from 'valibot';
import { KDF_PRESET_IDS, type KdfPreset } from '../crypto/kdf-presets';
import { APP_PERMISSIONS } from '../doctor/permissions';
import { FORMATS, PRESETS } from '../export/formats';
import { SNIPPETS } from '../export/snippets';
import { KINDS } from '../kinds';
import { MAX_BACKUP_CHARS } from '../vault/backup/format';
import { CAPTURE_ENTRIES, Digits, Name, PORTAL_HOSTS, Timestamp } from '../vault/capture-schema';
import { SETTING_RANGES } from '../vault/limits';
import type {
  AppEvent,
  AppSummary,
  BackupSummary,
  CaptureOutcome,
  KdfInfo,
  Preview,
  Settings,
  VaultStatus,
} from '../vault/types';
import { type ApprovalRequest, type CommandLineStatus, DECISIONS } from './native';

/**
 * The one protocol between OnceKey's contexts: every message, its payload schema, its
 * reply and who may send it. The background refuses anything not in this map, any
 * payload that fails its schema, and any sender not allowed for that message.
 *
 * - 'portal': a content script in the top frame of a tab of the portal's origins (it may
 *   also be sent by the extension's own pages). It can submit captures, report what it
 *   sees of regenerations, ask what a capture would replace and ask for the vault's status.
 * - 'extension': the extension's own pages only (popup, options). Everything else.
 */
export type Audience = 'portal' | 'extension';

const Passphrase = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));
const Id = v.pipe(v.string(), v.regex(/^[0-9a-f-]{36}$/));

/**
 * `at` may back-date a capture or a regeneration from OnceKey's own pages (tests, a
 * restore); the portal may not send it at all (`stamped`): the background's clock decides.
 */
const Capture = v.strictObject({ ...CAPTURE_ENTRIES, at: v.optional(Timestamp) });

/** A pair of an App, as the content script reports it: no value. */
const PortalSignal = v.strictObject({
  host: v.picklist(PORTAL_HOSTS),
  appId: v.optional(Digits(1, 25)),
  kinds: v.pipe(v.array(v.picklist(KINDS)), v.minLength(1), v.maxLength(KINDS.length)),
});
const Regeneration = v.strictObject({ ...PortalSignal.entries, at: v.optional(Timestamp) });

const Range = ({ min, max }: { min: number; max: number }) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const Days = Range(SETTING_RANGES.rotationDays);

const SettingsChange = v.strictObject({
  autoLockSeconds: v.optional(Range(SETTING_RANGES.autoLockSeconds)),
  clipboardClearSeconds: v.optional(v.union([v.literal(0), Range(SETTING_RANGES.clipboardClearSeconds)])),
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

const BackupText = v.pipe(v.string(), v.maxLength(MAX_BACKUP_CHARS));
const BackupFile = v.strictObject({ text: BackupText, passphrase: Passphrase });

const Empty = v.strictObject({});

/**
 * `message<Reply>()(from, payloadSchema, options)`: curried so the payload's type is
 * inferred. `stamped`: the background times it; a payload from the portal with `at` is refused.
 */
const message =
  <R>() =>
  <S extends v.GenericSchema>(from: Audience, payload: S, options: { stamped?: boolean } = {}) => ({
    from,
    payload,
    stamped: options.stamped ?? false,
    reply: undefined as R,
  });

const PassphraseOnly = v.strictObject({ passphrase: Passphrase });
const NewPassphrase = v.strictObject({ oldPassphrase: Passphrase, newPassphrase: Passphrase });

export const MESSAGES = {
  'vault.status': message<VaultStatus>()('portal', Empty),
  'capture.submit': message<CaptureOutcome>()('portal', Capture, { stamped: true }),
  /** "Yes, regenerate" confirmed: recorded as pending until new values appear. */
  'capture.regenerated': message<null>()('portal', Regeneration, { stamped: true }),
  /** New values of a pair were shown (saved or not): a pending regeneration of them retires the old ones. */
  'capture.seen': message<null>()('portal', PortalSignal),
  /** The user saved the App's settings form with this permission ("App permissions"). */
  'portal.permission': message<null>()(
    'portal',
    v.strictObject({ host: v.picklist(PORTAL_HOSTS), appId: Digits(1, 25), permission: v.picklist(APP_PERMISSIONS) }),
    { stamped: true },
  ),
  /** What saving values of these kinds would replace: dates only, no name, no value. */
  'capture.preview': message<Preview>()('portal', PortalSignal),
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
  'kdf.estimate': message<Record<KdfPreset, number>>()('extension', Empty),
  /** `passive`: a read the page makes on its own (after a notice): not the user's activity. */
  /** `first`: only the first Apps (the popup's first screenful, while the rest is on its way). */
  'vault.list': message<AppSummary[]>()(
    'extension',
    v.strictObject({ passive: v.optional(v.literal(true)), first: v.optional(Range({ min: 1, max: 100 })) }),
  ),
  /** Deletes the captures saved while locked that could not be opened. */
  'inbox.discard': message<{ deleted: number }>()('extension', Empty),
  /** A new vault key and key pair; every record re-encrypted, under a new passphrase. */
  'vault.rekey': message<null>()('extension', NewPassphrase),
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
  /** The user says a credential marked possibly stale still works. */
  'credential.stillWorks': message<null>()('extension', v.strictObject({ id: Id })),
  /** The user's own "rotate by" date for a current credential; null: its kind's period again. */
  'credential.rotateBy': message<null>()('extension', v.strictObject({ id: Id, at: v.nullable(Timestamp) })),
  /** A superseded or revoked version becomes current again; the current one is superseded. */
  'credential.makeCurrent': message<null>()('extension', v.strictObject({ id: Id })),
  'credential.delete': message<{ undoId: string }>()('extension', v.strictObject({ id: Id })),
  'app.delete': message<{ undoId: string }>()('extension', v.strictObject({ id: Id })),
  'delete.undo': message<null>()('extension', v.strictObject({ undoId: Id })),
  /** The whole vault as an encrypted backup file's text. */
  'backup.create': message<string>()('extension', Empty),
  /**
   * What a chosen backup file says of itself, before its passphrase (the checks that need
   * none), for the form it was chosen in: a restore or a merge, whose words its errors use.
   */
  'backup.inspect': message<BackupSummary>()(
    'extension',
    v.strictObject({ text: BackupText, for: v.picklist(['restore', 'merge']) }),
  ),
  /** Restores a backup where no vault exists yet, and unlocks it. */
  'backup.restore': message<{ apps: number; credentials: number }>()('extension', BackupFile),
  /** Merges a backup, opened with its own passphrase, into the unlocked vault. */
  'backup.merge': message<{ added: number; skipped: number }>()('extension', BackupFile),
  'export.build': message<ExportReply>()('extension', Export),
  /** Copy as code: a library's snippet for the App; values in it only with `inline`. */
  'snippet.build': message<{ text: string; clearsInSeconds: number | null } | { problems: string[] }>()(
    'extension',
    v.strictObject({
      appId: Id,
      snippet: v.picklist(SNIPPETS.map((s) => s.id)),
      preset: v.picklist(PRESETS.map((p) => p.id)),
      customPrefix: v.optional(v.pipe(v.string(), v.maxLength(40))),
      inline: v.boolean(),
    }),
  ),
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
