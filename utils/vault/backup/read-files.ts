import { VaultError } from '../../crypto/errors';
import type { BackupSummary } from '../types';
import { macInput } from './envelope';
import type { BackupVerb } from './errors';
import { asOf, type ReadBackup, readBackup } from './schema';

/** How long a chosen file is kept, read, for its restore or merge: typing a passphrase, and more. */
export const KEEP_READ_FILE_MS = 5 * 60_000;
/** Files larger than this (UTF-16 units, ~8,000 credentials) are read again at their restore, not kept. */
export const MAX_KEPT_FILE_CHARS = 8 * 1024 * 1024;

/**
 * A backup file read once, from the moment it is chosen (issue 14's restore). The popup asks
 * for a chosen file's summary (backup.inspect) while the user types its passphrase; the
 * restore or merge that follows with the same text takes the file as read then, instead of
 * parsing and checking it again: JSON, schemas and references took 37–53 ms at 1,000
 * credentials in a service worker that had not run them yet (~15 in a warm page), all of it
 * after the user pressed Restore. A wrong passphrase keeps it for the next try.
 *
 * What is kept is what readBackup checks without the passphrase: the file's ciphertexts and
 * plain metadata, nothing opened. One file at a time, for KEEP_READ_FILE_MS, and none larger
 * than MAX_KEPT_FILE_CHARS; a lock forgets it (Vault), and a worker that stopped meanwhile
 * has none. Whatever is not kept is read again, with the same checks.
 */
export class ReadFiles {
  private last: { text: string; read: ReadBackup; expiry: ReturnType<typeof setTimeout> } | undefined;

  constructor(private readonly limits = { keepMs: KEEP_READ_FILE_MS, maxChars: MAX_KEPT_FILE_CHARS }) {}

  /** Reads `text` (readBackup's checks, throwing as it does) and keeps it for the next `read` of the same text. */
  inspect(text: string, verb: BackupVerb, now: number): BackupSummary {
    this.forget();
    const read = readBackup(text, verb, now);
    if (text.length <= this.limits.maxChars) {
      const expiry = setTimeout(() => this.forget(text), this.limits.keepMs);
      // Node (tests, the command line's tools) need not wait for it to exit.
      (expiry as { unref?: () => void }).unref?.();
      // The bytes its MAC covers need no key either: made now, not after Argon2id.
      this.last = { text, read: { ...read, signed: macInput(read.envelope) }, expiry };
    }
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

  /**
   * Runs a restore or merge of `text` on the file as read (kept, or read now). Once it got
   * past the passphrase, done or refused, the file is forgotten; a wrong passphrase leaves
   * it as it was read, for the next try.
   */
  async use<T>(text: string, verb: BackupVerb, now: number, work: (file: ReadBackup) => Promise<T>): Promise<T> {
    const file = this.read(text, verb, now);
    try {
      const done = await work(file);
      this.forget(text);
      return done;
    } catch (error) {
      if (!(error instanceof VaultError && error.code === 'wrong-passphrase')) this.forget(text);
      throw error;
    }
  }

  /** Drops the file kept (only if it is `text`, when given): once a restore or merge of it got past the passphrase, at a lock, after a while. */
  forget(text?: string): void {
    if (!this.last || (text !== undefined && this.last.text !== text)) return;
    clearTimeout(this.last.expiry);
    this.last = undefined;
  }
}
