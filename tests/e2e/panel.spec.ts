import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ARMING_MS, IGNORED } from '../../entrypoints/portal.content/guard';
import { EXTENSION_DIR } from '../../scripts/chromium.mjs';
import { expect, sendFromPage, startVault, test } from './fixtures';
import { fixture, fixtureHtml, saveButton, servePortal } from './portal';

// The panel acts only on the user's own press of a button they can see: a page that focuses
// it to catch their Enter, covers it with a see-through decoy, or makes it invisible gets
// nothing saved, and the panel says why.

const page = fixture('x-modal-api-key.html');
const region = (portal: Page) => portal.getByRole('region', { name: 'OnceKey' });

async function savedCount(popup: Page): Promise<number> {
  const reply = await sendFromPage(popup, 'vault.list', {});
  const apps = (reply.value ?? []) as { credentials: unknown[] }[];
  return apps.flatMap((a) => a.credentials).length;
}

/** A vault, and the portal showing an App's new API Key and Secret with OnceKey's panel ready. */
async function setUp(context: import('@playwright/test').BrowserContext, openPopup: () => Promise<Page>) {
  const popup = await openPopup();
  await startVault(popup);
  await servePortal(context, new Map([[page.url, fixtureHtml(page.file)]]));
  const portal = await context.newPage();
  await portal.goto(page.url);
  await expect(saveButton(portal)).toBeEnabled();
  return { popup, portal };
}

/** A real mouse click at the middle of OnceKey's button, whatever lies on top of it. */
async function clickWhereTheButtonIs(portal: Page) {
  const box = await portal.locator('oncekey-panel button').boundingBox();
  if (!box) throw new Error('the button has no box');
  await portal.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

test('the extension lists no web-accessible resource, so a page cannot probe for OnceKey', () => {
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
  expect(manifest.content_scripts?.[0]?.js).toEqual(['content-scripts/portal.js']);
  expect(manifest.web_accessible_resources).toBeUndefined();
  expect(manifest.content_scripts?.[0]?.css).toBeUndefined();
});

test('the panel names the App the values will be filed under', async ({ context, openPopup }) => {
  const { portal } = await setUp(context, openPopup);
  await expect(region(portal)).toContainText('Files under “trend-watcher” (App 29384756)');
});

test('Enter on a button the page focused saves nothing; Tab to it, then Enter, saves', async ({
  context,
  openPopup,
}) => {
  const { popup, portal } = await setUp(context, openPopup);
  await portal.evaluate(() => document.querySelector('oncekey-panel')?.shadowRoot?.querySelector('button')?.focus());
  await expect(saveButton(portal)).toBeFocused();
  await portal.keyboard.press('Enter');
  await expect(region(portal).getByRole('status')).toHaveText(IGNORED.focus);
  await expect(saveButton(portal)).not.toBeFocused();
  expect(await savedCount(popup)).toBe(0);

  // The user reaches the button from the control before it in the tab order.
  await portal.getByRole('button', { name: 'Regenerate' }).focus();
  await portal.keyboard.press('Tab');
  await expect(saveButton(portal)).toBeFocused();
  await portal.keyboard.press('Enter');
  await expect(region(portal).getByRole('status')).toContainText('Saved to OnceKey');
  expect(await savedCount(popup)).toBe(2);
});

test('a see-through decoy over the button takes no click; once it is gone, a click saves', async ({
  context,
  openPopup,
}) => {
  const { popup, portal } = await setUp(context, openPopup);
  // An opaque box over OnceKey's button that lets clicks through to it.
  await portal.evaluate(() => {
    const button = document.querySelector('oncekey-panel')?.shadowRoot?.querySelector('button');
    const r = button?.getBoundingClientRect();
    if (!r) throw new Error('no button');
    const decoy = document.createElement('div');
    decoy.id = 'decoy';
    decoy.textContent = 'Continue';
    decoy.style.cssText = `position:fixed;left:${r.left - 4}px;top:${r.top - 4}px;width:${r.width + 8}px;height:${r.height + 8}px;background:#fff;z-index:99999;pointer-events:none`;
    document.body.append(decoy);
  });
  // Chromium reports the button covered; OnceKey marks it unavailable.
  await expect(saveButton(portal)).toBeDisabled();
  await clickWhereTheButtonIs(portal);
  await expect(region(portal).getByRole('status')).toHaveText(IGNORED.covered);
  expect(await savedCount(popup)).toBe(0);

  await portal.evaluate(() => document.getElementById('decoy')?.remove());
  await expect(saveButton(portal)).toBeEnabled();
  await saveButton(portal).click();
  await expect(region(portal).getByRole('status')).toContainText('Saved to OnceKey');
  expect(await savedCount(popup)).toBe(2);
});

test('a panel the page made invisible takes no click', async ({ context, openPopup }) => {
  const { popup, portal } = await setUp(context, openPopup);
  await portal.evaluate(() => {
    const dialog = document.querySelector('oncekey-panel')?.closest('[role="dialog"]') as HTMLElement | null;
    if (!dialog) throw new Error('no dialog');
    dialog.style.opacity = '0';
  });
  await expect(saveButton(portal)).toBeDisabled();
  await clickWhereTheButtonIs(portal);
  await expect(region(portal).getByRole('status')).toHaveText(IGNORED.covered);
  expect(await savedCount(popup)).toBe(0);
});

test('a button the page restyled through the open shadow root takes no click; as built, it saves', async ({
  context,
  openPopup,
}) => {
  const { popup, portal } = await setUp(context, openPopup);
  // What a page script can do to the button, the panel's shadow root being open. `cover` and
  // `overlay` stretch it (or what it draws), unseen, over the page, so the user's click on the
  // portal's own "Yes, I saved them" lands on it; the others disguise it where it stands.
  const tampering = {
    cover:
      'button { position: fixed; inset: 0; width: 100vw; height: 100vh; background: transparent; color: transparent }',
    overlay: "button::after { content: ''; position: fixed; inset: 0 }",
    'see-through': 'button { background: transparent !important; color: transparent !important }',
    'no text': 'button { font-size: 1px !important }',
    picture: 'button { background-image: linear-gradient(#fff, #fff) !important }',
  };
  // The host is in the page's own DOM: the panel's `:host` rules win over what the page sets there.
  const host = await portal.evaluate(() => {
    const el = document.querySelector('oncekey-panel') as HTMLElement;
    el.style.cssText =
      'opacity: 0 !important; position: fixed !important; inset: 0 !important; pointer-events: none !important';
    const { opacity, position, pointerEvents } = getComputedStyle(el);
    el.removeAttribute('style');
    return { opacity, position, pointerEvents };
  });
  expect(host).toEqual({ opacity: '1', position: 'static', pointerEvents: 'auto' });
  const own = await portal.getByRole('button', { name: 'Yes, I saved them' }).boundingBox();
  if (!own) throw new Error('the portal has no button');
  const ownCenter = { x: own.x + own.width / 2, y: own.y + own.height / 2 };
  for (const [name, css] of Object.entries(tampering)) {
    await portal.evaluate((rule) => {
      const root = document.querySelector('oncekey-panel')?.shadowRoot;
      if (!root) throw new Error('no panel');
      const style = document.createElement('style');
      style.id = 'page-tampering';
      style.textContent = rule;
      root.append(style);
    }, css);
    // Waited out, as a patient page would, so that only the change itself can give it away.
    await portal.waitForTimeout(ARMING_MS + 200);
    if (name === 'cover' || name === 'overlay') {
      const hit = await portal.evaluate((at) => document.elementFromPoint(at.x, at.y)?.localName, ownCenter);
      expect(hit, name).toBe('oncekey-panel');
      await portal.mouse.click(ownCenter.x, ownCenter.y);
    } else await clickWhereTheButtonIs(portal);
    await expect(region(portal).getByRole('status'), name).toHaveText(IGNORED.changed);
    await portal.evaluate(() =>
      document.querySelector('oncekey-panel')?.shadowRoot?.getElementById('page-tampering')?.remove(),
    );
  }
  // Relabelled as the portal's own button, while the pointer is elsewhere (the panel's next
  // redraw would put its own label back).
  await portal.mouse.move(1, 1);
  await portal.evaluate(() => {
    const button = document.querySelector('oncekey-panel')?.shadowRoot?.querySelector('button');
    if (button) button.textContent = 'Yes, I saved them';
  });
  await portal.waitForTimeout(ARMING_MS + 200);
  await clickWhereTheButtonIs(portal);
  await expect(region(portal).getByRole('status')).toHaveText(IGNORED.changed);
  expect(await savedCount(popup)).toBe(0);

  await portal.evaluate(() => {
    const button = document.querySelector('oncekey-panel')?.shadowRoot?.querySelector('button');
    if (button) button.textContent = 'Save to OnceKey (2 credentials)';
  });
  await portal.waitForTimeout(ARMING_MS + 200);
  await clickWhereTheButtonIs(portal);
  await expect(region(portal).getByRole('status')).toContainText('Saved to OnceKey');
  expect(await savedCount(popup)).toBe(2);
});

test('the page hears nothing from OnceKey, and cannot switch its panel off', async ({ context, openPopup }) => {
  // Everything posted to the page's window from the first script on, as a hostile page would listen.
  const listening = await context.addInitScript(() => {
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    window.addEventListener('message', (event) => heard.push(JSON.stringify(event.data)), true);
  });
  const { popup, portal } = await setUp(context, openPopup);
  expect(await portal.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([]);
  // What stopped a WXT content script: the "started" event under its name, from another copy.
  const extensionId = new URL(popup.url()).host;
  await portal.evaluate((id) => {
    const type = `${id}:portal:wxt:content-script-started`;
    document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'portal', messageId: 'page' } }));
    window.postMessage({ type, contentScriptName: 'portal', messageId: 'page' }, '*');
  }, extensionId);
  await saveButton(portal).click();
  await expect(region(portal).getByRole('status')).toContainText('Saved to OnceKey');
  expect(await savedCount(popup)).toBe(2);
  // The worker's browser runs the next test: it must not listen there.
  await listening.dispose();
});
