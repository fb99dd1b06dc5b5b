import { DEFAULT_KDF } from '../crypto/kdf';
import { KDF_PRESETS, type KdfPreset } from '../crypto/kdf-presets';
import { bindAppDetails } from './app-details';
import type { UnlockedContext, VaultContext } from './context';
import type { VaultDb } from './db';
import { fileInbox, filePending } from './filing';
import { forgetTabCounts } from './intake';
import type { KdfCost } from './keyring';
import { ListCache } from './list-cache';
import type { SessionStore } from './session';
import { readSettings, writeSettings } from './settings';
import { clearTrash } from './trash';
import type { Settings, SettingsChange, VaultStatus } from './types';
import { UnlockedSession } from './unlocked';

export interface VaultOptions {
  db: VaultDb;
  session: SessionStore;
  now?: () => number;
  /** Argon2id cost; tests lower it, real vaults use DEFAULT_KDF or more. */
  kdf?: KdfCost;
  /** Called after the vault locks, by request or by auto-lock. */
  onLock?: () => void;
  /** The strengths Settings offers; tests make them cheap. */
  presets?: Record<KdfPreset, KdfCost>;
  /**
   * While unlocked, the list is read again this long after the last write, so that
   * the next popup finds it kept, and stored for the next service worker (list-cache.ts),
   * instead of reading it then. Off when undefined (tests that count reads).
   */
  refreshListAfterMs?: number;
}

/**
 * The vault service's plumbing (the service is Vault, vault.ts): the database, the clock,
 * the unlocked session, and the queue that runs writes one at a time, with the few
 * methods that are about them (status, settings, activity, ending a session).
 */
export class VaultCore {
  protected readonly db: VaultDb;
  protected readonly session: SessionStore;
  protected readonly now: () => number;
  protected readonly kdf: KdfCost;
  protected readonly onLock: () => void;
  protected readonly presets: Record<KdfPreset, KdfCost>;
  protected readonly context: VaultContext;
  protected readonly unlocked: UnlockedSession;
  /** The decrypted list while unlocked (list-cache.ts): every write and the lock drop it. */
  protected readonly listCache: ListCache;
  /** Writes that read-modify-write the vault run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly refreshListAfterMs: number | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: VaultOptions) {
    this.db = options.db;
    this.session = options.session;
    this.now = options.now ?? Date.now;
    this.kdf = options.kdf ?? DEFAULT_KDF;
    this.onLock = options.onLock ?? (() => {});
    this.presets = options.presets ?? KDF_PRESETS;
    this.refreshListAfterMs = options.refreshListAfterMs;
    this.context = { db: this.db, now: this.now };
    this.listCache = new ListCache(this.session, async () => {
      const [state, { autoLockSeconds }] = await Promise.all([this.session.get(), readSettings(this.db)]);
      return state && { unlockedAt: state.unlockedAt, autoLockSeconds };
    });
    // Auto-lock found by the session itself runs at once, not queued: it may be found inside a queued task.
    this.unlocked = new UnlockedSession(this.context, this.session, () => this.endSession());
  }

  protected serial<T>(task: () => Promise<T>): Promise<T> {
    // Every queued task may write.
    return this.queued(() => this.writing(task));
  }

  /**
   * A write the list does not show, in turn with the others: an activity line of a kind the
   * list never reads, a copy's or a command-line read's (queries.ts: `list` reads exports and
   * the lines a portal page caused). The kept list stays, so a copy or an `oncekey run` does
   * not make the next popup read the vault again, through every line it holds.
   */
  protected unlistedSerial<T>(task: () => Promise<T>): Promise<T> {
    return this.queued(task);
  }

  private queued<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs a write: the kept list is dropped when it starts and when it ends, and the stored
   * one is gone before it starts (list-cache.ts).
   */
  protected async writing<T>(task: () => Promise<T>): Promise<T> {
    await this.listCache.beginWrite();
    try {
      return await task();
    } finally {
      await this.listCache.endWrite();
      this.scheduleListRefresh();
    }
  }

  /** Reads the list again once writes have paused (VaultOptions.refreshListAfterMs). */
  private scheduleListRefresh(): void {
    const delay = this.refreshListAfterMs;
    if (delay === undefined) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refreshList().catch(() => undefined);
    }, delay);
  }

  /** Reads the list into the cache, if unlocked (Vault). */
  protected async refreshList(): Promise<void> {}

  /** The database, the clock and the keys, or the "locked" error. */
  protected async whileUnlocked(): Promise<UnlockedContext> {
    return { ...this.context, keys: await this.unlocked.require() };
  }

  /** A write that needs the vault unlocked, in turn with the others. */
  protected unlockedWrite<T>(work: (context: UnlockedContext) => Promise<T>): Promise<T> {
    return this.serial(async () => work(await this.whileUnlocked()));
  }

  /**
   * Whether a vault exists and is unlocked. `detailed` (OnceKey's own pages only): while
   * unlocked, also how many captures saved while locked could not be opened.
   */
  async status({ detailed = false } = {}): Promise<VaultStatus> {
    const exists = (await this.db.vault.count()) > 0;
    if (!exists) return { exists, locked: true };
    const locked = !(await this.unlocked.active());
    // Unlocked, the inbox holds only what the last unlock could not open: the rest was filed.
    const unopened = detailed && !locked ? await this.db.inbox.count() : 0;
    return unopened ? { exists, locked, unopened } : { exists, locked };
  }

  async settings(): Promise<Settings> {
    return readSettings(this.db);
  }

  /** Saves settings; a new rotation period moves the due dates it covers (settings.ts). */
  updateSettings(changes: SettingsChange): Promise<Settings> {
    return this.serial(async () => {
      await this.unlocked.require();
      await writeSettings(this.db, changes);
      return readSettings(this.db);
    });
  }

  /** When the session will auto-lock, if it is unlocked. */
  async lockDeadline(): Promise<number | undefined> {
    return this.unlocked.deadline();
  }

  /** Records activity by the user, which postpones auto-lock. */
  async touch(): Promise<void> {
    return this.unlocked.touch();
  }

  protected async endSession(): Promise<void> {
    // The names go before the key does.
    await this.listCache.forget();
    await this.unlocked.end();
    await clearTrash(this.context);
    this.onLock();
  }

  /**
   * Files what waited for an unlocked vault: captures made before it existed, then those
   * sealed while it was locked. Returns how many of those could not be opened.
   */
  protected async fileWaiting(): Promise<number> {
    const context = await this.whileUnlocked();
    // Apps written before their portal fields were bound get bound first, before filing reads
    // them. A failed write leaves them as they were, to be bound at the next unlock.
    await bindAppDetails(context).catch(() => 0);
    await filePending(context, this.session);
    const { unopened } = await fileInbox(context);
    await forgetTabCounts(this.session, 'pending');
    await forgetTabCounts(this.session, 'inbox');
    return unopened;
  }
}
