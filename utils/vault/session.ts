import type { ListStore, StoredHead, StoredList } from './list-cache';
import { idlePast } from './session-checks';
import type { AppSummary } from './types';

/**
 * Where the unlocked vault key lives: memory-only `storage.session`, readable by the
 * extension's own pages and service worker but not by content scripts. It survives a
 * service-worker restart and is gone when the browser quits. While unlocked, the decrypted
 * list (names and metadata, never a value) is kept there too, for the next service worker
 * (list-cache.ts); lock clears it before the key.
 */
export interface SessionState {
  /** The raw vault key, base64. */
  vaultKey: string;
  unlockedAt: number;
  lastActivityAt: number;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
}

/** A capture as submitted, before any vault exists to seal it to. */
export type PendingCapture = import('./types').Capture;

/**
 * What each tab has put in the pending list and the inbox since they were last emptied
 * (limits.ts): tab ids are only valid for one browser session, as this storage is.
 */
export type TabCounts = Record<string, { pending: number; inbox: number }>;

export interface SessionStore extends ListStore {
  get(): Promise<SessionState | undefined>;
  set(state: SessionState): Promise<void>;
  clear(): Promise<void>;
  getThrottle(): Promise<ThrottleState>;
  setThrottle(state: ThrottleState): Promise<void>;
  /** Captures waiting for a vault to be created. Memory only: never written to disk. */
  getPending(): Promise<PendingCapture[]>;
  setPending(captures: PendingCapture[]): Promise<void>;
  getTabCounts(): Promise<TabCounts>;
  setTabCounts(counts: TabCounts): Promise<void>;
  /**
   * The vault's public key as derived from its private key at the last unlock (raw point,
   * base64): captures are sealed to it rather than to the stored copy, which a tampered
   * profile could have swapped. Not secret; kept after lock, until the browser quits.
   */
  getCheckedPublicKey(): Promise<string | undefined>;
  setCheckedPublicKey(publicKey: string): Promise<void>;
}

const SESSION_KEY = 'oncekey.session';
const THROTTLE_KEY = 'oncekey.throttle';
const PENDING_KEY = 'oncekey.pending';
const TAB_COUNTS_KEY = 'oncekey.tabCounts';
const PUBLIC_KEY = 'oncekey.publicKey';
const LIST_KEY = 'oncekey.list';
const ACTIVITY_KEY = 'oncekey.activity';
const HEAD_KEY = 'oncekey.listHead';

/** The part of a `storage` area this module uses (browser.storage.session in the extension). */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** Reading several keys of a `storage` area at once (browser.storage.session in the popup). */
export interface SessionReader {
  get(keys: string[]): Promise<Record<string, unknown>>;
}

/**
 * The session's times without its key, written with the session in one `set` and removed
 * with it in one `remove`: what the popup reads of the session (readStoredHead), so that no
 * page but the background ever holds the vault key.
 */
export interface SessionActivity {
  unlockedAt: number;
  lastActivityAt: number;
}

/**
 * The popup takes the stored list only if the session has this much time left before the
 * auto-lock timeout: it reads the clock before the background does, and a list shown in the
 * session's last moments would be followed at once by the locked screen.
 */
export const STORED_LIST_MARGIN_MS = 2000;

/**
 * The first Apps of the list the background last stored (list-cache.ts: StoredHead), and how
 * many the whole list has, as the popup reads them straight from `storage.session` when it
 * opens, so that it paints without waiting for a service worker to start. Only a list stored
 * in the session that is unlocked now (the same `unlockedAt`: a list left behind by an
 * earlier session is never taken), and only while that session has STORED_LIST_MARGIN_MS or
 * more before its auto-lock timeout (the one stored with the list; a change of it is a write,
 * which removes the list first); otherwise, or for anything malformed, undefined. It reads
 * the session's times, never its key. The popup asks the background at the same time, and
 * its answer replaces what this gave.
 */
export async function readStoredHead(
  area: SessionReader,
  now: number,
): Promise<{ apps: AppSummary[]; count: number } | undefined> {
  const found = await area.get([ACTIVITY_KEY, HEAD_KEY]);
  const activity = found[ACTIVITY_KEY] as Partial<SessionActivity> | undefined;
  const head = found[HEAD_KEY] as Partial<StoredHead> | undefined;
  if (typeof activity?.unlockedAt !== 'number' || typeof activity.lastActivityAt !== 'number') return undefined;
  if (typeof head?.apps !== 'string' || typeof head.autoLockSeconds !== 'number' || typeof head.count !== 'number')
    return undefined;
  if (head.unlockedAt !== activity.unlockedAt) return undefined;
  if (idlePast(activity.lastActivityAt, head.autoLockSeconds, now + STORED_LIST_MARGIN_MS)) return undefined;
  try {
    const apps: unknown = JSON.parse(head.apps);
    return Array.isArray(apps) ? { apps: apps as AppSummary[], count: head.count } : undefined;
  } catch {
    return undefined;
  }
}

export function storageSessionStore(area: SessionArea): SessionStore {
  return {
    async get() {
      const found = await area.get(SESSION_KEY);
      return found[SESSION_KEY] as SessionState | undefined;
    },
    set: (state) =>
      area.set({
        [SESSION_KEY]: state,
        [ACTIVITY_KEY]: {
          unlockedAt: state.unlockedAt,
          lastActivityAt: state.lastActivityAt,
        } satisfies SessionActivity,
      }),
    clear: () => area.remove([SESSION_KEY, ACTIVITY_KEY]),
    async getThrottle() {
      const found = await area.get(THROTTLE_KEY);
      return (found[THROTTLE_KEY] as ThrottleState | undefined) ?? { failures: 0, lastFailureAt: 0 };
    },
    setThrottle: (state) => area.set({ [THROTTLE_KEY]: state }),
    async getPending() {
      const found = await area.get(PENDING_KEY);
      return (found[PENDING_KEY] as PendingCapture[] | undefined) ?? [];
    },
    setPending: (captures) => (captures.length ? area.set({ [PENDING_KEY]: captures }) : area.remove(PENDING_KEY)),
    async getTabCounts() {
      const found = await area.get(TAB_COUNTS_KEY);
      return (found[TAB_COUNTS_KEY] as TabCounts | undefined) ?? {};
    },
    setTabCounts: (counts) =>
      Object.keys(counts).length ? area.set({ [TAB_COUNTS_KEY]: counts }) : area.remove(TAB_COUNTS_KEY),
    async getCheckedPublicKey() {
      const found = await area.get(PUBLIC_KEY);
      return found[PUBLIC_KEY] as string | undefined;
    },
    setCheckedPublicKey: (publicKey) => area.set({ [PUBLIC_KEY]: publicKey }),
    async getList() {
      const found = await area.get(LIST_KEY);
      return found[LIST_KEY] as StoredList | undefined;
    },
    setList: (list, head) => area.set({ [LIST_KEY]: list, [HEAD_KEY]: head }),
    clearList: () => area.remove([LIST_KEY, HEAD_KEY]),
  };
}

export function memorySessionStore(): SessionStore {
  let session: SessionState | undefined;
  let throttle: ThrottleState = { failures: 0, lastFailureAt: 0 };
  let pending: PendingCapture[] = [];
  let tabCounts: TabCounts = {};
  let publicKey: string | undefined;
  let list: StoredList | undefined;
  return {
    get: async () => session,
    set: async (state) => {
      session = { ...state };
    },
    clear: async () => {
      session = undefined;
    },
    getThrottle: async () => ({ ...throttle }),
    setThrottle: async (state) => {
      throttle = { ...state };
    },
    getPending: async () => [...pending],
    setPending: async (captures) => {
      pending = [...captures];
    },
    getTabCounts: async () => structuredClone(tabCounts),
    setTabCounts: async (counts) => {
      tabCounts = structuredClone(counts);
    },
    getCheckedPublicKey: async () => publicKey,
    setCheckedPublicKey: async (key) => {
      publicKey = key;
    },
    getList: async () => structuredClone(list),
    setList: async (stored) => {
      list = structuredClone(stored);
    },
    clearList: async () => {
      list = undefined;
    },
  };
}
