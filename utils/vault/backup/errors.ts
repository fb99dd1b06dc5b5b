import { VaultError } from '../../crypto/errors';

/** The errors a backup reports, in the user's words; `verb` says what did not happen. */
export type BackupVerb = 'restored' | 'merged';

export const notBackup = () => new VaultError('not-a-backup', 'This file is not a OnceKey backup.');
export const tooLarge = () =>
  new VaultError('too-large', 'This file is too large to be a OnceKey backup (over 50 MB), so it was not read.');
export const newer = () => new VaultError('unsupported-format', 'This backup was made by a newer version of OnceKey.');
export const damaged = (verb: BackupVerb) =>
  new VaultError('tampered', `This backup has been changed or damaged; nothing was ${verb}.`);
export const wrongPassphrase = () => new VaultError('wrong-passphrase', 'That passphrase does not open this backup.');
export const vaultExists = () =>
  new VaultError('vault-exists', 'A vault already exists: merge the backup into it instead.');
export const futureDated = (verb: BackupVerb, latest: number) =>
  new VaultError(
    'bad-date',
    `This backup holds dates up to ${new Date(latest).toISOString().slice(0, 16).replace('T', ' ')} UTC, later than this computer's clock. If the clock is behind, set it right and try again; nothing was ${verb}.`,
  );
