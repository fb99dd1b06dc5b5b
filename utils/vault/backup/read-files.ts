import type { BackupSummary } from '../types';
import type { BackupVerb } from './errors';
import { asOf, type ReadBackup, readBackup } from './schema';

/**
 * A backup file read once, from the moment it is chosen (issue 14's restore). The popup asks
 * for a chosen file's summary (backup.inspect) while the user types its passphrase; the
 * restore or merge that follows with the same text takes the file as read then, instead of
 * parsing and checking it again: JSON, schemas and references took 37–53 ms at 1,000
 * credentials in a service worker that had not run them yet (~15 in a warm page), all of it
 * after the user pressed Restore. A wrong passphrase keeps it for the next try.
 *
 * What is kept is what readBackup checks without the passphrase: the file's ciphertexts and
 * plain metadata, nothing opened. One file at a time; a worker that stopped meanwhile has
 * none, and the file is read again.
 */
export class ReadFiles {
  private last: { text: string; read: ReadBackup } | undefined;

  /** Reads `text` (readBackup's checks, throwing as it does) and keeps it for the next `read` of the same text. */
  inspect(text: string, verb: BackupVerb, now: number): BackupSummary {
    this.last = undefined;
    const read = readBackup(text, verb, now);
    this.last = { text, read };
    return {
      apps: read.records.apps.length,
      credentials: read.records.credentials.length,
      createdAt: read.envelope.createdAt,
    };
  }

  /** The file as the last `inspect` read it if `text` is the same (its dates checked against the clock again), else read now. */
  read(text: string, verb: BackupVerb, now: number): ReadBackup {
    const last = this.last;
    return last !== undefined && last.text === text ? asOf(last.read, now) : readBackup(text, verb, now);
  }

  /** Once a restore or merge got past the passphrase: the next one reads its file afresh. */
  forget(): void {
    this.last = undefined;
  }
}
