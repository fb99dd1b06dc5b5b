import { describe, expect, it, vi } from 'vitest';
import { createReminder, REMINDER_NOTIFICATION, remindOverdue } from '@/utils/background/reminders';
import { DAY_MS } from '@/utils/vault/db';
import { capture, makeVault, PASSPHRASE } from './helpers/vault';

function setup() {
  const made = makeVault();
  let last = 0;
  const shown: { title: string; message: string }[] = [];
  const check = () =>
    remindOverdue({
      vault: made.vault,
      lastShown: {
        get: async () => last,
        set: async (at) => {
          last = at;
        },
      },
      notify: async (title, message) => void shown.push({ title, message }),
      now: () => made.clock.now,
    });
  return { ...made, shown, check };
}

describe('the daily rotation reminder', () => {
  it('shows one notification when credentials become overdue, at most once a day', async () => {
    const { vault, clock, shown, check } = setup();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - 89 * DAY_MS }));
    expect(await check()).toBe(false);
    expect(shown).toEqual([]);

    clock.now += DAY_MS;
    await vault.unlock(PASSPHRASE); // a day later the vault has auto-locked
    expect(await check()).toBe(true);
    expect(shown).toEqual([
      {
        title: 'OnceKey: time to rotate',
        message: 'Overdue for rotation: API Key of rain-alerts, API Key Secret of rain-alerts.',
      },
    ]);

    // Hourly checks later that day, and the next days with nothing newly overdue: quiet.
    clock.now += 3600_000;
    expect(await check()).toBe(false);
    clock.now += 3 * DAY_MS;
    expect(await check()).toBe(false);
    expect(shown).toHaveLength(1);
  });

  it('names no App while the vault is locked', async () => {
    const { vault, clock, shown, check } = setup();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - 100 * DAY_MS }));
    await vault.lock();
    expect(await check()).toBe(true);
    expect(shown[0]?.message).toBe('2 credentials are now overdue for rotation. Unlock OnceKey to see which.');
    expect(shown[0]?.message).not.toContain('rain-alerts');
  });

  it('waits a day after the last reminder before telling of a credential that became overdue since', async () => {
    const { vault, clock, shown, check } = setup();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - 100 * DAY_MS }));
    await vault.submitCapture(
      capture({
        appId: '11112222',
        appName: 'later',
        at: clock.now - 90 * DAY_MS + 2 * 3600_000,
        credentials: [capture().credentials[0] ?? { kind: 'apiKey', value: '' }],
      }),
    );
    expect(await check()).toBe(true);
    clock.now += 3 * 3600_000; // "later" is overdue now, but a reminder was shown 3 hours ago
    expect(await check()).toBe(false);
    clock.now += DAY_MS;
    await vault.unlock(PASSPHRASE);
    expect(await check()).toBe(true);
    expect(shown[1]?.message).toBe('Overdue for rotation: API Key of later.');
  });
});

describe('the reminder as the browser shows it', () => {
  function fakeBrowser() {
    const local: Record<string, unknown> = {};
    return {
      local,
      storage: {
        local: {
          get: async (key: string) => (key in local ? { [key]: local[key] } : {}),
          set: async (items: Record<string, unknown>) => void Object.assign(local, items),
        },
      },
      notifications: { create: vi.fn(async () => 'oncekey.rotation') },
      tabs: { create: vi.fn(async () => ({})) },
      runtime: { getURL: (path: string) => `chrome-extension://oncekey${path}` },
    };
  }

  it('shows a notification with the icon, remembers the day across restarts, and opens OnceKey on a click', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - 100 * DAY_MS }));
    await vault.lock();
    const browser = fakeBrowser();
    expect(await createReminder(vault, browser, () => clock.now).remind()).toBe(true);
    expect(browser.notifications.create).toHaveBeenCalledWith(REMINDER_NOTIFICATION, {
      type: 'basic',
      iconUrl: 'chrome-extension://oncekey/icon/128.png',
      title: 'OnceKey: time to rotate',
      message: '2 credentials are now overdue for rotation. Unlock OnceKey to see which.',
    });
    // A restarted background reads when the last one was shown: no second one that day.
    const restarted = createReminder(vault, browser, () => clock.now);
    expect(await restarted.remind()).toBe(false);
    expect(browser.notifications.create).toHaveBeenCalledTimes(1);

    restarted.onNotificationClicked('some.other.notification');
    expect(browser.tabs.create).not.toHaveBeenCalled();
    restarted.onNotificationClicked(REMINDER_NOTIFICATION);
    expect(browser.tabs.create).toHaveBeenCalledWith({ url: 'chrome-extension://oncekey/popup.html' });
  });
});
