import * as v from 'valibot';
import { PRESETS, type PresetId } from '../export/presets';
import { KINDS } from '../kinds';

/**
 * The command line's protocol, shared by its three parties so that each checks every
 * message against the same schemas: `oncekey` (cli/), the native messaging host it talks
 * to over a Unix socket (cli/src/host.ts), and the extension's background, which the
 * browser connects to the host (utils/background/command-line.ts).
 *
 *   oncekey ──CliRequest──▶ host ──HostMessage──▶ extension
 *   oncekey ◀──CliReply─── host ◀─BrowserMessage── extension
 *
 * Pure: no browser or Node API, so that the CLI bundles it for Node.
 */

/** The native messaging host's name, as `oncekey install` registers it. */
export const HOST_NAME = 'dev.oncekey.cli';

/** The protocol's version: every request carries it, and a host or extension refuses another. */
export const PROTOCOL_VERSION = 1;

/** The largest request from `oncekey` to the host (bytes of JSON). */
export const MAX_CLI_REQUEST_BYTES = 64 * 1024;
/** The largest reply from the host to `oncekey`: `ls` of a large vault. */
export const MAX_CLI_REPLY_BYTES = 1024 * 1024;
/** Chrome refuses a message larger than 1 MB from a host; Firefox has the same rule. */
export const MAX_HOST_TO_BROWSER_BYTES = 1024 * 1024;
/** The largest message the host accepts from the browser: a reply carries a few short values. */
export const MAX_BROWSER_TO_HOST_BYTES = 1024 * 1024;

/** How long the browser waits for the user's answer before it denies: the default and the most. */
export const APPROVAL_SECONDS = 60;
/** How long "Allow for 8 hours" lasts. */
export const GRANT_MS = 8 * 60 * 60 * 1000;

/** A request's nonce: 128 random bits in hex. Its reply carries it back. */
const Nonce = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/));
const Text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
/** What a request may carry: the command's arguments, each argument (and the folder), a name. */
export const MAX_ARGS = 256;
export const MAX_ARG_CHARS = 4096;
export const MAX_NAME_CHARS = 200;

const Name = v.pipe(v.string(), v.maxLength(MAX_NAME_CHARS));
const Timestamp = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8_640_000_000_000_000));
const Kind = v.picklist(KINDS);
const Kinds = v.pipe(v.array(Kind), v.minLength(1), v.maxLength(KINDS.length));

export const PRESET_IDS = PRESETS.map((p) => p.id) as [PresetId, ...PresetId[]];

/**
 * What will receive the values, as `oncekey` describes it: the command line (for `run`,
 * the child's; for `env` and `read`, oncekey's own) and its working directory. The user
 * approves this; nothing can verify it (docs/security.md, "The command line").
 */
const Caller = v.strictObject({
  argv: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_ARG_CHARS))), v.minLength(1), v.maxLength(MAX_ARGS)),
  cwd: Text(MAX_ARG_CHARS),
});

/** Seconds the browser waits for the user's answer; APPROVAL_SECONDS when absent, never more. */
const Wait = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(APPROVAL_SECONDS)));

const Common = {
  v: v.literal(PROTOCOL_VERSION),
  nonce: Nonce,
  caller: Caller,
  wait: Wait,
};

/** `oncekey` → host → extension. */
export const CliRequest = v.variant('type', [
  /** `oncekey ls`: every App's names and current kinds, never a value. */
  v.strictObject({ type: v.literal('ls'), ...Common }),
  /** `oncekey run`, `env` and `read`: an App's current values (of these kinds, or all). */
  v.strictObject({
    type: v.literal('read'),
    ...Common,
    purpose: v.picklist(['run', 'env', 'read']),
    /** The App's name, its portal App id, or its OnceKey id. */
    app: Text(MAX_NAME_CHARS),
    kinds: v.optional(Kinds),
  }),
]);
export type CliRequest = v.InferOutput<typeof CliRequest>;
export type ReadPurpose = Extract<CliRequest, { type: 'read' }>['purpose'];

const AppListing = v.strictObject({
  id: Text(64),
  name: v.optional(Name),
  project: v.optional(Name),
  portalAppId: v.optional(Text(64)),
  kinds: v.pipe(v.array(Kind), v.maxLength(KINDS.length)),
});
export type AppListing = v.InferOutput<typeof AppListing>;

const Item = v.strictObject({
  kind: Kind,
  value: Text(512),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  createdAt: Timestamp,
});

/** What an approved request gets. */
export const CliValue = v.variant('type', [
  v.strictObject({ type: v.literal('apps'), apps: v.pipe(v.array(AppListing), v.maxLength(10_000)) }),
  v.strictObject({
    type: v.literal('secrets'),
    appName: v.optional(Name),
    projectName: v.optional(Name),
    portalAppId: v.optional(Text(64)),
    /** The App's export naming (utils/export/presets.ts): `oncekey --names` may override it. */
    preset: v.picklist(PRESET_IDS),
    customPrefix: v.optional(v.pipe(v.string(), v.maxLength(40))),
    items: v.pipe(v.array(Item), v.minLength(1), v.maxLength(KINDS.length)),
  }),
]);
export type CliValue = v.InferOutput<typeof CliValue>;
export type Secrets = Extract<CliValue, { type: 'secrets' }>;

/** Why a request got no values; `oncekey` turns each into a sentence and an exit code. */
export const CLI_ERRORS = [
  'locked',
  'no-vault',
  'denied',
  'timeout',
  'not-found',
  'ambiguous',
  'busy',
  'invalid',
  'unavailable',
  'internal',
] as const;
export type CliErrorCode = (typeof CLI_ERRORS)[number];

export const CliReply = v.variant('ok', [
  v.strictObject({ nonce: Nonce, ok: v.literal(true), value: CliValue }),
  v.strictObject({
    /** null when the host could not read the request, and so its nonce. */
    nonce: v.nullable(Nonce),
    ok: v.literal(false),
    error: v.strictObject({ code: v.picklist(CLI_ERRORS), message: Text(1000) }),
  }),
]);
export type CliReply = v.InferOutput<typeof CliReply>;

/**
 * Host → extension: the host is listening (or could not), a request from `oncekey`, or
 * `oncekey` gave up on one (Ctrl-C, or a timeout): its approval need not wait any more.
 */
export const HostMessage = v.variant('type', [
  v.strictObject({ type: v.literal('ready'), v: v.literal(PROTOCOL_VERSION) }),
  v.strictObject({ type: v.literal('failed'), message: Text(1000) }),
  v.strictObject({ type: v.literal('request'), request: CliRequest }),
  v.strictObject({ type: v.literal('cancel'), nonce: Nonce }),
]);
export type HostMessage = v.InferOutput<typeof HostMessage>;

/** Extension → host: the answer to one request, by its nonce. */
export const BrowserMessage = v.strictObject({ type: v.literal('reply'), reply: CliReply });
export type BrowserMessage = v.InferOutput<typeof BrowserMessage>;

/** A failed reply, as every party builds one. */
export const failure = (nonce: string | null, code: CliErrorCode, message: string): CliReply => ({
  nonce,
  ok: false,
  error: { code, message },
});

// Between the background and OnceKey's own pages (the Settings section and the approval page).

/** What the approval page shows: who asks, for what, and until when. */
export interface ApprovalRequest {
  purpose: 'ls' | ReadPurpose;
  argv: string[];
  cwd: string;
  /** The App read (absent for `ls`, which lists every App's names and kinds). */
  app?: { name?: string; project?: string; portalAppId?: string };
  /** The kinds whose values would be read (none for `ls`). */
  kinds: (typeof KINDS)[number][];
  /** When no answer becomes a denial (ms since the epoch). */
  expiresAt: number;
}

/** The user's answer on the approval page. */
export const DECISIONS = ['once', 'hours', 'deny'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The "Command line" setting and the connection to the host, for Settings. */
export interface CommandLineStatus {
  /** The user turned it on (and the browser may still need to grant the permission). */
  enabled: boolean;
  /** The optional nativeMessaging permission is granted. */
  permitted: boolean;
  state: 'off' | 'connecting' | 'connected' | 'failed';
  /** Why it failed, in a sentence. */
  problem?: string;
  /** The command that registers the host for this browser and this extension. */
  installCommand: string;
}
