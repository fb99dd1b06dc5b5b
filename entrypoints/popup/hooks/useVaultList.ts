import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/utils/protocol/client';
import { CHANGED_NOTICE, LOCKED_NOTICE } from '@/utils/protocol/messages';
import type { AppSummary } from '@/utils/vault/types';

/** Which first screen the vault calls for. */
export type VaultState = 'setup' | 'locked' | 'unlocked';

export interface VaultList {
  /** What the vault holds, by App, as last read. */
  apps: AppSummary[];
  /** Reads the list again, after a change this page made. */
  reload: () => Promise<AppSummary[]>;
  /** Whether a vault exists and is unlocked; when it is, reads its list too. */
  open: () => Promise<VaultState>;
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/**
 * The vault's list, read in one place for every screen, and kept current: a change made
 * elsewhere (a capture on the portal) shows on the screen the user is on, and a lock
 * (auto-lock, screen lock) calls `onLocked`.
 */
export function useVaultList(onLocked: () => void): VaultList {
  const [apps, setApps] = useState<AppSummary[]>([]);
  const locked = useRef(onLocked);
  locked.current = onLocked;

  const reload = useCallback(async () => {
    const listed = await send('vault.list', {});
    setApps(listed);
    return listed;
  }, []);

  const open = useCallback(async (): Promise<VaultState> => {
    // Both at once: one round trip to the background when the vault is unlocked.
    const [status, listed] = await Promise.all([send('vault.status', {}), send('vault.list', {}).catch(asError)]);
    if (!status.exists) return 'setup';
    if (status.locked) return 'locked';
    if (listed instanceof Error) throw listed;
    setApps(listed);
    return 'unlocked';
  }, []);

  useEffect(() => {
    const onMessage = (notice: unknown) => {
      const type = (notice as { type?: unknown })?.type;
      if (type === LOCKED_NOTICE.type) locked.current();
      // While locked the list is refused: nothing to show then.
      else if (type === CHANGED_NOTICE.type) void reload().catch(() => {});
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [reload]);

  return { apps, reload, open };
}
