// Backups in Firefox: download one from Settings (a real download, into the profile's download
// folder), restore it on a fresh profile with a real file, and copy a value back.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  announced,
  click,
  copyBack,
  createVault,
  downloaded,
  expect,
  type Firefox,
  fieldHandle,
  fill,
  launchFirefox,
  openPopup,
  PASSPHRASE,
  role,
  saveApp,
  test,
  visible,
} from './firefox';

const KEY = 'Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';
const SECRET = 'Pq2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu';

test.describe.configure({ mode: 'serial' });
let firefox: Firefox;
let backup: { name: string; text: string };

test.afterAll(async () => {
  await firefox?.close();
});

test('Settings → Download backup saves an encrypted file', async ({ sharedFirefox }) => {
  firefox = await sharedFirefox.install();
  const popup = await openPopup(firefox.browser);
  await createVault(popup);
  const app = { appId: '28000021', appName: 'backed-up-app' };
  const saved = await saveApp(popup, app, [
    { kind: 'apiKey', value: KEY },
    { kind: 'apiKeySecret', value: SECRET },
  ]);
  expect(saved).toMatchObject({ ok: true });
  await click(popup, role('Settings'));
  await click(popup, role('Download backup'));
  backup = await downloaded(firefox.downloads, /^oncekey-backup-\d{4}-\d{2}-\d{2}\.json$/);
  expect(JSON.parse(backup.text)).toMatchObject({ format: 'oncekey-backup', version: 3 });
  expect(backup.text).not.toContain(SECRET);
  expect(backup.text).not.toContain('backed-up-app');
  await firefox.close();
});

test('on a fresh profile, the file restores only with its passphrase, and a value copies back', async () => {
  firefox = await launchFirefox();
  const file = join(firefox.downloads, backup.name);
  await writeFile(file, backup.text);
  const popup = await openPopup(firefox.browser);
  await popup.locator('::-p-text(Restore from a backup)').click();
  await (await fieldHandle(popup, 'Backup file')).uploadFile(file);
  // What the file holds, said by Firefox's background as soon as it is chosen.
  await visible(popup, '::-p-text(UTC: 1 App and 2 credentials.)');
  await fill(popup, 'Passphrase of the backup', 'not the passphrase');
  await click(popup, role('Restore'));
  await expect.poll(() => announced(popup, 'alert')).toBe('That passphrase does not open this backup.');
  // Nothing was restored: still the first-run screen.
  await visible(popup, role('Create vault'));

  await fill(popup, 'Passphrase of the backup', PASSPHRASE);
  await click(popup, role('Restore'));
  await expect.poll(() => announced(popup, 'status')).toBe('Restored 1 App and 2 credentials.');
  await visible(popup, role('backed-up-app', 'region'));
  expect(await copyBack(popup, 'API Key Secret')).toBe(SECRET);
});
