import { formatOf } from '../crypto/aead';
import { VaultError } from '../crypto/errors';
import { checkKdf } from './bindings';
import type { VaultRecord } from './db';
import { deriveKek, unwrapVaultKey } from './keyring';
import type { SessionStore } from './session';

/** After this many wrong passphrases in a row, each further try waits 1 s, 2 s, 4 s… up to 30 s. */
export const FREE_ATTEMPTS = 3;
export const MAX_THROTTLE_MS = 30_000;

export function throttleDelay(failures: number, lastFailureAt: number, now: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  const delay = Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS), MAX_THROTTLE_MS);
  return Math.max(0, lastFailureAt + delay - now);
}

/**
 * Checks a passphrase against the vault and returns the raw vault key (the caller wipes
 * it). Wrong ones count towards the throttle, kept in session storage so that reopening
 * the popup does not reset it; a right one resets it.
 */
export async function unwrapWithPassphrase(
  session: SessionStore,
  now: () => number,
  passphrase: string,
  record: VaultRecord,
): Promise<Uint8Array<ArrayBuffer>> {
  const throttle = await session.getThrottle();
  const wait = throttleDelay(throttle.failures, throttle.lastFailureAt, now());
  if (wait > 0) {
    throw new VaultError('throttled', `Too many wrong passphrases. Try again in ${Math.ceil(wait / 1000)} s.`, wait);
  }
  formatOf(record.wrappedKey, 'The wrapped vault key');
  const kek = await deriveKek(passphrase, checkKdf(record.kdf));
  try {
    const raw = await unwrapVaultKey(kek, record, 'The wrapped vault key');
    await session.setThrottle({ failures: 0, lastFailureAt: 0 });
    return raw;
  } catch {
    await session.setThrottle({ failures: throttle.failures + 1, lastFailureAt: now() });
    throw new VaultError('wrong-passphrase', 'That passphrase does not open this vault.');
  }
}
