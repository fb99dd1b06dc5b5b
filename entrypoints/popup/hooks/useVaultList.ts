import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/utils/protocol/client';
import { CHANGED_NOTICE, LOCKED_NOTICE } from '@/utils/protocol/messages';
import { readStoredHead } from '@/utils/vault/session';
import { STORED_HEAD_APPS } from '@/utils/vault/session-checks';
import type { AppSummary } from '@/utils/vault/types';
import { isFromBackground, type NoticeSender } from '../lib/from-background';

/** Which first screen the vault calls for. */
export type VaultState = 'setup' | 'locked' | 'unlocked';

export interface VaultList {
  /** What the vault holds, by App, as last read. */
  apps: AppSummary[];
  /** Reads the list again, after a change this page made. */
  reload: () => Promise<AppSummary[]>;
  /**
   * Whether a vault exists and is unlocked; when it is, reads its list too. Painted from the
   * stored list, the page says 'unlocked' before the background has answered: should its
   * answer differ (the vault locked meanwhile, or the answer failed), `corrected` hears it.
   */
  open: (corrected?: (checked: Exclude<VaultState, 'unlocked'> | Error) => void) => Promise<VaultState>;
  /** Captures saved while locked that the last unlock could not open (0: none). */
  unopened: number;
  /** False while only the first screenful is in hand and the rest is on its way. */
  complete: boolean;
}

/**
 * Apps read first on opening: a screenful and more, painted while the rest is on its way; as
 * many as the background stores apart as the stored list's head.
 */
export const FIRST_APPS = STORED_HEAD_APPS;

/**
 * What opening asks, all at once: the background, whether a vault exists and is unlocked and
 * the first Apps; and `storage.session`, for the first Apps of the list the background last
 * stored (session.ts: readStoredHead), there without waiting for a stopped worker to start.
 */
const ask = () => {
  const stored = readStoredHead(browser.storage.session, Date.now()).catch(() => undefined);
  const reply = Promise.all([
    send('vault.status', {}),
    send('vault.list', { first: FIRST_APPS }).catch(asError),
  ] as const);
  const opening = { stored, reply, replied: false };
  // First of the reply's reactions: an answer in hand by the time `open` looks is taken over the stored list.
  const replied = () => {
    opening.replied = true;
  };
  reply.then(replied, replied);
  return opening;
};
let early: ReturnType<typeof ask> | undefined;

/**
 * Asks before the page's first render (main.tsx): the first `open()`, right after that render
 * (App's layout effect), then finds the answer under way instead of asking only then.
 */
export function openEarly(): void {
  early = ask();
}

/**
 * Performance marks (the benchmarks read them): the first Apps in hand to paint, from the
 * stored list or the background's reply, and every App in hand.
 */
export const FIRST_MARK = 'oncekey.list-first';
export const WHOLE_MARK = 'oncekey.list-whole';

const nothing = () => undefined;
/** Runs `then` once the frame being made now is painted. */
const afterPaint = (then: () => void) => requestAnimationFrame(() => setTimeout(then));
const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/**
 * The vault's list, read in one place for every screen, and kept current: a change made
 * elsewhere (a capture on the portal) shows on the screen the user is on and calls
 * `onChanged`, and a lock (auto-lock, screen lock) calls `onLocked`.
 */
export function useVaultList(onLocked: () => void, onChanged: () => void = nothing): VaultList {
  const [apps, setApps] = useState<AppSummary[]>([]);
  const [unopened, setUnopened] = useState(0);
  const [complete, setComplete] = useState(false);
  const locked = useRef(onLocked);
  locked.current = onLocked;
  const changed = useRef(onChanged);
  changed.current = onChanged;

  const reload = useCallback(async () => {
    const listed = await send('vault.list', {});
    performance.mark(WHOLE_MARK);
    setApps(listed);
    setComplete(true);
    return listed;
  }, []);

  /** The background's answer on opening: its first Apps, then the rest. */
  const showAnswer = useCallback(
    (status: { unopened?: number }, listed: AppSummary[]) => {
      if (listed.length < FIRST_APPS) performance.mark(WHOLE_MARK);
      setApps(listed);
      setComplete(listed.length < FIRST_APPS);
      setUnopened(status.unopened ?? 0);
      // The first screenful is painted from these; the rest is asked for once it is painted, so
      // that reading a thousand Apps does not hold up that paint (a locked vault by then says so).
      if (listed.length >= FIRST_APPS) afterPaint(() => void reload().catch(() => {}));
    },
    [reload],
  );

  const open = useCallback(
    async (corrected?: (checked: Exclude<VaultState, 'unlocked'> | Error) => void): Promise<VaultState> => {
      // Both at once: one round trip to the background when the vault is unlocked.
      const opening = early ?? ask();
      early = undefined;
      // The stored first Apps if they come first (a stopped worker takes ~60 ms here to start
      // again), then the background's answer, which replaces them; an answer in hand wins.
      const stored = await Promise.race([opening.stored, opening.reply.then(nothing, nothing)]);
      if (stored && !opening.replied) {
        const whole = stored.count <= stored.apps.length;
        performance.mark(FIRST_MARK);
        if (whole) performance.mark(WHOLE_MARK);
        setApps(stored.apps);
        setComplete(whole);
        // The background's answer: its first Apps, then the rest (showAnswer), or the screen it calls for.
        const differs = (checked: Exclude<VaultState, 'unlocked'> | Error) => {
          setApps([]);
          corrected?.(checked);
        };
        void opening.reply
          .then(([status, listed]) => {
            if (!status.exists) return differs('setup');
            if (status.locked) return differs('locked');
            if (listed instanceof Error) return differs(listed);
            showAnswer(status, listed);
          })
          .catch((e: unknown) => differs(asError(e)));
        return 'unlocked';
      }
      const [status, listed] = await opening.reply;
      if (!status.exists) return 'setup';
      if (status.locked) return 'locked';
      if (listed instanceof Error) throw listed;
      performance.mark(FIRST_MARK);
      showAnswer(status, listed);
      return 'unlocked';
    },
    [showAnswer],
  );

  // Listening from the first render on, as `open` asks (App's layout effect, run after this one):
  // a notice sent before the first paint is heard too.
  useLayoutEffect(() => {
    const [runtimeId, base] = [browser.runtime.id, browser.runtime.getURL('/')];
    const onMessage = (notice: unknown, sender: NoticeSender) => {
      if (!isFromBackground(sender, runtimeId, base)) return;
      const type = (notice as { type?: unknown })?.type;
      if (type === LOCKED_NOTICE.type) locked.current();
      // Passive: reading again because the vault changed is not the user's activity, so a
      // page that makes captures cannot keep the vault from locking. While locked the list
      // is refused: nothing to show then.
      else if (type === CHANGED_NOTICE.type) {
        void send('vault.list', { passive: true })
          .then(setApps)
          .catch(() => {});
        changed.current();
      }
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);

  return { apps, reload, open, unopened, complete };
}
