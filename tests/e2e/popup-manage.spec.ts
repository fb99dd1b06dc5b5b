import type { Page } from '@playwright/test';
import { badgeText, createVault, expect, lock, PASSPHRASE, saveCapture, startVault, test } from './fixtures';

const KEY = 'Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';
const SECRET = 'Pq2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu';

test('delete an App after confirming, undo it, then delete it for good when the popup closes', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, '28000011', 'doomed-app', [{ kind: 'apiKey', value: KEY }]);
  await popup.reload();
  await popup.getByRole('button', { name: 'History for doomed-app' }).click();

  // The first press only asks.
  await popup.getByRole('button', { name: 'Delete doomed-app' }).click();
  await expect(popup.getByRole('heading', { name: 'History of doomed-app' })).toBeVisible();
  await popup.getByRole('button', { name: 'Confirm: delete doomed-app and its 1 credential' }).click();
  await expect(popup.getByRole('status')).toHaveText('Deleted doomed-app.');
  await expect(popup.getByRole('region', { name: 'doomed-app' })).toHaveCount(0);

  await popup.getByRole('button', { name: 'Undo' }).click();
  await expect(popup.getByRole('status')).toHaveText('Deletion undone.');
  await expect(popup.getByRole('region', { name: 'doomed-app' })).toBeVisible();

  await popup.getByRole('button', { name: 'History for doomed-app' }).click();
  await popup.getByRole('button', { name: 'Delete doomed-app' }).click();
  await popup.getByRole('button', { name: /^Confirm: delete doomed-app/ }).click();
  await expect(popup.getByRole('button', { name: 'Undo' })).toBeVisible();
  // Closing the popup, the last of OnceKey's pages, makes the deletion final: the trash that
  // Undo restores from is emptied. (The list hides the App from the moment it is deleted.)
  expect(await trashed(popup)).toBe(1);
  await popup.close();
  const again = await openPopup();
  await expect(again.getByText('Nothing saved yet.')).toBeVisible();
  await expect.poll(() => trashed(again)).toBe(0);
});

/** How many deletions wait in the vault's trash, read from IndexedDB by an extension page. */
function trashed(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('oncekey');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('trash').objectStore('trash').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

test('delete one version of a credential, and undo it', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, '28000012', 'two-keys', [
    { kind: 'apiKey', value: KEY },
    { kind: 'apiKeySecret', value: SECRET },
  ]);
  await popup.reload();
  await popup.getByRole('button', { name: 'History for two-keys' }).click();
  await popup.getByRole('button', { name: 'Delete API Key Secret v1' }).click();
  await popup.getByRole('button', { name: 'Confirm: delete API Key Secret v1' }).click();
  await expect(popup.getByRole('status')).toHaveText('Deleted API Key Secret v1.');
  await expect(popup.getByRole('region', { name: 'API Key Secret' })).toHaveCount(0);
  await popup.getByRole('button', { name: 'Undo' }).click();
  await expect(popup.getByRole('region', { name: 'API Key Secret' })).toBeVisible();
});

test('add a credential by pasting it: a wrong format is refused, a right one is listed and copied back', async ({
  context,
  openPopup,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await startVault(popup);
  await popup.getByRole('button', { name: 'Add', exact: true }).click();
  const form = popup.getByRole('form', { name: 'Add a credential' });
  await form.getByLabel('App name').fill('pasted-bot');
  await form.getByLabel('Kind').selectOption({ label: 'API Key Secret' });
  await form.getByLabel('Value').fill(KEY);
  await form.getByRole('button', { name: 'Add credential' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'That does not look like an API Key Secret: expected 50 letters and digits (41 to 43 for older Apps).',
  );
  await form.getByLabel('Value').fill(SECRET);
  await form.getByRole('button', { name: 'Add credential' }).click();
  await expect(popup.getByRole('heading', { name: 'History of pasted-bot' })).toBeVisible();
  await expect(popup.getByRole('status')).toHaveText('Added API Key Secret.');

  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  const app = popup.getByRole('region', { name: 'pasted-bot' });
  await app.getByRole('button', { name: 'Copy API Key Secret' }).click();
  await expect.poll(() => popup.evaluate(() => navigator.clipboard.readText())).toBe(SECRET);
});

test('a rotation period per kind moves that kind into "overdue" and the badge follows', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(
    popup,
    '28000013',
    'period-app',
    [
      { kind: 'apiKey', value: KEY },
      { kind: 'apiKeySecret', value: SECRET },
    ],
    40,
  );
  await popup.reload();
  const app = popup.getByRole('region', { name: 'period-app' });
  await expect(app.getByText('overdue', { exact: true })).toHaveCount(0);

  await popup.getByRole('button', { name: 'Settings' }).click();
  await popup.getByText('Rotation reminder per kind').click();
  const field = popup.getByLabel('API Key Secret (days)');
  await field.fill('30');
  await field.press('Tab');
  await expect(popup.getByRole('status')).toHaveText('Settings saved.');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.reload();
  await expect(app.getByRole('listitem').filter({ hasText: 'API Key Secret' })).toContainText('overdue');
  await expect(app.getByRole('listitem').filter({ hasText: /^API Key(?! Secret)/ })).not.toContainText('overdue');
  await expect.poll(() => badgeText(popup)).toBe('1');
});

test('settings show what each key-derivation strength costs here, and a stronger one still unlocks', async ({
  openPopup,
}) => {
  test.slow(); // Argon2id at 128 MiB applied, then unlocked with.
  const popup = await openPopup();
  await createVault(popup);
  await popup.getByRole('button', { name: 'Settings' }).click();
  const strength = popup.getByRole('form', { name: 'Key derivation strength' });
  await expect(strength).toContainText('Now: 64 MiB, 3 passes.');
  await expect(strength.getByText(/unlock takes about [\d.]+ s here/)).toHaveCount(3);
  await strength.getByLabel(/^Strong \(128 MiB/).check();
  await strength.getByLabel('Passphrase to apply it').fill(PASSPHRASE);
  await strength.getByRole('button', { name: 'Apply strength' }).click();
  await expect(popup.getByRole('status')).toHaveText(/^Strength changed\./);
  await expect(strength).toContainText('Now: 128 MiB, 4 passes.');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await lock(popup);
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
});

test('every screen fits the popup’s width without horizontal scrolling', async ({ openPopup }) => {
  const popup = await openPopup();
  const fits = async (screen: string) => {
    // How far the rightmost box sticks out past the popup's 360 px body.
    const overflow = await popup.evaluate(() => {
      const edge = document.body.getBoundingClientRect().right;
      const rights = [...document.body.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right);
      return Math.max(0, ...rights) - edge;
    });
    expect(overflow, `${screen} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
  };
  await fits('create vault');
  await startVault(popup);
  await saveCapture(popup, '28000014', 'a_rather_long_application_name_for_the_width_check_01', [
    { kind: 'apiKey', value: KEY },
    { kind: 'apiKeySecret', value: SECRET },
  ]);
  await popup.reload();
  await fits('list');
  await popup.getByRole('button', { name: /^Export / }).click();
  await fits('export');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByRole('button', { name: /^History for / }).click();
  await popup.getByText(/^Add a credential to /).click();
  await fits('history');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByRole('button', { name: 'Add', exact: true }).click();
  await fits('add');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByRole('button', { name: 'Settings' }).click();
  await popup.getByText('Rotation reminder per kind').click();
  await fits('settings');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await lock(popup);
  await fits('locked');
});
