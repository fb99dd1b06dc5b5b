import { liveQuery } from 'dexie';
import type { Vault } from '../vault/vault';

export interface BadgeApis {
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setBadgeText(details: { text: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
}

/** What the toolbar button shows for this many overdue credentials. */
export function badgeFor(overdue: number): { text: string; title: string } {
  return {
    text: overdue ? String(overdue) : '',
    title: overdue ? `OnceKey: ${overdue} overdue for rotation` : 'OnceKey',
  };
}

/**
 * The toolbar badge counts overdue credentials, locked or not (due dates are plain). It
 * follows the vault through Dexie, which re-runs the count whenever the credentials it read
 * change; `refresh` covers due dates passing while nothing changes (the hourly alarm). The
 * count reads the due dates up to the time it ran, and Dexie watches only that range: a
 * credential that fell due since, then rotated or deleted, would go unnoticed. So `refresh`
 * follows again, over the range up to now.
 */
export function createBadge(vault: Pick<Vault, 'overdueCount'>, action: BadgeApis) {
  async function show(overdue: number): Promise<void> {
    const { text, title } = badgeFor(overdue);
    await action.setBadgeBackgroundColor({ color: '#c4161c' });
    await action.setBadgeText({ text });
    await action.setTitle({ title });
  }
  let following: { unsubscribe(): void } | undefined;
  const subscribe = () => liveQuery(() => vault.overdueCount()).subscribe({ next: (overdue) => void show(overdue) });
  return {
    follow() {
      following?.unsubscribe();
      following = subscribe();
      return {
        unsubscribe: () => {
          following?.unsubscribe();
          following = undefined;
        },
      };
    },
    async refresh(): Promise<void> {
      await vault.overdueCount().then(show);
      if (following) {
        following.unsubscribe();
        following = subscribe();
      }
    },
  };
}
