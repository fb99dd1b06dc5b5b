import { KeptFields, type OpenField } from './kept-fields';
import { keyDigest, STORED_HEAD_APPS } from './session-checks';
import type { AppSummary } from './types';

/**
 * The list as it outlives the service worker: in memory-only `storage.session` (session.ts),
 * beside the vault key it was read with, which is kept there already. `key` is a SHA-256 of
 * that key and `unlockedAt` the session's start, so a list is only taken under the key and in
 * the session it was read in (a lock whose removal failed leaves one that no later session
 * takes). `apps` is the list as JSON: storage.session takes a string of 1,000 credentials'
 * list in ~15 ms and gives it back in ~10, the same list as objects in ~110 and ~80 (.bench,
 * Chromium 14x).
 */
export interface StoredList {
  key: string;
  apps: string;
  /**
   * The session the list was read in, and the auto-lock timeout when it was stored (a change
   * of it is a write, which clears the list first): the popup reads the list's head directly
   * (session.ts: readStoredHead) and takes it only in that session, while not idle past it.
   */
  unlockedAt: number;
  autoLockSeconds: number;
}

/** What a stored list is stamped with: the session's start, and the auto-lock timeout. */
export type ListStamp = Pick<StoredList, 'unlockedAt' | 'autoLockSeconds'>;

/**
 * The list's first STORED_HEAD_APPS Apps, stored apart with the same stamp: what the popup
 * reads as it opens (session.ts: readStoredHead), ~3 KB instead of the whole list's ~0.3 MB
 * to copy and parse before its first paint. `count`: how many Apps the whole list has.
 */
export interface StoredHead extends ListStamp {
  apps: string;
  count: number;
}

/** Where ListCache keeps its list for the next service worker (SessionStore's part). */
export interface ListStore {
  getList(): Promise<StoredList | undefined>;
  /** Stores the list and its head together; `clearList` removes both. */
  setList(list: StoredList, head: StoredHead): Promise<void>;
  clearList(): Promise<void>;
}

/**
 * Lists larger than this (in UTF-16 units of JSON) are not stored: storage.session holds
 * 10 MB, which pending captures and the clipboard's timer share. 1,000 credentials take ~0.3 MB.
 */
export const MAX_STORED_LIST = 2_000_000;

/**
 * The vault's list (names and metadata, never a value) kept in the background's memory while
 * it is unlocked, so that opening the popup is a copy, not a thousand decryptions.
 *
 * Staleness is ruled out by generations: every write (VaultCore.serial) drops the list before
 * and after it runs, and a list read that overlapped a drop is returned but never kept. The
 * writes outside that queue touch only the trash and activity lines the list never reads
 * (copies). The one exception is a write the list does not show: a
 * copy's or a command-line read's activity line (VaultCore.unlistedSerial). Lock drops it
 * too. The cache is bound to the vault key it was read with, so a re-key or a new session
 * never sees the old one.
 *
 * A write drops the list but not the fields it opened (kept-fields.ts): the next read
 * decrypts only what changed. Lock (`forget`) drops both.
 *
 * With a `store`, the kept list is also stored for the next service worker (Chromium stops
 * an idle one after 30 s, so most popups meet a new one, which would otherwise decrypt every
 * name again). A write clears the stored list before it starts (`beginWrite`, awaited, so a
 * worker stopped mid-write leaves none behind), and a list is stored only when no write is
 * under way and none ran since it was read. Lock clears it before the key is cleared. If the
 * browser ever refuses to remove it, this worker stops taking lists from the store, and
 * tries the removal again at the next drop.
 */
export class ListCache {
  private kept: { key: string; apps: AppSummary[] } | undefined;
  /** A read under way, shared by callers that ask at the same time (the popup opening twice). */
  private reading:
    | { key: string; generation: number; apps: Promise<{ apps: AppSummary[]; stored: boolean }> }
    | undefined;
  private generation = 0;
  /** Bumped at every lock (`forget`). */
  private locks = 0;
  private readonly fields = new KeptFields();
  /** Writes under way (beginWrite to endWrite): no list is stored meanwhile. */
  private writes = 0;
  /** Whether the store may hold a list: unknown in a new worker, so the first write clears it. */
  private stored = true;
  /** Whether a list in the store can be taken: not once a removal failed (it may be stale). */
  private trusted = true;
  /** The store's operations, one after another, in the order they were asked. */
  private storeQueue: Promise<void> = Promise.resolve();
  private digest: { key: string; digest: Promise<string> } | undefined;

  /**
   * `stamp` gives the session and the timeout a list is stored with (StoredList), or nothing
   * when no session is unlocked (then nothing is stored, nor taken).
   */
  constructor(
    private readonly store?: ListStore,
    private readonly stamp: () => Promise<ListStamp | undefined> = async () => undefined,
  ) {}

  /**
   * Taken before the keys a list is read with: a lock after it, even before `list` is called,
   * means that list is answered and kept nowhere (its keys belong to a session that ended).
   */
  get session(): number {
    return this.locks;
  }

  /** Forgets the list: the vault changed. The stored list is cleared too (settles when it is). */
  drop(): Promise<void> {
    this.kept = undefined;
    this.reading = undefined;
    this.generation++;
    return this.clearStored();
  }

  /** Before a write: forgets the list, and resolves once no stored list is left. */
  beginWrite(): Promise<void> {
    this.writes++;
    return this.drop();
  }

  /** After a write, whether it succeeded or not. */
  endWrite(): Promise<void> {
    this.writes = Math.max(0, this.writes - 1);
    return this.drop();
  }

  /** Forgets the list and every field opened for it: the vault locked. Settles once the stored list is cleared. */
  forget(): Promise<void> {
    const cleared = this.drop();
    this.fields.clear();
    this.locks++;
    return cleared;
  }

  /** Settles when every store operation asked so far has (for tests). */
  settled(): Promise<void> {
    return this.storeQueue;
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const run = this.storeQueue.then(operation).catch(() => undefined);
    this.storeQueue = run;
    return run;
  }

  private clearStored(): Promise<void> {
    const store = this.store;
    // Nothing stored: a set still queued finds the drop's generation (or the write) and gives up.
    if (!store || !this.stored) return Promise.resolve();
    this.stored = false;
    return this.enqueue(async () => {
      try {
        await store.clearList();
      } catch {
        this.stored = true; // tried again at the next drop
        this.trusted = false;
      }
    });
  }

  private digestOf(key: string): Promise<string> {
    if (this.digest?.key !== key) this.digest = { key, digest: keyDigest(key) };
    return this.digest.digest;
  }

  /** The stored list for `key`, if one is there and nothing was written since `generation`. */
  private async fromStore(key: string, generation: number): Promise<AppSummary[] | undefined> {
    if (!this.store) return undefined;
    const [found, digest, stamp] = await Promise.all([
      this.store.getList().catch(() => undefined),
      this.digestOf(key),
      this.stamp().catch(() => undefined),
    ]);
    if (!found || found.key !== digest || typeof found.apps !== 'string') return undefined;
    // Read in this session, not left behind by an earlier one under the same key.
    if (stamp === undefined || found.unlockedAt !== stamp.unlockedAt) return undefined;
    if (this.generation !== generation || this.writes > 0) return undefined;
    try {
      const apps: unknown = JSON.parse(found.apps);
      return Array.isArray(apps) ? (apps as AppSummary[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores the kept list once the reply has gone (serialising it takes the worker a few
   * milliseconds), unless a write began or ran since it was read.
   */
  private toStore(key: string, apps: AppSummary[], generation: number): void {
    const store = this.store;
    if (!store) return;
    setTimeout(() => {
      void this.enqueue(async () => {
        if (this.generation !== generation || this.writes > 0) return;
        const [digest, stamp] = await Promise.all([this.digestOf(key), this.stamp()]);
        const json = JSON.stringify(apps);
        if (this.generation !== generation || this.writes > 0 || json.length > MAX_STORED_LIST) return;
        if (stamp === undefined) return;
        this.stored = true;
        const head = { apps: JSON.stringify(apps.slice(0, STORED_HEAD_APPS)), count: apps.length, ...stamp };
        await store.setList({ key: digest, apps: json, ...stamp }, head);
      });
    }, 0);
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
      const fresh = async () => {
        const apps = await read(fields.open);
        fields.done();
        return { apps, stored: false };
      };
      // A new worker first looks for the list the last one stored.
      const stored = async () => {
        const apps = await this.fromStore(key, generation);
        return apps ? { apps, stored: true } : fresh();
      };
      reading = { key, generation, apps: this.stored && this.trusted ? stored() : fresh() };
      this.reading = reading;
    }
    const { apps, stored } = await reading.apps.finally(() => {
      if (this.reading === reading) this.reading = undefined;
    });
    // Kept only if nothing was written while it was read, and still the same session.
    if (this.generation === generation && session === this.locks) {
      this.kept = { key, apps };
      if (!stored) this.toStore(key, apps, generation);
    }
    return copy(apps);
  }

  /** Whether a list or its fields are kept (for tests: lock must leave no names in memory). */
  get holds(): boolean {
    return this.kept !== undefined || this.reading !== undefined || this.fields.holds;
  }
}
