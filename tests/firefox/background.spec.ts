// What Firefox does differently from Chrome, tested as itself: its background is an event page (not a
// service worker) that Firefox suspends when idle, and its storage.session has no access level to set.
// The unlocked key must survive a suspension, and the clipboard must still be cleared when the delay
// ends while the background is suspended: then the alarm, not the page's timer, wakes it to clear.
import { test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import {
  announced,
  click,
  clipboardText,
  createVault,
  expect,
  type Firefox,
  launchFirefox,
  openPopup,
  role,
  saveApp,
  send,
  visible,
} from './firefox';

const KEY = 'Bg4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';

test.describe.configure({ mode: 'serial' });
let firefox: Firefox;
let popup: Page;

/** Whether Firefox is running OnceKey's background page now (null from getBackgroundPage: suspended). */
const backgroundRunning = (page: Page) =>
  page.evaluate(
    () =>
      !!(
        globalThis as unknown as { browser: { extension: { getBackgroundPage(): Window | null } } }
      ).browser.extension.getBackgroundPage(),
  );

test.beforeAll(async () => {
  // Suspend the background after five idle seconds instead of thirty. Not less: Firefox also ends a page
  // busy answering a message for that long, and creating the vault (Argon2id) takes a second or two.
  firefox = await launchFirefox(undefined, { 'extensions.background.idle.timeout': 5000 });
  popup = await openPopup(firefox.browser);
});
test.afterAll(async () => {
  await firefox?.close();
});

test('Firefox has no storage.session access level, and the background works without one', async () => {
  // Chrome's storage.session.setAccessLevel is absent here: background.ts calls it only where it exists.
  expect(
    await popup.evaluate(
      () =>
        typeof (globalThis as unknown as { browser: { storage: { session: { setAccessLevel?: unknown } } } }).browser
          .storage.session.setAccessLevel,
    ),
  ).toBe('undefined');
  await createVault(popup);
  expect(await saveApp(popup, { appId: '28000051', appName: 'idle-app' }, [{ kind: 'apiKey', value: KEY }])).toEqual({
    ok: true,
    value: { saved: 'filed' },
  });
});

test('the vault stays unlocked when Firefox suspends the background page, and its list with it', async () => {
  await expect.poll(() => backgroundRunning(popup), { timeout: 15_000 }).toBe(false);
  // The list read after the save (the open popup reads it again) was stored for the next background page.
  const stored = await popup.evaluate(async () =>
    JSON.stringify(
      await (
        globalThis as unknown as { browser: { storage: { session: { get(key: string): Promise<object> } } } }
      ).browser.storage.session.get('oncekey.list'),
    ),
  );
  expect(stored).toContain('idle-app');
  // The popup's message wakes a fresh background page, which finds the key in storage.session.
  expect(await send(popup, 'vault.status', {})).toEqual({ ok: true, value: { exists: true, locked: false } });
  expect(await backgroundRunning(popup)).toBe(true);
  const listed = await send(popup, 'vault.list', {});
  expect((listed.value as { appName?: string }[]).map((app) => app.appName)).toEqual(['idle-app']);
});

test('a copied value is cleared after the delay even though the background was suspended meanwhile', async () => {
  expect(await send(popup, 'settings.set', { clipboardClearSeconds: 12 })).toMatchObject({ ok: true });
  const fresh = await openPopup(firefox.browser);
  await visible(fresh, role('idle-app', 'region'));
  await click(fresh, role('Copy API Key'));
  await expect.poll(() => announced(fresh, 'status')).toContain('cleared in 12 s');
  // Suspended before the delay ends, with the value still on the clipboard: the page's timer is gone.
  await expect.poll(() => backgroundRunning(fresh), { timeout: 11_000 }).toBe(false);
  expect(await clipboardText(fresh)).toBe(KEY);
  await expect.poll(() => clipboardText(fresh), { timeout: 20_000 }).toBe('');
});
