import { expect, sendFromPage, startVault, test, WAITS } from './fixtures';

const VALUE = 'Cq7Wm2Pz9Rt4Vb8Nc3Jd6Hf1K';

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

async function popupWithOneKey(openPopup: () => Promise<import('@playwright/test').Page>) {
  const popup = await openPopup();
  await startVault(popup);
  await sendFromPage(popup, 'capture.submit', {
    host: 'developer.x.com',
    appId: '28111111',
    appName: 'clip-app',
    at: Date.now(),
    credentials: [{ kind: 'apiKey', value: VALUE }],
  });
  // The shortest delay Settings offers.
  await sendFromPage(popup, 'settings.set', { clipboardClearSeconds: 10 });
  await popup.reload();
  return popup;
}

test(
  'a copied value is cleared from the clipboard after the delay, with the popup closed',
  WAITS,
  async ({ openPopup }) => {
    const popup = await popupWithOneKey(openPopup);
    await popup.getByRole('button', { name: 'Copy API Key', exact: true }).click();
    await expect(popup.getByRole('status')).toContainText('cleared in 10 s');
    const reader = await openPopup();
    expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(VALUE);
    await popup.close();
    await expect.poll(() => reader.evaluate(() => navigator.clipboard.readText()), { timeout: 20_000 }).toBe('');
  },
);

test('a value the user copied since then is not cleared', WAITS, async ({ openPopup }) => {
  const popup = await popupWithOneKey(openPopup);
  await popup.getByRole('button', { name: 'Copy API Key', exact: true }).click();
  await expect(popup.getByRole('status')).toContainText('cleared in 10 s');
  await popup.evaluate(() => navigator.clipboard.writeText('my own note'));
  await popup.close();
  const reader = await openPopup();
  // Wait until the background has run its clearing (it forgets the pending clear then)…
  await expect
    .poll(
      () =>
        reader.evaluate(async () => {
          const { chrome } = globalThis as unknown as {
            chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } };
          };
          return Object.keys(await chrome.storage.session.get('oncekey.clipboard')).length;
        }),
      { timeout: 20_000 },
    )
    .toBe(0);
  // …and the user's own copy is still there.
  expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe('my own note');
});
