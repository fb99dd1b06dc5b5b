import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/utils/protocol/client';
import { CHANGED_NOTICE, LOCKED_NOTICE } from '@/utils/protocol/messages';
import type { AppSummary } from '@/utils/vault/types';
import { isFromBackground, type NoticeSender } from '../lib/from-background';

/** Which first screen the vault calls for. */
export type VaultState = 'setup' | 'locked' | 'unlocked';

export interface VaultList {
  /** What the vault holds, by App, as last read. */
  apps: AppSummary[];
  /** Reads the list again, after a change this page made. */
  reload: () => Promise<AppSummary[]>;
  /** Whether a vault exists and is unlocked; when it is, reads its list too. */
  open: () => Promise<VaultState>;
  /** Captures saved while locked that the last unlock could not open (0: none). */
  unopened: number;
  /** False while only the first screenful is in hand and the rest is on its way. */
  complete: boolean;
}

/** Apps read first on opening: a screenful and more, painted while the rest is on its way. */
export const FIRST_APPS = 8;

/** What opening asks the background: whether a vault exists and is unlocked, and the first Apps. */
const ask = () =>
  Promise.all([send('vault.status', {}), send('vault.list', { first: FIRST_APPS }).catch(asError)] as const);
let early: ReturnType<typeof ask> | undefined;

/**
 * Asks before the page's first render (main.tsx): the first `open()` then finds the answer
 * under way instead of asking after the first paint, when effects run.
 */
export function openEarly(): void {
  early = ask();
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/**
 * The vault's list, read in one place for every screen, and kept current: a change made
 * elsewhere (a capture on the portal) shows on the screen the user is on, and a lock
 * (auto-lock, screen lock) calls `onLocked`.
 */
export function useVaultList(onLocked: () => void): VaultList {
  const [apps, setApps] = useState<AppSummary[]>([]);
  const [unopened, setUnopened] = useState(0);
  const [complete, setComplete] = useState(false);
  const locked = useRef(onLocked);
  locked.current = onLocked;

  const reload = useCallback(async () => {
    const listed = await send('vault.list', {});
    setApps(listed);
    setComplete(true);
    return listed;
  }, []);

  const open = useCallback(async (): Promise<VaultState> => {
    // Both at once: one round trip to the background when the vault is unlocked.
    const opening = early ?? ask();
    early = undefined;
    const [status, listed] = await opening;
    if (!status.exists) return 'setup';
    if (status.locked) return 'locked';
    if (listed instanceof Error) throw listed;
    setApps(listed);
    setComplete(listed.length < FIRST_APPS);
    setUnopened(status.unopened ?? 0);
    // The first screenful is painted from these; the rest is asked for once it is painted, so
    // that reading a thousand Apps does not hold up that paint (a locked vault by then says so).
    if (listed.length >= FIRST_APPS) requestAnimationFrame(() => setTimeout(() => void reload().catch(() => {})));
    return 'unlocked';
  }, [reload]);

  useEffect(() => {
    const [runtimeId, base] = [browser.runtime.id, browser.runtime.getURL('/')];
    const onMessage = (notice: unknown, sender: NoticeSender) => {
      if (!isFromBackground(sender, runtimeId, base)) return;
      const type = (notice as { type?: unknown })?.type;
      if (type === LOCKED_NOTICE.type) locked.current();
      // Passive: reading again because the vault changed is not the user's activity, so a
      // page that makes captures cannot keep the vault from locking. While locked the list
      // is refused: nothing to show then.
      else if (type === CHANGED_NOTICE.type)
        void send('vault.list', { passive: true })
          .then(setApps)
          .catch(() => {});
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);

  return { apps, reload, open, unopened, complete };
}
