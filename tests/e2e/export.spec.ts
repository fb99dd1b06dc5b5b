import { readFile } from 'node:fs/promises';
import dotenv from 'dotenv';
import { expect, startVault, test } from './fixtures';
import { fixture, fixtureHtml, saveButton, servePortal } from './portal';

const MODAL = fixture('x-modal-api-key.html');
const value = (kind: string) => MODAL.expected.credentials.find((c) => c.kind === kind)?.value;

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

async function captureModal(context: import('@playwright/test').BrowserContext) {
  await servePortal(context, new Map([[MODAL.url, fixtureHtml(MODAL.file)]]));
  const portal = await context.newPage();
  await portal.goto(MODAL.url);
  await saveButton(portal).click();
  await expect(portal.getByRole('status')).toContainText('Saved to OnceKey');
  return portal;
}

test('capture on the portal, then Copy .env: dotenv reads back exactly the captured values', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  await startVault(popup);
  await captureModal(context);
  await popup.reload();

  await popup.getByRole('button', { name: 'Export trend-watcher' }).click();
  await expect(popup.getByRole('heading', { name: 'Export trend-watcher' })).toBeVisible();
  await popup.getByLabel('Variable names').selectOption({ label: 'TWITTER_ prefix (TWITTER_API_KEY…)' });
  await popup.getByRole('button', { name: 'Copy .env' }).click();
  await expect(popup.getByRole('status')).toHaveText(
    'Copied .env (2 credentials). The clipboard is cleared in 30 s if it still holds it.',
  );
  const text = await popup.evaluate(() => navigator.clipboard.readText());
  expect(dotenv.parse(text)).toEqual({
    TWITTER_API_KEY: value('apiKey'),
    TWITTER_API_SECRET: value('apiKeySecret'),
  });
  expect(text).toContain('# OnceKey export: trend-watcher (Research Project)');

  // The App's history lists the export, with what it held.
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByRole('button', { name: 'History for trend-watcher' }).click();
  await expect(popup.getByRole('region', { name: 'Activity' })).toContainText(
    'exported as .env: API Key, API Key Secret',
  );

  // OnceKey remembers the names chosen for this App.
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByRole('button', { name: 'Export trend-watcher' }).click();
  await expect(popup.getByLabel('Variable names')).toHaveValue('twitter');
});

test('Download .env saves a file named after the App that dotenv reads back exactly', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  await startVault(popup);
  await captureModal(context);
  await popup.reload();
  await popup.getByRole('button', { name: 'Export trend-watcher' }).click();
  const [download] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: 'Download .env' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('trend-watcher.env');
  const text = await readFile((await download.path()) ?? '', 'utf8');
  expect(dotenv.parse(text)).toEqual({ X_API_KEY: value('apiKey'), X_API_SECRET: value('apiKeySecret') });
  await expect(popup.getByRole('status')).toHaveText(
    'Downloaded trend-watcher.env (2 credentials). Keep it out of version control.',
  );
});

test('after a regeneration on the portal, the App says its exported .env is stale', async ({ context, openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  const portal = await captureModal(context);
  await popup.reload();
  await popup.getByRole('button', { name: 'Export trend-watcher' }).click();
  await popup.getByRole('button', { name: 'Copy .env' }).click();
  await expect(popup.getByRole('status')).toContainText('Copied .env');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  const app = popup.getByRole('region', { name: 'trend-watcher' });
  await expect(app).not.toContainText('stale');

  // The user regenerates the key on the portal (the content script reports the confirmation).
  await portal.evaluate(() => {
    document.body.insertAdjacentHTML(
      'beforeend',
      '<div role="dialog" aria-modal="true"><p>Are you sure you want to regenerate your API Key and Secret?</p><button id="yes">Yes, regenerate</button></div>',
    );
  });
  await portal.locator('#yes').click();
  // The portal shows the new values once: only now are the old ones retired.
  await portal.evaluate(() => {
    for (const dialog of document.querySelectorAll('[role="dialog"]')) dialog.remove();
    document.body.insertAdjacentHTML(
      'beforeend',
      `<div role="dialog" aria-modal="true"><h2>API Key and Secret</h2>
        <p>API Key</p><p style="font-family:monospace">Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y</p>
        <p>API Key Secret</p><p style="font-family:monospace">Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7Cd9Ef1Gh</p></div>`,
    );
  });
  const today = new Date().toISOString().slice(0, 10);
  await expect(app).toContainText(`exported .env is stale since ${today}`);

  // The export view says so too, before the user exports again.
  await app.getByRole('button', { name: 'Export trend-watcher' }).click();
  await expect(popup.getByText(`exported .env is stale since ${today}`)).toBeVisible();
});
