import type { Inspection } from '@/components/BackupFileForm';
import { RequestError, send } from '@/utils/protocol/client';
import { plural } from './wording';

/** The background's refusals of a file itself (backup/errors.ts): no passphrase can open it. */
const FILE_REFUSALS = new Set(['not-a-backup', 'too-large', 'unsupported-format', 'tampered']);

/**
 * Asks the background what a chosen backup file says of itself, for the form it was chosen
 * in. A refusal of the file is the form's to show; any other failure (no answer) leaves the
 * form as it was, and the restore or merge says what it finds.
 */
export async function inspectBackup(text: string, form: 'restore' | 'merge'): Promise<Inspection> {
  try {
    const { apps, credentials, createdAt } = await send('backup.inspect', { text, for: form });
    const made = `${createdAt.slice(0, 16).replace('T', ' ')} UTC`;
    return {
      summary: `A OnceKey backup from ${made}: ${plural(apps, 'App')} and ${plural(credentials, 'credential')}.`,
    };
  } catch (error) {
    if (error instanceof RequestError && FILE_REFUSALS.has(error.code)) return { refused: error.message };
    return {};
  }
}
