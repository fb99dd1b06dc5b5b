/**
 * What the doctor says of one credential beside its rotation state: an Access Token made
 * with less than its App now allows ("permissions changed"), and a credential whose pair's
 * regeneration may have invalidated it ("possibly stale").
 */
import { KIND_LABELS, type Kind } from '../kinds';
import { isoDay } from '../rotation';
import type { DoctorApp, DoctorCredential } from './app';
import { dependencyOf } from './dependents';
import {
  type AppPermission,
  comparePermissions,
  gainedBy,
  latestReading,
  parsePermission,
  permissionAt,
  TOKEN_PERMISSION_LABELS,
} from './permissions';

const TOKEN_KINDS: readonly string[] = ['accessToken', 'accessTokenSecret'];

/**
 * The permission an Access Token was made with: what the portal showed beside it, else
 * what OnceKey knew of its App's permission when it was made (a token gets the App's).
 */
export function tokenPermission(app: DoctorApp, credential: DoctorCredential): AppPermission | undefined {
  return parsePermission(credential.permission) ?? permissionAt(app.permissions, credential.createdAt);
}

export interface PermissionDrift {
  /** What the token was made with, in the portal's words for tokens: "Read Only". */
  made: string;
  /** What the App allows now. */
  now: AppPermission;
  /** "Made with Read Only. Regenerate it to post as @alice." */
  sentence: string;
}

/**
 * "permissions changed": a current Access Token made with less than its App has allowed
 * since. Only a reading of the App's permission later than the token counts: one before it
 * is what the token was made under.
 */
export function permissionDrift(app: DoctorApp, credential: DoctorCredential): PermissionDrift | undefined {
  if (credential.status !== 'active' || !TOKEN_KINDS.includes(credential.kind)) return undefined;
  const made = tokenPermission(app, credential);
  const latest = latestReading(app.permissions);
  if (!made || !latest || latest.at <= credential.createdAt || comparePermissions(made, latest.permission) >= 0) {
    return undefined;
  }
  // The portal's words for tokens, whatever text the permission was saved with.
  const madeText = TOKEN_PERMISSION_LABELS[made];
  const as = credential.handle ? ` as @${credential.handle.replace(/^@/, '')}` : '';
  return {
    made: madeText,
    now: latest.permission,
    sentence: `Made with ${madeText}. Regenerate it to ${gainedBy(made, latest.permission)}${as}.`,
  };
}

/** "Possibly stale: the API Key and Secret were regenerated on 2026-11-02." */
export function staleSentence(credential: DoctorCredential): string | undefined {
  const since = credential.possiblyStaleSince;
  const dependency = dependencyOf(credential.kind);
  if (since === undefined || credential.status !== 'active' || !dependency) return undefined;
  return `Possibly stale: the ${dependency.name} ${dependency.regenerated.length > 1 ? 'were' : 'was'} regenerated on ${isoDay(since)}. Check it still works, or regenerate it.`;
}

/** The kind's label, for sentences that name a credential. */
export const labelOf = (kind: string) => KIND_LABELS[kind as Kind] ?? kind;
