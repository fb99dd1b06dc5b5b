/**
 * The kinds of credential the X developer portal shows: the labels OnceKey's UI uses, and
 * the shape of each value (docs/portal.md, "Formats"), checked wherever a value comes in.
 */

/** The kinds of credential the portal shows, with the labels OnceKey's UI uses. */
export const KIND_LABELS = {
  apiKey: 'API Key',
  apiKeySecret: 'API Key Secret',
  bearerToken: 'Bearer Token',
  accessToken: 'Access Token',
  accessTokenSecret: 'Access Token Secret',
  clientId: 'Client ID',
  clientSecret: 'Client Secret',
  oauth2AccessToken: 'OAuth 2.0 Access Token',
  oauth2RefreshToken: 'OAuth 2.0 Refresh Token',
} as const;

export type Kind = keyof typeof KIND_LABELS;
export const KINDS = Object.keys(KIND_LABELS) as [Kind, ...Kind[]];

// Value formats (docs/portal.md, "Formats"). Legacy lengths are valid: Apps from before ~2013
// still carry them. The common secret scanners' rules are deliberately not used: they
// reject X's own documentation samples.

export const VALUE_PATTERNS: Record<Kind, RegExp> = {
  apiKey: /^(?:[A-Za-z0-9]{25}|[A-Za-z0-9]{20,22})$/,
  apiKeySecret: /^(?:[A-Za-z0-9]{50}|[A-Za-z0-9]{41,43})$/,
  // Exactly as docs/portal.md gives it: 21 × "A", URL-encoded base64, "%3D", 50 alphanumerics.
  bearerToken: /^A{21}(?:[A-Za-z0-9]|%2[BF]){38}%3D[A-Za-z0-9]{50}$/,
  // User id (up to 19 digits today), "-", 40 (older) or 30 characters.
  accessToken: /^[1-9][0-9]{0,19}-(?:[A-Za-z0-9]{40}|[A-Za-z0-9]{30})$/,
  accessTokenSecret: /^(?:[A-Za-z0-9]{45}|[A-Za-z0-9]{41,42})$/,
  // Unpadded base64 of "<20 chars>:1:ci": 27 free characters, then always "6MTpjaQ".
  clientId: /^[A-Za-z0-9+/_-]{27}6MTpjaQ$/,
  clientSecret: /^[A-Za-z0-9_-]{50}$/,
  // base64url of "<45 chars>:<13-digit ms time>:1:1:at:1" (about 91 long); matchesFormat
  // also decodes these and checks the "at"/"rt" marker, which a regex cannot see.
  oauth2AccessToken: /^[A-Za-z0-9_-]{60,140}$/,
  oauth2RefreshToken: /^[A-Za-z0-9_-]{60,140}$/,
};

// What the decoded OAuth 2.0 tokens look like. [U] refresh tokens: "rt" is inferred.
const DECODED_SHAPES: Partial<Record<Kind, RegExp>> = {
  clientId: /^[A-Za-z0-9_-]{20}:1:ci$/,
  oauth2AccessToken: /^[\x21-\x7e]{20,80}:\d{13}(?::\d+)*:at:\d+$/,
  oauth2RefreshToken: /^[\x21-\x7e]{20,80}:\d{13}(?::\d+)*:rt:\d+$/,
};

function decodeBase64(value: string): string | null {
  try {
    const standard = value.replace(/-/g, '+').replace(/_/g, '/');
    return atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return null;
  }
}

/** Whether `value` has the shape of a `kind` credential (the regex, plus a decode check for
 * base64 kinds whose content is known). */
export function matchesFormat(kind: Kind, value: string): boolean {
  if (!VALUE_PATTERNS[kind].test(value)) return false;
  const shape = DECODED_SHAPES[kind];
  if (!shape) return true;
  const decoded = decodeBase64(value);
  return decoded !== null && shape.test(decoded);
}

/** What each format is, in words, for the error when a pasted value does not match it. */
export const FORMAT_HINTS: Record<Kind, string> = {
  apiKey: 'expected 25 letters and digits (20 to 22 for older Apps).',
  apiKeySecret: 'expected 50 letters and digits (41 to 43 for older Apps).',
  bearerToken: 'expected about 112 characters starting with "AAAAAAAAAAAAAAAAAAAAA" and containing "%3D".',
  accessToken: 'expected your numeric user id, a hyphen, then 40 (or 30) letters and digits.',
  accessTokenSecret: 'expected 45 letters and digits (41 or 42 for older tokens).',
  clientId: 'expected 34 characters ending in "6MTpjaQ".',
  clientSecret: 'expected 50 letters, digits, "-" and "_".',
  oauth2AccessToken: 'expected an OAuth 2.0 access token from the portal (about 90 letters, digits, "-" and "_").',
  oauth2RefreshToken: 'expected an OAuth 2.0 refresh token from the portal (about 90 letters, digits, "-" and "_").',
};

/** The error for a pasted value that does not have its kind's format. */
export function formatProblem(kind: Kind): string {
  const label = KIND_LABELS[kind];
  return `That does not look like ${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label}: ${FORMAT_HINTS[kind]}`;
}
