import { extensionId, followServiceWorker, launchWithExtension } from '../../scripts/chromium.mjs';
import {
  createVault,
  expect,
  lock,
  PASSPHRASE,
  saveCapture,
  sendFromPage,
  startVault,
  test,
  unlock,
  WAITS,
} from './fixtures';

test('a new user creates a vault, locks it, and unlocks it with the right passphrase only', async ({ openPopup }) => {
  const popup = await openPopup();
  await expect(popup.getByRole('button', { name: 'Create vault' })).toBeDisabled();
  await popup.getByLabel('Passphrase', { exact: true }).fill('password1234');
  await expect(popup.getByText(/Strength: weak/)).toBeVisible();
  await createVault(popup);
  await expect(popup.getByText('Nothing saved yet.')).toBeVisible();

  await lock(popup);

  await unlock(popup, 'not my passphrase');
  await expect(popup.getByRole('alert')).toHaveText('That passphrase does not open this vault.');
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeHidden();

  await unlock(popup);
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
});

test('the vault stays unlocked when Chromium stops the service worker', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);

  const worker = await followServiceWorker(popup);
  await worker.stop();

  await popup.reload();
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  await expect(popup.getByText('Nothing saved yet.')).toBeVisible();
  // The popup may paint from the stored list before the worker answers: the fresh worker,
  // started by the popup's messages, says unlocked too, and the popup stays so.
  const reply = await sendFromPage(popup, 'vault.status', {});
  expect(reply.value).toMatchObject({ exists: true, locked: false });
  expect(worker.statuses.slice(worker.statuses.lastIndexOf('stopped'))).toContain('running');
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
});

test('after Chromium stops the service worker, the popup lists the Apps as last written, and none once locked', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, '28123456', 'rain-alerts', [{ kind: 'apiKey', value: 'x'.repeat(25) }]);
  const worker = await followServiceWorker(popup);
  const reopen = async () => {
    await worker.stop();
    await popup.reload();
  };
  const sessionText = () =>
    popup.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: { storage: { session: { get(): Promise<object> } } } };
      return JSON.stringify(await chrome.storage.session.get());
    });

  await popup.reload();
  await expect(popup.getByText('rain-alerts')).toBeVisible();
  await reopen();
  await expect(popup.getByText('rain-alerts')).toBeVisible();

  // A rename made by a worker that started since, then another stop: the new name, not the kept one.
  const list = await sendFromPage(popup, 'vault.list', {});
  const [app] = list.value as { id: string }[];
  expect((await sendFromPage(popup, 'app.update', { id: app?.id, appName: 'snow-alerts' })).ok).toBe(true);
  await reopen();
  await expect(popup.getByText('snow-alerts')).toBeVisible();
  await expect(popup.getByText('rain-alerts')).toBeHidden();

  await lock(popup);
  await reopen();
  await expect(popup.getByRole('button', { name: 'Unlock' })).toBeVisible();
  await expect(popup.getByText('snow-alerts')).toBeHidden();
  // Nothing of the list is left in the browser's memory for the session.
  expect(await sessionText()).not.toContain('alerts');
});

test('relaunching the browser on the same profile finds the vault locked', async ({ userDataDir }) => {
  const first = await launchWithExtension(userDataDir);
  const id = await extensionId(first);
  const popup = await first.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await createVault(popup);
  await first.close();

  const second = await launchWithExtension(userDataDir);
  try {
    const again = await second.newPage();
    await again.goto(`chrome-extension://${await extensionId(second)}/popup.html`);
    await expect(again.getByRole('button', { name: 'Unlock' })).toBeVisible();
    await unlock(again);
    await expect(again.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  } finally {
    await second.close();
  }
});

test('the vault locks itself after the idle timeout, and the open popup shows it', WAITS, async ({ openPopup }) => {
  // The shortest idle timeout Settings offers is a minute (shorter ones are refused).
  test.setTimeout(120_000);
  const popup = await openPopup();
  await startVault(popup);
  expect(await sendFromPage(popup, 'settings.set', { autoLockSeconds: 2 })).toMatchObject({ ok: false });
  expect(await sendFromPage(popup, 'settings.set', { autoLockSeconds: 60 })).toMatchObject({ ok: true });
  await expect(popup.getByRole('button', { name: 'Unlock' })).toBeVisible({ timeout: 80_000 });
  expect(await sendFromPage(popup, 'vault.status', {})).toEqual({ ok: true, value: { exists: true, locked: true } });
  await unlock(popup, PASSPHRASE);
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
});
