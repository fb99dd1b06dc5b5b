import { toBase64 } from '../crypto/base64';

/**
 * The checks a session is held to, in one place for the background (unlocked.ts,
 * list-cache.ts) and the popup's direct read of the stored list (session.ts: readStoredList).
 */

/** Whether a session last active at `lastActivityAt` is idle past the auto-lock timeout at `now`. */
export function idlePast(lastActivityAt: number, autoLockSeconds: number, now: number): boolean {
  return now - lastActivityAt >= autoLockSeconds * 1000;
}

/** A SHA-256 of the vault key (base64): what a stored list is bound to, never the key itself. */
export async function keyDigest(key: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key))));
}
