// A new Firefox user: creates a vault, locks it, is refused a wrong passphrase, unlocks; then quits
// Firefox and starts it again on the same profile, and finds the vault locked, with its contents.
import { rm } from 'node:fs/promises';
import { test } from '@playwright/test';
import {
  announced,
  copyBack,
  createVault,
  expect,
  type Firefox,
  fill,
  gone,
  launchFirefox,
  lock,
  newProfile,
  openPopup,
  role,
  saveApp,
  send,
  unlock,
  visible,
} from './firefox';

const KEY = 'Fx4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';

test.describe.configure({ mode: 'serial' });
let profile: string;
let firefox: Firefox;

test.beforeAll(async () => {
  profile = await newProfile();
  firefox = await launchFirefox(profile);
});
test.afterAll(async () => {
  await firefox?.close();
  await rm(profile, { recursive: true, force: true });
});

test('a new user creates a vault, locks it, and unlocks it with the right passphrase only', async () => {
  const popup = await openPopup(firefox.browser);
  await fill(popup, 'Passphrase', 'password1234');
  await expect.poll(() => popup.evaluate(() => document.body.textContent)).toMatch(/Strength: weak/);
  await createVault(popup);
  await visible(popup, '::-p-text(Nothing saved yet.)');

  await lock(popup);
  await unlock(popup, 'not my passphrase');
  await expect.poll(() => announced(popup, 'alert')).toBe('That passphrase does not open this vault.');
  await gone(popup, role('Lock'));

  await unlock(popup);
  await visible(popup, role('Lock'));
  // Something to find again after the restart.
  expect(await saveApp(popup, { appId: '28000031', appName: 'restart-app' }, [{ kind: 'apiKey', value: KEY }])).toEqual(
    { ok: true, value: { saved: 'filed' } },
  );
});

test('quitting Firefox and starting it again on the same profile finds the vault locked, and it unlocks', async () => {
  await firefox.close();
  firefox = await launchFirefox(profile);
  const popup = await openPopup(firefox.browser);
  await visible(popup, role('Unlock'));
  expect(await send(popup, 'vault.status', {})).toEqual({ ok: true, value: { exists: true, locked: true } });
  await unlock(popup);
  await visible(popup, role('restart-app', 'region'));
  expect(await copyBack(popup, 'API Key')).toBe(KEY);
});
