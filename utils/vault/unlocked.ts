import { fromBase64, toBase64 } from '../crypto/base64';
import { wipe } from '../crypto/bytes';
import { VaultError } from '../crypto/errors';
import type { VaultContext } from './context';
import { loadKeys, readVaultRecord } from './keyring';
import type { SessionState, SessionStore } from './session';
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
    if (this.context.now() - state.lastActivityAt >= autoLockSeconds * 1000) {
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

  /** Records activity by the user, which postpones auto-lock. */
  async touch(): Promise<void> {
    const state = await this.active();
    if (state) await this.session.set({ ...state, lastActivityAt: this.context.now() });
  }

  /** The keys, or the "locked" error. */
  async require(): Promise<UnlockedKeys> {
    const state = await this.active();
    if (!state) throw new VaultError('locked', 'The vault is locked: unlock it with your passphrase.');
    if (this.keys?.vaultKeyBase64 === state.vaultKey) return this.keys;
    // A restarted service worker: the key is still in session storage, the imported keys are not.
    const raw = fromBase64(state.vaultKey);
    try {
      this.keys = await loadKeys(raw, await readVaultRecord(this.context.db));
    } finally {
      wipe(raw);
    }
    return this.keys;
  }

  /** Starts a session with these keys; their public key, derived from the private key, is the one to seal to. */
  async start(keys: UnlockedKeys): Promise<void> {
    const now = this.context.now();
    this.keys = keys;
    await this.session.set({ vaultKey: keys.vaultKeyBase64, unlockedAt: now, lastActivityAt: now });
    await this.session.setCheckedPublicKey(toBase64(keys.publicKey));
  }

  async end(): Promise<void> {
    this.keys = undefined;
    await this.session.clear();
  }
}
