/**
 * What each kind of credential can do, in one line: the question behind most "403
 * Forbidden" reports in the tweepy and twitter-api-v2 trackers (a Bearer Token used to post,
 * a Read Only Access Token after the App was switched to Read and write).
 */
import type { Kind } from '../kinds';
import { parsePermission, TOKEN_PERMISSION_LABELS } from './permissions';

/** Who an Access Token acts as, and with what, where the portal said. */
export interface TokenOwner {
  handle?: string;
  permission?: string;
}

const at = (handle: string | undefined) => (handle ? `@${handle.replace(/^@/, '')}` : undefined);

/** "Acts as @alice with Read and Write." */
function actsAs({ handle, permission }: TokenOwner): string {
  const level = parsePermission(permission);
  const who = at(handle) ?? 'the account that made it';
  return `Acts as ${who} with ${level ? TOKEN_PERMISSION_LABELS[level] : 'its permission'}.`;
}

const LINES: Record<Kind, (owner: TokenOwner) => string> = {
  apiKey: () => 'Identifies the App; signs requests together with an Access Token.',
  apiKeySecret: () => 'Identifies the App; signs requests together with an Access Token.',
  bearerToken: () => 'App-only: reads public data; cannot post or act for a user.',
  accessToken: actsAs,
  accessTokenSecret: actsAs,
  clientId: () => 'OAuth 2.0 sign-in with PKCE. Not a secret; never rotates.',
  clientSecret: () => 'OAuth 2.0 sign-in with PKCE, for confidential clients.',
  oauth2AccessToken: () => 'Acts for the user who signed in, within the scopes they granted (OAuth 2.0).',
  oauth2RefreshToken: () => 'Gets new OAuth 2.0 access tokens for the user who signed in.',
};

/** What a credential of this kind can do; an Access Token names its owner and permission. */
export function canDo(kind: string, owner: TokenOwner = {}): string {
  return Object.hasOwn(LINES, kind) ? LINES[kind as Kind](owner) : '';
}
