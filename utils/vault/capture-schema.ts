import * as v from 'valibot';
import { formatProblem, KIND_LABELS, KINDS, type Kind, matchesFormat } from '../kinds';
import { FUTURE_SLACK_MS } from './limits';

/**
 * What a capture may hold, as valibot schemas: the protocol parses what a content script
 * submits with them, and filing parses every sealed capture it opens from the inbox with
 * the strict form (a tampered profile can plant sealed captures: sealing needs only the
 * public key).
 */

export const PORTAL_HOSTS = ['developer.x.com', 'developer.twitter.com', 'console.x.com'] as const;
export const Timestamp = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8_640_000_000_000_000));
export const Digits = (min: number, max: number) => v.pipe(v.string(), v.regex(new RegExp(`^[0-9]{${min},${max}}$`)));
export const Name = v.pipe(v.string(), v.maxLength(200));

export const CapturedCredentialSchema = v.strictObject({
  kind: v.picklist(KINDS),
  value: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  handle: v.optional(v.pipe(v.string(), v.regex(/^@?[A-Za-z0-9_]{1,15}$/))),
  permission: v.optional(Name),
});

/** A capture's fields but its time: the background stamps that itself. */
export const CAPTURE_ENTRIES = {
  host: v.picklist(PORTAL_HOSTS),
  projectId: v.optional(Digits(1, 25)),
  projectName: v.optional(Name),
  appId: v.optional(Digits(1, 25)),
  appName: v.optional(Name),
  credentials: v.pipe(v.array(CapturedCredentialSchema), v.minLength(1), v.maxLength(16)),
};

/** The first credential whose value does not have its kind's format, if any. */
export function wrongFormat(credentials: readonly { kind: string; value: string }[]): Kind | undefined {
  for (const { kind, value } of credentials) {
    if (!Object.hasOwn(KIND_LABELS, kind) || !matchesFormat(kind as Kind, value)) return kind as Kind;
  }
  return undefined;
}

/** The sentence for a capture refused whole because of one value (naming its kind). */
export const wrongFormatProblem = (kind: Kind) =>
  Object.hasOwn(KIND_LABELS, kind) ? formatProblem(kind) : 'That is not a kind of credential OnceKey knows.';

/**
 * A sealed capture as filing accepts it: the protocol's fields only (no `vaultAppId`, so a
 * planted item cannot name an App by its vault id), known kinds, values in their formats,
 * and a time no later than when it was stored, give or take clock skew.
 */
export function inboxCaptureSchema(receivedAt: number) {
  return v.strictObject({
    ...CAPTURE_ENTRIES,
    credentials: v.pipe(
      CAPTURE_ENTRIES.credentials,
      v.check((credentials) => wrongFormat(credentials) === undefined),
    ),
    at: v.pipe(Timestamp, v.maxValue(receivedAt + FUTURE_SLACK_MS)),
  });
}
