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
 * follows the vault through Dexie, which re-runs the count whenever the credentials change;
 * `refresh` covers due dates passing while nothing changes (the hourly alarm).
 */
export function createBadge(vault: Pick<Vault, 'overdueCount'>, action: BadgeApis) {
  async function show(overdue: number): Promise<void> {
    const { text, title } = badgeFor(overdue);
    await action.setBadgeBackgroundColor({ color: '#c4161c' });
    await action.setBadgeText({ text });
    await action.setTitle({ title });
  }
  return {
    follow() {
      return liveQuery(() => vault.overdueCount()).subscribe({ next: (overdue) => void show(overdue) });
    },
    refresh: () => vault.overdueCount().then(show),
  };
}
