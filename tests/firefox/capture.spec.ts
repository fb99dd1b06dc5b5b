// On the portal in Firefox: the panel appears beside values shown once, a real click saves them while
// the vault is unlocked and while it is locked, and each value copies back exactly from the popup.
import { appTitle, fixture, fixtureHtml, label } from '../e2e/portal';
import {
  copyBack,
  createVault,
  expect,
  type Firefox,
  lock,
  openPopup,
  openPortal,
  panelStatus,
  panelText,
  role,
  saveButton,
  test,
  unlock,
  visible,
} from './firefox';

test.describe.configure({ mode: 'serial' });
let firefox: Firefox;

test.beforeAll(async ({ sharedFirefox }) => {
  firefox = await sharedFirefox.install();
  await createVault(await openPopup(firefox.browser));
});
test.afterAll(async () => {
  await firefox?.close();
});

test('a trusted click on the panel saves what the portal shows once, and each value copies back exactly', async () => {
  const page = fixture('x-modal-api-key.html');
  const portal = await openPortal(firefox.browser, page.url, fixtureHtml(page.file));
  const save = await saveButton(portal);
  expect(await save.evaluate((b) => b.textContent)).toBe('Save to OnceKey (2 credentials)');
  // The panel shows masked previews only, never a whole value.
  for (const c of page.expected.credentials) expect(await panelText(portal)).not.toContain(c.value);
  // ElementHandle.click() is a real (trusted) click, as the panel requires.
  await save.click();
  await expect.poll(() => panelStatus(portal)).toContain('Saved to OnceKey');

  const popup = await openPopup(firefox.browser);
  await visible(popup, role(appTitle(page.expected), 'region'));
  for (const c of page.expected.credentials) expect(await copyBack(popup, label(c.kind))).toBe(c.value);
  await popup.close();
});

test('saving while the vault is locked works, and the values are there after unlocking', async () => {
  const page = fixture('x-modal-access-token.html');
  const popup = await openPopup(firefox.browser);
  await lock(popup);
  const portal = await openPortal(firefox.browser, page.url, fixtureHtml(page.file));
  await (await saveButton(portal)).click();
  await expect.poll(() => panelStatus(portal)).toBe('Saved, unlock OnceKey to use them.');

  // Back to OnceKey's tab: Firefox throttles the timers of a tab in the background.
  await popup.bringToFront();
  await unlock(popup);
  await visible(popup, role(appTitle(page.expected), 'region'));
  for (const c of page.expected.credentials) expect(await copyBack(popup, label(c.kind))).toBe(c.value);
  expect(await popup.evaluate(() => document.body.textContent)).toContain('@trendwatcher');
});
