import { VaultError } from '../crypto/errors';
import { rotates, rotationDaysFor } from '../rotation';
import type { VaultContext } from './context';
import { getCredential, putCredentials } from './credential-sets';
import { type CredentialRecord, DAY_MS } from './db';
import { readSettings } from './settings';

/**
 * Reminders by date as well as by period: a credential can carry its own "rotate by" date
 * (History). It is plain, like the due date, which follows it, so the badge and the
 * reminders honour it while locked; the settings' periods leave it alone. Cleared, the
 * kind's period applies again.
 */
export async function setRotateBy({ db }: VaultContext, credentialId: string, at: number | null): Promise<void> {
  await db.transaction('rw', [db.credentialSets, db.credentialDirectory, db.settings], async () => {
    const credential = await getCredential(db, credentialId);
    if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
    if (!rotates(credential.kind)) {
      throw new VaultError(
        'never-rotates',
        'The Client ID is not a secret and never rotates: it has no rotation date.',
      );
    }
    if (credential.status !== 'active') {
      throw new VaultError('not-current', 'Only the current version of a credential has a rotation date.');
    }
    const { rotateBy: _old, ...rest } = credential;
    const next: CredentialRecord =
      at === null
        ? { ...rest, dueAt: credential.createdAt + rotationDaysFor(await readSettings(db), credential.kind) * DAY_MS }
        : { ...rest, rotateBy: at, dueAt: at };
    await putCredentials(db, [next]);
  });
}
