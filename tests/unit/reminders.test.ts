import { describe, expect, it, vi } from 'vitest';
import { createReminder, REMINDER_NOTIFICATION, remindOverdue } from '@/utils/background/reminders';
import { DAY_MS } from '@/utils/vault/db';
import { capture, makeVault, PASSPHRASE } from './helpers/vault';

function setup() {
  const made = makeVault();
  let last = 0;
  let told: string[] | undefined;
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
      announced: {
        get: async () => told,
        set: async (ids) => {
          told = ids;
        },
      },
      notify: async (title, message) => void shown.push({ title, message }),
      now: () => made.clock.now,
    });
  /** As an OnceKey from before announced ids were kept left it: a reminder shown, no ids. */
  const shownBeforeUpdate = (at: number) => {
    last = at;
    told = undefined;
  };
  return { ...made, shown, check, shownBeforeUpdate };
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

describe('credentials whose due date moves into the past', () => {
  /** rain-alerts overdue and told of; "later" saved 60 days ago, due in 30 days. */
  async function toldOfOne() {
    const made = setup();
    const { vault, clock, check } = made;
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - 100 * DAY_MS }));
    await vault.submitCapture(
      capture({
        appId: '11112222',
        appName: 'later',
        at: clock.now - 60 * DAY_MS,
        credentials: [capture().credentials[0] ?? { kind: 'apiKey', value: '' }],
      }),
    );
    expect(await check()).toBe(true);
    clock.now += 2 * DAY_MS;
    await vault.unlock(PASSPHRASE);
    return made;
  }

  it('tells of one made overdue by a shorter period, due before the last reminder, once', async () => {
    const { vault, clock, shown, check } = await toldOfOne();
    await vault.updateSettings({ rotationDays: 30 });
    expect(await vault.overdueCount()).toBe(3);
    expect(await check()).toBe(true);
    expect(shown.map((s) => s.message)).toEqual([
      'Overdue for rotation: API Key of rain-alerts, API Key Secret of rain-alerts.',
      'Overdue for rotation: API Key of later.',
    ]);
    clock.now += 2 * DAY_MS;
    expect(await check()).toBe(false);
    expect(shown).toHaveLength(2);
  });

  it('tells of one given a "rotate by" date that has passed, and again if it becomes overdue again', async () => {
    const { vault, clock, shown, check } = await toldOfOne();
    const later = (await vault.list()).find((a) => a.appName === 'later')?.credentials[0]?.id ?? '';
    await vault.setRotateBy(later, clock.now - 3 * DAY_MS);
    expect(await check()).toBe(true);
    expect(shown[1]?.message).toBe('Overdue for rotation: API Key of later.');
    // Given a later date it is no longer overdue; once that date passes, it is told of again.
    clock.now += DAY_MS;
    await vault.unlock(PASSPHRASE);
    await vault.setRotateBy(later, clock.now + DAY_MS);
    expect(await check()).toBe(false);
    clock.now += 2 * DAY_MS;
    await vault.unlock(PASSPHRASE);
    expect(await check()).toBe(true);
    expect(shown.map((s) => s.message)).toHaveLength(3);
    expect(shown[2]?.message).toBe('Overdue for rotation: API Key of later.');
  });

  it('after an update, stays quiet about what was due before the last reminder', async () => {
    const { vault, clock, shown, check, shownBeforeUpdate } = setup();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - 100 * DAY_MS }));
    shownBeforeUpdate(clock.now - 2 * DAY_MS);
    expect(await check()).toBe(false);
    expect(shown).toEqual([]);
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

  it('notifies once when two checks start together (the alarm that wakes the background, and its start)', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - 100 * DAY_MS }));
    const browser = fakeBrowser();
    const reminder = createReminder(vault, browser, () => clock.now);
    expect(await Promise.all([reminder.remind(), reminder.remind()])).toEqual([true, false]);
    expect(browser.notifications.create).toHaveBeenCalledTimes(1);
  });

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

    // Nor, a day later, about the same credentials: the restarted one knows they were told of.
    clock.now += DAY_MS;
    expect(await createReminder(vault, browser, () => clock.now).remind()).toBe(false);
    expect(browser.notifications.create).toHaveBeenCalledTimes(1);

    restarted.onNotificationClicked('some.other.notification');
    expect(browser.tabs.create).not.toHaveBeenCalled();
    restarted.onNotificationClicked(REMINDER_NOTIFICATION);
    expect(browser.tabs.create).toHaveBeenCalledWith({ url: 'chrome-extension://oncekey/popup.html' });
  });
});
