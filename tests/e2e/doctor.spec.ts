import type { Page } from '@playwright/test';
import { expect, saveCapture, startVault, test } from './fixtures';
import { fixtureHtml, pressSave, saveButton, servePortal } from './portal';

const KEYS_URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/keys';
const SETTINGS_URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/auth-settings';
const APP = 'trend-watcher';
const DRIFT = 'Made with Read Only. Regenerate it to post as @trendwatcher.';
// Fake values in the portal's formats; none is a real credential.
const NEW_TOKEN = {
  token: '1810982558290072140-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0',
  secret: 'Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9Pz0Xc1Vb2Nm3Lk4Jh5',
};

/** The keys tab with a new Access Token's dialog, as the fixture has it but made with Read Only. */
const readOnlyToken = fixtureHtml('x-modal-access-token.html').replace(
  '<p class="modal-subheading">Created with Read and Write permissions</p>',
  '<p class="modal-subheading">Created with Read Only permissions</p>',
);

/** The dialog a regeneration of the Access Token and Secret shows: new values, made with Read and Write. */
const original = fixtureHtml('x-modal-access-token.html');
const regeneratedDialog = original
  .slice(original.indexOf('<div class="ReactModalPortal">'), original.indexOf('</body>'))
  .replace('1810982558290072140-qyqU3yGSvwVNhqtcK7QYizBTc1zo0R', NEW_TOKEN.token)
  .replace('kD9TtwyzJEnVRvGArShVh5XfwgbmTrrGzS1ebYLM8SNrE', NEW_TOKEN.secret);

const appRegion = (popup: Page) => popup.getByRole('region', { name: APP });

test('an Access Token made with Read Only shows "permissions changed" once the App is saved with Read and write, until it is regenerated', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  await startVault(popup);
  await servePortal(
    context,
    new Map([
      [KEYS_URL, readOnlyToken],
      [SETTINGS_URL, fixtureHtml('x-user-auth-settings.html')],
    ]),
  );
  const portal = await context.newPage();
  await portal.goto(KEYS_URL);
  await pressSave(portal);
  await expect(portal.getByRole('region', { name: 'OnceKey' }).getByRole('status')).toContainText('Saved');

  await popup.reload();
  await expect(appRegion(popup).getByText('Acts as @trendwatcher with Read Only.').first()).toBeVisible();
  await expect(appRegion(popup).getByText('permissions changed')).toHaveCount(0);

  // The user switches the App to Read and write in its User authentication settings, and saves.
  await portal.goto(SETTINGS_URL);
  await portal.getByLabel('Read and write', { exact: true }).check();
  await portal.getByRole('button', { name: 'Save', exact: true }).click();

  await expect
    .poll(async () => {
      await popup.reload();
      return appRegion(popup).getByText('permissions changed').count();
    })
    .toBe(2);
  await expect(appRegion(popup).getByText(DRIFT).first()).toBeVisible();

  // History says it too.
  await popup.getByRole('button', { name: `History for ${APP}` }).click();
  await expect(popup.getByRole('region', { name: 'Access Token', exact: true }).getByText(DRIFT)).toBeVisible();

  // The user regenerates the token on the portal; it is made with Read and Write now.
  await portal.goto(KEYS_URL);
  await portal.evaluate((html) => {
    document.querySelector('.ReactModalPortal')?.remove();
    document.body.insertAdjacentHTML('beforeend', html);
  }, regeneratedDialog);
  await expect(saveButton(portal)).toBeVisible();
  await pressSave(portal);
  await expect(portal.getByRole('region', { name: 'OnceKey' }).getByRole('status')).toContainText('Saved');

  await popup.reload();
  await expect(appRegion(popup).getByText('Acts as @trendwatcher with Read and Write.').first()).toBeVisible();
  await expect(appRegion(popup).getByText('permissions changed')).toHaveCount(0);
  await expect(appRegion(popup).getByText(DRIFT)).toHaveCount(0);
});

test('copy as code: the curl snippet reads the Bearer Token from the variable the naming gives it, or carries it when asked', async ({
  context,
  openPopup,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await startVault(popup);
  // A fake Bearer Token in the portal's format; not a real credential.
  const bearer = `${'A'.repeat(21)}${'Ab1Cd2Ef3G'.repeat(3)}h4Ij5Kl6%3D${'Zy9Xw8Vu7T'.repeat(5)}`;
  await saveCapture(popup, '29384756', APP, [{ kind: 'bearerToken', value: bearer }]);
  await popup.reload();
  await popup.getByRole('button', { name: `Export ${APP}` }).click();
  await popup.getByLabel('Variable names').selectOption({ label: 'TWITTER_ prefix (TWITTER_API_KEY…)' });
  await popup.getByText('Copy as code').click();
  await popup.getByLabel('Library').selectOption({ label: 'curl (Bearer Token)' });
  await popup.getByRole('button', { name: 'Copy curl (Bearer Token) code' }).click();
  await expect(popup.getByRole('status')).toHaveText('Copied curl (Bearer Token) code.');
  const code = await popup.evaluate(() => navigator.clipboard.readText());
  expect(code).toContain('-H "Authorization: Bearer $TWITTER_BEARER_TOKEN"');
  expect(code).not.toContain(bearer);

  await popup.getByLabel('Write the values into the code (not the variables)').check();
  await popup.getByRole('button', { name: 'Copy curl (Bearer Token) code' }).click();
  await expect(popup.getByRole('status')).toHaveText(
    'Copied curl (Bearer Token) code. The clipboard is cleared in 30 s if it still holds it.',
  );
  expect(await popup.evaluate(() => navigator.clipboard.readText())).toContain(`'Authorization: Bearer ${bearer}'`);
});
