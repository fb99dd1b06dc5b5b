import { fromBase64, toBase64 } from '../crypto/base64';
import { wipe } from '../crypto/bytes';
import { VaultError } from '../crypto/errors';
import type { VaultContext } from './context';
import { loadKeys, readVaultRecord } from './keyring';
import type { SessionState, SessionStore } from './session';
import { idlePast } from './session-checks';
import { readSettings } from './settings';
import type { UnlockedKeys } from './types';

/**
 * Whether the vault is unlocked, and its keys while it is. The session store
 * (memory-only storage, session.ts) holds the raw vault key and the last activity; the
 * imported keys are cached here, and imported again after a service-worker restart.
 * A session idle past the auto-lock timeout is locked the next time anyone asks.
 */
export class UnlockedSession {
  private readonly context: VaultContext;
  private readonly session: SessionStore;
  private readonly lock: () => Promise<unknown>;
  private keys: UnlockedKeys | undefined;
  /** Bumped at every start and end: keys imported before one are not kept after it. */
  private sessions = 0;
  /**
   * Changes to the stored session, one at a time. `touch` reads it, then writes it back with
   * a new activity time; a lock or a re-key between the two would otherwise be undone by
   * that write (the old key back in the session, after the lock).
   */
  private changes: Promise<unknown> = Promise.resolve();

  constructor(context: VaultContext, session: SessionStore, lock: () => Promise<unknown>) {
    this.context = context;
    this.session = session;
    this.lock = lock;
  }

  /** The session, if unlocked and not idle past the auto-lock timeout (which locks it). */
  async active(): Promise<SessionState | undefined> {
    const state = await this.session.get();
    if (!state) {
      this.keys = undefined;
      return undefined;
    }
    const { autoLockSeconds } = await readSettings(this.context.db);
    if (idlePast(state.lastActivityAt, autoLockSeconds, this.context.now())) {
      await this.lock();
      return undefined;
    }
    return state;
  }

  /** When the session will auto-lock, if it is unlocked. */
  async deadline(): Promise<number | undefined> {
    const state = await this.session.get();
    if (!state) return undefined;
    const { autoLockSeconds } = await readSettings(this.context.db);
    return state.lastActivityAt + autoLockSeconds * 1000;
  }

  private exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.changes.then(change, change);
    this.changes = run.catch(() => undefined);
    return run;
  }

  /** Records activity by the user, which postpones auto-lock. */
  async touch(): Promise<void> {
    // Outside `exclusive`: an idle session is locked here, and the lock is a change of its own.
    const state = await this.active();
    if (!state) return;
    await this.exclusive(async () => {
      // Only the session read above: a lock or a new key since then stays as it is.
      const now = await this.session.get();
      if (now?.vaultKey === state.vaultKey) await this.session.set({ ...now, lastActivityAt: this.context.now() });
    });
  }

  /** The keys, or the "locked" error. */
  async require(): Promise<UnlockedKeys> {
    const state = await this.active();
    if (!state) throw new VaultError('locked', 'The vault is locked: unlock it with your passphrase.');
    if (this.keys?.vaultKeyBase64 === state.vaultKey) return this.keys;
    // A restarted service worker: the key is still in session storage, the imported keys are not.
    const sessions = this.sessions;
    const raw = fromBase64(state.vaultKey);
    let keys: UnlockedKeys;
    try {
      keys = await loadKeys(raw, await readVaultRecord(this.context.db));
    } catch (error) {
      if (!(error instanceof VaultError) || error.code !== 'tampered') throw error;
      // The stored keys are no longer this session's: a re-key committed before its session
      // write (the background stopped between the two), or the profile was changed on disk.
      // The passphrase decides at the next unlock, which also finds a changed profile. Locked
      // as any lock is (the list kept for the next worker goes too, and open pages are told).
      await this.lock();
      throw new VaultError('locked', 'The vault is locked: unlock it with your passphrase.');
    } finally {
      wipe(raw);
    }
    // Kept only if the session did not end (or start again) while they were imported.
    if (sessions === this.sessions) this.keys = keys;
    return keys;
  }

  /** Starts a session with these keys; their public key, derived from the private key, is the one to seal to. */
  start(keys: UnlockedKeys): Promise<void> {
    return this.exclusive(async () => {
      const now = this.context.now();
      this.sessions++;
      this.keys = keys;
      await this.session.set({ vaultKey: keys.vaultKeyBase64, unlockedAt: now, lastActivityAt: now });
      await this.session.setCheckedPublicKey(toBase64(keys.publicKey));
    });
  }

  end(): Promise<void> {
    return this.exclusive(async () => {
      this.sessions++;
      this.keys = undefined;
      await this.session.clear();
    });
  }
}
