import { describe, expect, it, vi } from 'vitest';
import { badgeFor, createBadge } from '@/utils/background/badge';
import { DAY_MS } from '@/utils/vault/db';
import { capture, makeVault, PASSPHRASE } from './helpers/vault';

function fakeAction() {
  const shown = { text: '', title: '', color: '' };
  return {
    shown,
    setBadgeBackgroundColor: vi.fn(async (details: { color: string }) => void Object.assign(shown, details)),
    setBadgeText: vi.fn(async (details: { text: string }) => void Object.assign(shown, details)),
    setTitle: vi.fn(async (details: { title: string }) => void Object.assign(shown, details)),
  };
}

describe('the toolbar badge', () => {
  it('is empty with the plain name when nothing is overdue, and counts the overdue ones otherwise', () => {
    expect(badgeFor(0)).toEqual({ text: '', title: 'OnceKey' });
    expect(badgeFor(1)).toEqual({ text: '1', title: 'OnceKey: 1 overdue for rotation' });
    expect(badgeFor(12)).toEqual({ text: '12', title: 'OnceKey: 12 overdue for rotation' });
  });

  it('follows captures at once, and due dates passing at the hourly refresh, locked or not', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    const action = fakeAction();
    const badge = createBadge(vault, action);
    const subscription = badge.follow();
    try {
      await vi.waitFor(() => expect(action.setTitle).toHaveBeenCalled());
      expect(action.shown).toEqual({ text: '', title: 'OnceKey', color: '#c4161c' });

      // Two credentials captured 100 days ago are overdue already: no alarm needed.
      await vault.submitCapture(capture({ at: clock.now - 100 * DAY_MS }));
      await vi.waitFor(() => expect(action.shown.text).toBe('2'));
      expect(action.shown.title).toBe('OnceKey: 2 overdue for rotation');

      // Two more, due in a day; the vault locks meanwhile.
      await vault.submitCapture(capture({ appId: '11112222', appName: 'later', at: clock.now - 89 * DAY_MS }));
      await vault.lock();
      clock.now += DAY_MS;
      await badge.refresh();
      expect(action.shown).toEqual({ text: '4', title: 'OnceKey: 4 overdue for rotation', color: '#c4161c' });

      // One of those two, fallen due since the badge began following, is given a later date.
      await vault.unlock(PASSPHRASE);
      const later = (await vault.list()).find((a) => a.appName === 'later');
      const key = later?.credentials.find((c) => c.kind === 'apiKey');
      await vault.setRotateBy(key?.id ?? '', clock.now + 30 * DAY_MS);
      await vi.waitFor(() => expect(action.shown.text).toBe('3'));
    } finally {
      subscription.unsubscribe();
    }
  });
});
