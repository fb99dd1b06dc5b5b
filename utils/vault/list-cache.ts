import { KeptFields, type OpenField } from './kept-fields';
import type { AppSummary } from './types';

/**
 * The vault's list (names and metadata, never a value) kept in the background's memory while
 * it is unlocked, so that opening the popup is a copy, not a thousand decryptions.
 *
 * Staleness is ruled out by generations: every write (VaultCore.serial, and the few writes
 * outside its queue) calls `drop()` before and after it runs, and a list read that overlapped
 * a drop is returned but never kept. The one exception is a write the list does not show: a
 * copy's or a command-line read's activity line (VaultCore.unlistedSerial). Lock drops it
 * too. The cache is bound to the vault key it was read with, so a re-key or a new session
 * never sees the old one.
 *
 * A write drops the list but not the fields it opened (kept-fields.ts): the next read
 * decrypts only what changed. Lock (`forget`) drops both.
 */
export class ListCache {
  private kept: { key: string; apps: AppSummary[] } | undefined;
  /** A read under way, shared by callers that ask at the same time (the popup opening twice). */
  private reading: { key: string; generation: number; apps: Promise<AppSummary[]> } | undefined;
  private generation = 0;
  /** Bumped at every lock (`forget`). */
  private locks = 0;
  private readonly fields = new KeptFields();

  /**
   * Taken before the keys a list is read with: a lock after it, even before `list` is called,
   * means that list is answered and kept nowhere (its keys belong to a session that ended).
   */
  get session(): number {
    return this.locks;
  }

  /** Forgets the list: the vault changed. */
  drop(): void {
    this.kept = undefined;
    this.reading = undefined;
    this.generation++;
  }

  /** Forgets the list and every field opened for it: the vault locked. */
  forget(): void {
    this.drop();
    this.fields.clear();
    this.locks++;
  }

  /**
   * A copy of the list for the vault key `key` (base64), read by `read` when it is not kept.
   * A copy: callers may change what they get without changing what is kept. `first`: only
   * the first Apps (copied alone: a popup's first screenful is not a copy of 1,000).
   */
  async list(
    key: string,
    read: (open: OpenField) => Promise<AppSummary[]>,
    first?: number,
    session = this.locks,
  ): Promise<AppSummary[]> {
    const copy = (apps: AppSummary[]) => structuredClone(first === undefined ? apps : apps.slice(0, first));
    if (session !== this.locks) return copy(await read((_blob, _binding, open) => open()));
    if (this.kept?.key === key) return copy(this.kept.apps);
    const generation = this.generation;
    let reading = this.reading;
    if (reading?.key !== key || reading.generation !== generation) {
      const fields = this.fields.reading(key);
      reading = {
        key,
        generation,
        apps: read(fields.open).then((apps) => {
          fields.done();
          return apps;
        }),
      };
      this.reading = reading;
    }
    const apps = await reading.apps.finally(() => {
      if (this.reading === reading) this.reading = undefined;
    });
    // Kept only if nothing was written while it was read.
    if (this.generation === generation) this.kept = { key, apps };
    return copy(apps);
  }

  /** Whether a list or its fields are kept (for tests: lock must leave no names in memory). */
  get holds(): boolean {
    return this.kept !== undefined || this.reading !== undefined || this.fields.holds;
  }
}
