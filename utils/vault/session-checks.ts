import { toBase64 } from '../crypto/base64';

/**
 * What the background and the popup share about a session and its stored list: the checks a
 * session is held to (unlocked.ts, list-cache.ts, and the popup's direct read, session.ts:
 * readStoredHead), and the size of the list's head.
 */

/**
 * How many of the stored list's first Apps are also stored apart (its head): the popup's
 * first screenful and more, which it reads and paints without parsing the whole list.
 */
export const STORED_HEAD_APPS = 8;

/** Whether a session last active at `lastActivityAt` is idle past the auto-lock timeout at `now`. */
export function idlePast(lastActivityAt: number, autoLockSeconds: number, now: number): boolean {
  return now - lastActivityAt >= autoLockSeconds * 1000;
}

/** A SHA-256 of the vault key (base64): what a stored list is bound to, never the key itself. */
export async function keyDigest(key: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key))));
}
