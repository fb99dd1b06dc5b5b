import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionId, launchWithExtension } from '../../scripts/chromium.mjs';
import { createVault, expect, PASSPHRASE, saveCapture, sendFromPage, startVault, test } from './fixtures';

const KEY = 'Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';
const SECRET = 'Pq2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu';
const OTHER_KEY = 'Zr4Tq8Wm2Xn6Bv1Lc9Kd3Hs7J';

/** Downloads a backup from Settings and returns the file's text. */
async function downloadBackup(popup: import('@playwright/test').Page): Promise<{ name: string; text: string }> {
  await popup.getByRole('button', { name: 'Settings' }).click();
  const [download] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: 'Download backup' }).click(),
  ]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path()) ?? '', 'utf8') };
}

// A browser of its own: it closes it.
test.describe(() => {
  test.use({ freshBrowser: true });

  test('back up on one profile, restore on a fresh one, and copy a value back', async ({ context, openPopup }) => {
    const popup = await openPopup();
    await createVault(popup);
    await saveCapture(popup, '28000021', 'backed-up-app', [
      { kind: 'apiKey', value: KEY },
      { kind: 'apiKeySecret', value: SECRET },
    ]);
    await popup.reload();
    const backup = await downloadBackup(popup);
    expect(backup.name).toMatch(/^oncekey-backup-\d{4}-\d{2}-\d{2}\.json$/);
    expect(backup.text).not.toContain(SECRET);
    expect(backup.text).not.toContain('backed-up-app');
    await context.close();

    // Another machine: a new profile, OnceKey freshly installed.
    const profile = await mkdtemp(join(tmpdir(), 'oncekey-restore-'));
    const fresh = await launchWithExtension(profile);
    try {
      await fresh.grantPermissions(['clipboard-read', 'clipboard-write']);
      const page = await fresh.newPage();
      await page.goto(`chrome-extension://${await extensionId(fresh)}/popup.html`);
      await page.getByText('Restore from a backup').click();
      const form = page.getByRole('form', { name: 'Restore' });
      // The wrong file first: said as soon as it is chosen, through the service worker.
      await form.getByLabel('Backup file').setInputFiles({
        name: 'keys.env',
        mimeType: 'text/plain',
        buffer: Buffer.from(`API_KEY=${KEY}\n`),
      });
      await expect(form.getByRole('alert')).toHaveText('This file is not a OnceKey backup.');
      await form.getByLabel('Passphrase of the backup').fill(PASSPHRASE);
      await expect(form.getByRole('button', { name: 'Restore' })).toBeDisabled();
      await form.getByLabel('Backup file').setInputFiles({
        name: backup.name,
        mimeType: 'application/json',
        buffer: Buffer.from(backup.text),
      });
      await expect(form.getByLabel('Backup file')).toHaveAccessibleDescription(
        /^A OnceKey backup from \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: 1 App and 2 credentials\.$/,
      );
      await expect(form.getByRole('alert')).toHaveCount(0);
      await form.getByLabel('Passphrase of the backup').fill('not the passphrase');
      await form.getByRole('button', { name: 'Restore' }).click();
      await expect(page.getByRole('alert')).toHaveText('That passphrase does not open this backup.');
      // Nothing was restored: still the first-run screen.
      await expect(page.getByRole('button', { name: 'Create vault' })).toBeVisible();

      await form.getByLabel('Passphrase of the backup').fill(PASSPHRASE);
      await form.getByRole('button', { name: 'Restore' }).click();
      await expect(page.getByRole('status')).toHaveText('Restored 1 App and 2 credentials.');
      const app = page.getByRole('region', { name: 'backed-up-app' });
      await app.getByRole('button', { name: 'Copy API Key Secret' }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(SECRET);
    } finally {
      await fresh.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});

test('merge a backup into the vault: a deleted App comes back, nothing is duplicated', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, '28000022', 'shared-app', [{ kind: 'apiKey', value: KEY }]);
  await saveCapture(popup, '28000023', 'only-in-backup', [{ kind: 'apiKey', value: OTHER_KEY }]);
  await popup.reload();
  const backup = await downloadBackup(popup);
  await popup.getByRole('button', { name: 'Back', exact: true }).click();

  // The vault moves on: one App deleted for good (the popup that deleted it closes).
  await sendFromPage(popup, 'app.delete', {
    id: ((await sendFromPage(popup, 'vault.list', {})).value as { id: string; appName: string }[]).find(
      (a) => a.appName === 'only-in-backup',
    )?.id,
  });
  await popup.reload();
  await expect(popup.getByRole('region', { name: 'only-in-backup' })).toHaveCount(0);

  await popup.getByRole('button', { name: 'Settings' }).click();
  const form = popup.getByRole('form', { name: 'Merge backup' });
  await form.getByLabel('Backup file').setInputFiles({
    name: backup.name,
    mimeType: 'application/json',
    buffer: Buffer.from(backup.text),
  });
  await form.getByLabel('Passphrase of the backup').fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Merge backup' }).click();
  await expect(popup.getByRole('status')).toHaveText('Merged the backup: 1 added, 1 already in this vault.');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(popup.getByRole('region', { name: 'only-in-backup' })).toBeVisible();
  await expect(popup.getByRole('region', { name: 'shared-app' }).getByRole('listitem')).toHaveCount(1);
});
