// Copying in Firefox, where no offscreen document exists: the background page itself clears the
// clipboard after the delay, with the popup closed, and only if it still holds what OnceKey copied.
// Then the export a user copies from the popup, read back by dotenv.
import { readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import {
  announced,
  click,
  clipboardText,
  createVault,
  EXTENSION_DIR,
  expect,
  type Firefox,
  openPopup,
  role,
  saveApp,
  send,
  test,
  visible,
} from './firefox';

const KEY = 'Cq7Wm2Pz9Rt4Vb8Nc3Jd6Hf1K';
const SECRET = 'Fx2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu';

test.describe.configure({ mode: 'serial' });
let firefox: Firefox;

test.beforeAll(async ({ sharedFirefox }) => {
  firefox = await sharedFirefox.install();
  const popup = await openPopup(firefox.browser);
  await createVault(popup);
  const app = { appId: '28111111', appName: 'clip-app' };
  const saved = await saveApp(popup, app, [
    { kind: 'apiKey', value: KEY },
    { kind: 'apiKeySecret', value: SECRET },
  ]);
  expect(saved).toMatchObject({ ok: true });
  expect(await send(popup, 'settings.set', { clipboardClearSeconds: 10 })).toMatchObject({ ok: true });
  await popup.close();
});
test.afterAll(async () => {
  await firefox?.close();
});

/** The clear the background has scheduled, as an extension page sees it in storage.session. */
const pendingClear = (page: import('puppeteer-core').Page) =>
  page.evaluate(async () => {
    const { browser } = globalThis as unknown as {
      browser: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } };
    };
    return Object.keys(await browser.storage.session.get('oncekey.clipboard')).length;
  });

test('the Firefox build asks for no offscreen document: the background page has the clipboard', () => {
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
  expect(manifest.background).toEqual({ scripts: ['background.js'] });
  expect(manifest.permissions).not.toContain('offscreen');
});

test('a copied value is cleared from the clipboard after the delay, with the popup closed', async () => {
  const popup = await openPopup(firefox.browser);
  await click(popup, role('Copy API Key'));
  await expect.poll(() => announced(popup, 'status')).toContain('cleared in 10 s');
  expect(await clipboardText(popup)).toBe(KEY);
  await popup.close();
  const reader = await openPopup(firefox.browser);
  await expect.poll(() => clipboardText(reader), { timeout: 20_000 }).toBe('');
  expect(await pendingClear(reader)).toBe(0);
  await reader.close();
});

test('a value the user copied since then is left alone', async () => {
  const popup = await openPopup(firefox.browser);
  await click(popup, role('Copy API Key Secret'));
  await expect.poll(() => announced(popup, 'status')).toContain('cleared in 10 s');
  await popup.evaluate(() => navigator.clipboard.writeText('my own note'));
  await popup.close();
  const reader = await openPopup(firefox.browser);
  // Wait until the background has run its clearing (it forgets the pending clear then)…
  await expect.poll(() => pendingClear(reader), { timeout: 20_000 }).toBe(0);
  // …and the user's own copy is still there.
  expect(await clipboardText(reader)).toBe('my own note');
  await reader.close();
});

test('Copy .env puts a file on the clipboard that dotenv reads back exactly, and it is cleared too', async () => {
  const popup = await openPopup(firefox.browser);
  await click(popup, role('Export clip-app'));
  await visible(popup, role('Export clip-app', 'heading'));
  await click(popup, role('Copy .env'));
  await expect
    .poll(() => announced(popup, 'status'))
    .toBe('Copied .env (2 credentials). The clipboard is cleared in 10 s if it still holds it.');
  expect(dotenv.parse(await clipboardText(popup))).toEqual({ X_API_KEY: KEY, X_API_SECRET: SECRET });
  await popup.close();
  const reader = await openPopup(firefox.browser);
  await expect.poll(() => clipboardText(reader), { timeout: 20_000 }).toBe('');
});
