/**
 * The errors the vault reports to a user. Messages never include a secret, a passphrase
 * or key material: they are shown in the popup and may reach a log.
 */
export type VaultErrorCode =
  | 'wrong-passphrase'
  | 'tampered'
  | 'unsupported-format'
  | 'locked'
  | 'no-vault'
  | 'vault-exists'
  | 'weak-passphrase'
  | 'throttled'
  | 'invalid-message'
  | 'forbidden'
  | 'not-found'
  | 'bad-format'
  | 'bad-date'
  | 'no-app'
  | 'not-current'
  | 'never-rotates'
  | 'not-a-backup'
  | 'too-large'
  | 'full'
  | 'rate-limited'
  | 'internal';

export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export const tampered = (what: string) =>
  new VaultError(
    'tampered',
    `${what} failed its integrity check: the stored data was changed or damaged, so it was not used.`,
  );
