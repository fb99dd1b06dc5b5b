// The Firefox build as it ships. Every other Firefox test loads a copy whose capture panel's shadow root
// is open, so that they can find its button (tests/global-setup.ts); here the root is closed, as users
// get it. Firefox's WebDriver BiDi does not see into a closed root either (its accessibility locator finds
// none of the panel's nodes), so the user reaches the button as a keyboard user does: Tab, then Enter.
import type { Page } from 'puppeteer-core';
import { ARMING_MS } from '../../entrypoints/portal.content/guard';
import { appTitle, fixture, fixtureHtml, heardByThePage, label, listenAsThePage } from '../e2e/portal';
import {
  copyBack,
  createVault,
  expect,
  type Firefox,
  openPopup,
  openPortal,
  role,
  SHIPPED_EXTENSION_DIR,
  send,
  test,
  visible,
} from './firefox';

const page = fixture('x-modal-api-key.html');

let firefox: Firefox;
test.afterAll(async () => {
  await firefox?.close();
});

/** How many credentials the vault holds, as the popup's list reply has them. */
async function savedCount(popup: Page): Promise<number> {
  const reply = await send(popup, 'vault.list', {});
  return ((reply.value ?? []) as { credentials: unknown[] }[]).flatMap((a) => a.credentials).length;
}

test('in the build that ships, page scripts find no way into the panel; the user’s Tab and Enter save', async ({
  sharedFirefox,
}) => {
  firefox = await sharedFirefox.install(SHIPPED_EXTENSION_DIR);
  const popup = await openPopup(firefox.browser);
  // The popup's stylesheet is in its page, allowed by its hash: Firefox applies it (an unstyled
  // popup would keep the body's default margin and fill the window's width).
  expect(
    await popup.evaluate(() => [getComputedStyle(document.body).margin, getComputedStyle(document.body).width]),
  ).toEqual(['0px', '360px']);
  await createVault(popup);
  const portal = await openPortal(firefox.browser, page.url, fixtureHtml(page.file));
  // Every event the user's keys and focus make, heard first by the page: does any name a node in the panel?
  await portal.evaluate(listenAsThePage, ['keydown', 'focusin', 'click']);
  await portal.waitForSelector('[data-oncekey="panel"]');

  const reach = await portal.evaluate(() => {
    const host = document.querySelector('[data-oncekey="panel"]') as HTMLElement;
    let attached = 'refused';
    try {
      host.attachShadow({ mode: 'open' });
      attached = 'attached';
    } catch {}
    return {
      // The panel is in a shadow root: the page cannot attach one, and sees no text in the host…
      attached,
      text: host.textContent,
      // …and that root is closed: null to the page, and no root it can open holds OnceKey's button.
      shadowRoot: host.shadowRoot,
      buttons: [...document.querySelectorAll('*')].flatMap((el) =>
        [...(el.shadowRoot?.querySelectorAll('button') ?? [])].map((b) => b.textContent),
      ),
    };
  });
  expect(reach).toEqual({ attached: 'refused', text: '', shadowRoot: null, buttons: [] });
  // Nor does Firefox's accessibility locator, which finds the page's own buttons.
  expect(await portal.$(role('Save to OnceKey (2 credentials)'))).toBeNull();
  expect(await portal.$(role('Yes, I saved them'))).not.toBeNull();

  // The panel takes presses once it has been in place for ARMING_MS, as a user meets it.
  await new Promise((resolve) => setTimeout(resolve, ARMING_MS + 200));
  // The user tabs until the focus is in the panel (the page sees only its host), then presses Enter.
  const focused = () => portal.evaluate(() => document.activeElement?.getAttribute('data-oncekey') ?? '');
  for (let i = 0; i < 20 && (await focused()) !== 'panel'; i++) await portal.keyboard.press('Tab');
  expect(await focused()).toBe('panel');
  await portal.keyboard.press('Enter');

  await expect
    .poll(() => savedCount(popup), {
      message: 'the vault holds what the user saved with Enter (the page cannot read why the panel ignored a press)',
    })
    .toBe(page.expected.credentials.length);
  const list = await openPopup(firefox.browser);
  await visible(list, role(appTitle(page.expected), 'region'));
  for (const c of page.expected.credentials) expect(await copyBack(list, label(c.kind))).toBe(c.value);
  // What the page heard of the user's keys named nothing inside the panel.
  const heard = await portal.evaluate(heardByThePage);
  expect(heard.events).toBeGreaterThan(0);
  expect(heard.inside).toBe(0);
});
