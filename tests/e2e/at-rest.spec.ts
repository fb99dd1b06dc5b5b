import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createVault, expect, lock, PASSPHRASE, sendFromPage, test, unlock } from './fixtures';

// Fake values in the portal's formats: what a capture would store.
const SECRETS = {
  apiKey: 'Zr4Tq8Wm2Xn6Bv1Lc9Kd3Hs7J',
  apiKeySecret: 'Pq2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu',
  accessTokenSecret: 'Mn3Bv5Cx7Za9Sd1Fg3Hj5Kl7Qw9Er1Ty3Ui5Op7As9DfG',
};
// Its own browser: the test closes it and reads its whole profile folder.
test.use({ freshBrowser: true });

const APP_NAME = 'scan-test-sentinel-app';
const PORTAL_APP_ID = '28417365'; // an id, stored in plain: the scan must find it

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function needles(text: string): Buffer[] {
  return [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(Buffer.from(text).toString('base64'))];
}

test('nothing the user typed or captured is on disk in plain bytes after a full cycle', async ({
  context,
  openPopup,
  userDataDir,
}) => {
  const popup = await openPopup();
  await createVault(popup);
  const capture = (appId: string, credentials: { kind: string; value: string }[]) => ({
    host: 'developer.x.com',
    projectId: '1738291046573829104',
    projectName: 'Scan project',
    appId,
    appName: APP_NAME,
    at: Date.now(),
    credentials,
  });
  expect(
    await sendFromPage(
      popup,
      'capture.submit',
      capture(PORTAL_APP_ID, [
        { kind: 'apiKey', value: SECRETS.apiKey },
        { kind: 'apiKeySecret', value: SECRETS.apiKeySecret },
      ]),
    ),
  ).toEqual({ ok: true, value: { saved: 'filed' } });

  await lock(popup);
  expect(
    await sendFromPage(
      popup,
      'capture.submit',
      capture(PORTAL_APP_ID, [{ kind: 'accessTokenSecret', value: SECRETS.accessTokenSecret }]),
    ),
  ).toEqual({ ok: true, value: { saved: 'sealed' } });
  await unlock(popup);
  await expect(popup.getByRole('region', { name: APP_NAME })).toBeVisible();

  // The values come back exactly.
  const list = (await sendFromPage(popup, 'vault.list', {})).value as { credentials: { id: string; kind: string }[] }[];
  const stored: Record<string, unknown> = {};
  for (const c of list[0]?.credentials ?? [])
    stored[c.kind] = (await sendFromPage(popup, 'credential.value', { id: c.id })).value;
  expect(stored).toEqual(SECRETS);

  await lock(popup);
  await context.close();

  const files = await filesUnder(userDataDir);
  const contents = await Promise.all(files.map(async (file) => ({ file, bytes: await readFile(file) })));
  const found = (text: string) =>
    contents.filter(({ bytes }) => needles(text).some((needle) => bytes.includes(needle))).map(({ file }) => file);

  // The scan sees the vault's database: the App's portal id is stored in plain on purpose.
  expect(found(PORTAL_APP_ID).length).toBeGreaterThan(0);
  for (const secret of [...Object.values(SECRETS), PASSPHRASE, APP_NAME, 'Scan project']) {
    expect(found(secret), `plain "${secret.slice(0, 6)}…" on disk`).toEqual([]);
  }
});
