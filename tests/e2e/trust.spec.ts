import type { Page } from '@playwright/test';
import { expect, saveCapture, sendFromPage, startVault, test } from './fixtures';
import { fixtureHtml, pressSave, saveButton, servePortal } from './portal';

// The portal's keys tab with every value masked (nothing to capture), for an App OnceKey holds.
const KEYS_TAB = {
  file: 'x-keys-tab-all-masked.html',
  url: 'https://developer.x.com/en/portal/projects/1468091287391821824/apps/28000001/keys',
  appId: '28000001',
};
const APP = 'weather-bot';
// Fake values in the portal's formats; none is a real credential.
const SAVED = {
  apiKey: 'Sv2Kq9Zr2Lm7Tx1Bv6Cp3Hd8J',
  apiKeySecret: 'Sv8Xw2Ec4Rv6Tb8Yn0Um2Il4Ok6Pj8Hg0Fd2Sa4Zx6Cv8Bn0Mq',
};
const NEW = { apiKey: 'Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y', apiKeySecret: 'Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7Cd9Ef1Gh' };

/** The portal's "Are you sure?" for the API Key pair; `invisible`: a hostile page's full-page copy. */
const confirmDialog = (invisible: boolean) =>
  `<div role="dialog" aria-modal="true" id="confirm" style="${
    invisible ? 'position:fixed;inset:0;opacity:0;z-index:2147483647' : ''
  }"><h2>Regenerate API Key and Secret?</h2><p>Your old keys will stop working.</p>
  <button style="${invisible ? 'width:100vw;height:100vh' : ''}">Yes, regenerate</button></div>`;

/** The dialog that shows a pair's values once. */
const valuesDialog = (values: typeof NEW) => `<div role="dialog" aria-modal="true"><h2>API Key and Secret</h2>
  <p>API Key</p><p style="font-family:monospace">${values.apiKey}</p>
  <p>API Key Secret</p><p style="font-family:monospace">${values.apiKeySecret}</p></div>`;

interface Listed {
  appName?: string;
  credentials: { id: string; kind: string; version: number; status: string }[];
  regenerations?: { startedAt: number; kinds: string[] }[];
}
const list = async (popup: Page) => (await sendFromPage(popup, 'vault.list', {})).value as Listed[];
const statuses = async (popup: Page) =>
  (await list(popup)).flatMap((a) => a.credentials.map((c) => `${c.kind} v${c.version} ${c.status}`)).sort();

/** A vault holding the App's API Key and Secret, and the portal's keys tab open on it. */
async function savedPairAndPortal(context: import('@playwright/test').BrowserContext, openPopup: () => Promise<Page>) {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, KEYS_TAB.appId, APP, [
    { kind: 'apiKey', value: SAVED.apiKey },
    { kind: 'apiKeySecret', value: SAVED.apiKeySecret },
  ]);
  await servePortal(context, new Map([[KEYS_TAB.url, fixtureHtml(KEYS_TAB.file)]]));
  const portal = await context.newPage();
  await portal.goto(KEYS_TAB.url);
  return { popup, portal };
}

async function openHistory(popup: Page) {
  await popup.reload();
  await popup.getByRole('button', { name: `History for ${APP}` }).click();
  await expect(popup.getByRole('heading', { name: `History of ${APP}` })).toBeVisible();
}

test('an invisible "Yes, regenerate" takes the user’s click and no values follow: the saved keys stay current', async ({
  context,
  openPopup,
}) => {
  const { popup, portal } = await savedPairAndPortal(context, openPopup);
  await portal.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), confirmDialog(true));
  // The user clicks somewhere on the page: a trusted click, on the see-through button.
  await portal.mouse.click(300, 300);
  await expect.poll(async () => (await list(popup))[0]?.regenerations?.length).toBe(1);
  expect(await statuses(popup)).toEqual(['apiKey v1 active', 'apiKeySecret v1 active']);

  await openHistory(popup);
  await expect(
    popup.getByText(/^Regeneration started on .+ UTC; no new values seen for API Key and API Key Secret\./),
  ).toBeVisible();
  // The saved values still copy: they are what the App uses.
  const region = popup.getByRole('region', { name: 'API Key', exact: true });
  await expect(region.getByRole('listitem')).toHaveText([/^v1 · created .* · active/]);
});

test('a real regeneration whose new values are shown but not saved supersedes the old ones; "Make current again" restores one', async ({
  context,
  openPopup,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { popup, portal } = await savedPairAndPortal(context, openPopup);
  await portal.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), confirmDialog(false));
  await portal.getByRole('button', { name: 'Yes, regenerate' }).click();
  await expect.poll(async () => (await list(popup))[0]?.regenerations?.length).toBe(1);
  // The portal closes its question and shows the new values once; the user does not save them.
  await portal.evaluate((html) => {
    document.querySelector('#confirm')?.remove();
    document.body.insertAdjacentHTML('beforeend', html);
  }, valuesDialog(NEW));
  await expect(saveButton(portal)).toBeVisible();
  await expect.poll(() => statuses(popup)).toEqual(['apiKey v1 superseded', 'apiKeySecret v1 superseded']);

  await openHistory(popup);
  await expect(popup.getByText(/no new values seen/)).toHaveCount(0);
  const activity = popup.getByRole('region', { name: 'Activity' });
  await expect(activity).toContainText('API Key v1 superseded: its regeneration’s new values were shown on the portal');

  // The user knows better (they kept the old key in use): the old API Key is made current again.
  await popup.getByRole('button', { name: 'Make API Key v1 current again' }).click();
  await popup.getByRole('button', { name: 'Confirm: make API Key v1 current again' }).click();
  await expect(popup.getByRole('status')).toHaveText('API Key v1 is current again.');
  await expect(activity).toContainText('made API Key v1 current again');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByRole('region', { name: APP }).getByRole('button', { name: 'Copy API Key', exact: true }).click();
  await expect(popup.getByRole('status')).toContainText('Copied API Key.');
  expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(SAVED.apiKey);
});

test('a hostile page’s values: the panel names the App and what they replace; what they replaced can be made current again', async ({
  context,
  openPopup,
}) => {
  const { popup, portal } = await savedPairAndPortal(context, openPopup);
  // A page on the portal shows values in the right formats for that App, no regeneration asked.
  await portal.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), valuesDialog(NEW));
  const panel = portal.getByRole('region', { name: 'OnceKey' });
  await expect(saveButton(portal)).toBeVisible();
  // The panel says where the values go and what they replace, before the user saves
  // (the content script's panel: "App 28000001", "replaces the API Key saved <date>").
  const savedOn = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await expect.soft(panel).toContainText(`App ${KEYS_TAB.appId}`);
  await expect.soft(panel).toContainText(`replaces the API Key saved ${savedOn}`);
  await expect.soft(panel).toContainText(`replaces the API Key Secret saved ${savedOn}`);

  await pressSave(portal);
  await expect(panel.getByRole('status')).toContainText('Saved');
  expect(await statuses(popup)).toEqual([
    'apiKey v1 superseded',
    'apiKey v2 active',
    'apiKeySecret v1 superseded',
    'apiKeySecret v2 active',
  ]);
  await openHistory(popup);
  for (const kind of ['API Key', 'API Key Secret']) {
    await popup.getByRole('button', { name: `Make ${kind} v1 current again` }).click();
    await popup.getByRole('button', { name: `Confirm: make ${kind} v1 current again` }).click();
    await expect(popup.getByRole('status')).toHaveText(`${kind} v1 is current again.`);
  }
  expect(await statuses(popup)).toEqual([
    'apiKey v1 active',
    'apiKey v2 superseded',
    'apiKeySecret v1 active',
    'apiKeySecret v2 superseded',
  ]);
});

test('no web page, the portal’s included, can message OnceKey or connect to it', async ({ context, openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  await servePortal(context, new Map([[KEYS_TAB.url, fixtureHtml(KEYS_TAB.file)]]));
  const portal = await context.newPage();
  await portal.goto(KEYS_TAB.url);
  // externally_connectable allows nobody: the page's world has no extension messaging at all.
  expect(
    await portal.evaluate(() => {
      const { chrome } = globalThis as { chrome?: { runtime?: { sendMessage?: unknown; connect?: unknown } } };
      return [typeof chrome?.runtime?.sendMessage, typeof chrome?.runtime?.connect];
    }),
  ).toEqual(['undefined', 'undefined']);
});

test('OnceKey’s pages work under their content security policy, with no violation', async ({ context, openPopup }) => {
  const violations: string[] = [];
  context.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const popup = await openPopup();
  popup.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  // Its stylesheet, in its page (wxt.config.ts), applied: the body's default margin gone, its width set.
  expect(
    await popup.evaluate(() => [getComputedStyle(document.body).margin, getComputedStyle(document.body).width]),
  ).toEqual(['0px', '360px']);
  await startVault(popup);
  await saveCapture(popup, KEYS_TAB.appId, APP, [{ kind: 'apiKey', value: SAVED.apiKey }]);
  await popup.reload();
  await popup.getByRole('button', { name: `History for ${APP}` }).click();
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByRole('button', { name: 'Settings' }).click();
  // Timing the three strengths keeps a busy background for seconds: the figures come late.
  await expect(popup.getByRole('form', { name: 'Key derivation strength' })).toContainText(
    /unlock takes about [\d.]+ s here/,
    { timeout: 45_000 },
  );
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByRole('button', { name: `Export ${APP}` }).click();
  await expect(popup.getByRole('heading', { name: `Export ${APP}` })).toBeVisible();
  expect(violations).toEqual([]);
});
