import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { IGNORED } from '../../entrypoints/portal.content/guard';
import { extensionId, launchWithExtension, SHIPPED_EXTENSION_DIR } from '../../scripts/chromium.mjs';
import { expect, sendFromPage, startVault, test } from './fixtures';
import { fixture, fixtureHtml, heardByThePage, listenAsThePage, saveButton, servePortal } from './portal';

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
  const box = await saveButton(portal).boundingBox();
  if (!box) throw new Error('the button has no box');
  await portal.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

test('the extension lists no web-accessible resource, so a page cannot probe for OnceKey', () => {
  const manifest = JSON.parse(readFileSync(`${SHIPPED_EXTENSION_DIR}/manifest.json`, 'utf8'));
  expect(manifest.content_scripts?.[0]?.js).toEqual(['content-scripts/portal.js']);
  expect(manifest.web_accessible_resources).toBeUndefined();
  expect(manifest.content_scripts?.[0]?.css).toBeUndefined();
});

test('the panel names the App the values will be filed under', async ({ context, openPopup }) => {
  const { portal } = await setUp(context, openPopup);
  await expect(region(portal)).toContainText('Files under “trend-watcher” (App 29384756)');
});

test('Enter on a button the page focused saves nothing; Tab to it, then Enter, saves and keeps the focus', async ({
  context,
  openPopup,
}) => {
  const { popup, portal } = await setUp(context, openPopup);
  await portal.evaluate(() =>
    document.querySelector('[data-oncekey="panel"]')?.shadowRoot?.querySelector('button')?.focus(),
  );
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
  // The button is gone: the focus is on what the panel says, still in the dialog, not on the page.
  await expect(region(portal).getByRole('status')).toBeFocused();
  expect(await savedCount(popup)).toBe(2);
});

test('a see-through decoy over the button takes no click; once it is gone, a click saves', async ({
  context,
  openPopup,
}) => {
  const { popup, portal } = await setUp(context, openPopup);
  // An opaque box over OnceKey's button that lets clicks through to it.
  await portal.evaluate(() => {
    const button = document.querySelector('[data-oncekey="panel"]')?.shadowRoot?.querySelector('button');
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
    const dialog = document.querySelector('[data-oncekey="panel"]')?.closest('[role="dialog"]') as HTMLElement | null;
    if (!dialog) throw new Error('no dialog');
    dialog.style.opacity = '0';
  });
  await expect(saveButton(portal)).toBeDisabled();
  await clickWhereTheButtonIs(portal);
  await expect(region(portal).getByRole('status')).toHaveText(IGNORED.covered);
  expect(await savedCount(popup)).toBe(0);
});

test('in the build that ships, no script on a Chromium page can reach into the panel; the user’s click saves', async ({
  userDataDir,
}) => {
  // The shipped build, not the tests' copy with the panel's root opened (tests/global-setup.ts).
  const context = await launchWithExtension(userDataDir, {}, SHIPPED_EXTENSION_DIR);
  try {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${await extensionId(context)}/popup.html`);
    await startVault(popup);
    // A hostile page, from its first script: it defines an element of OnceKey's name itself, to be
    // handed the panel's root through ElementInternals were the panel one, and makes every shadow
    // root attached in its own world open.
    // Every event the user's pointer and focus make, heard first: does any name a node in the panel?
    await context.addInitScript(listenAsThePage, ['pointerover', 'pointerdown', 'focusin', 'click']);
    await context.addInitScript(() => {
      const seen = { constructed: 0, internals: [] as ElementInternals[] };
      (window as unknown as { seen: typeof seen }).seen = seen;
      customElements.define(
        'oncekey-panel',
        class extends HTMLElement {
          constructor() {
            super();
            seen.constructed++;
            seen.internals.push(this.attachInternals());
          }
        },
      );
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        return attach.call(this, { ...init, mode: 'open' });
      };
    });
    await servePortal(context, new Map([[page.url, fixtureHtml(page.file)]]));
    const portal = await context.newPage();
    await portal.goto(page.url);
    await expect(portal.locator('[data-oncekey="panel"]')).toHaveCount(1);
    await portal.evaluate(() => document.body.append(document.createElement('oncekey-panel')));
    const reach = await portal.evaluate(() => {
      const host = document.querySelector('[data-oncekey="panel"]') as HTMLElement;
      const { seen } = window as unknown as { seen: { constructed: number; internals: ElementInternals[] } };
      let attached = 'refused';
      try {
        host.attachShadow({ mode: 'open' });
        attached = 'attached';
      } catch {}
      // Finding the button's words selects them: the selection names the host, not the text inside.
      const found = (window as unknown as { find(text: string): boolean }).find('Save to OnceKey');
      const anchor = getSelection()?.anchorNode;
      return {
        found,
        selection: anchor === host || anchor?.contains(host) ? 'at the host' : String(anchor?.nodeName),
        shadowRoot: host.shadowRoot,
        // The page's own element, made by the page, for comparison: only it was constructed.
        constructed: seen.constructed,
        viaInternals: seen.internals.map((i) => i.shadowRoot),
        attached,
        text: host.textContent,
      };
    });
    expect(reach).toEqual({
      found: true,
      selection: 'at the host',
      shadowRoot: null,
      constructed: 1,
      viaInternals: [null],
      attached: 'refused',
      text: '',
    });

    // The user sees the button and clicks it: found through the DevTools protocol, which sees closed roots.
    const cdp = await context.newCDPSession(portal);
    type Node = { nodeId: number; nodeName: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
    const findButton = async () => {
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
      const walk = (node: Node, inPanel: boolean): Node | undefined => {
        if (inPanel && node.nodeName === 'BUTTON') return node;
        for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
          const found = walk(child, inPanel || !!node.attributes?.includes('data-oncekey'));
          if (found) return found;
        }
        return undefined;
      };
      return walk(root, false);
    };
    await expect.poll(async () => (await findButton())?.attributes?.includes('aria-disabled')).toBe(false);
    const button = await findButton();
    const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: button?.nodeId ?? 0 })) as {
      model: { content: number[] };
    };
    const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = model.content;
    await portal.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
    await expect.poll(() => savedCount(popup)).toBe(2);
    // What the page heard of that click named nothing inside the panel.
    const heard = await portal.evaluate(heardByThePage);
    expect(heard.events).toBeGreaterThan(0);
    expect(heard.inside).toBe(0);
  } finally {
    await context.close();
  }
});

test('a page cannot stretch the panel’s host over the page to catch the user’s clicks', async ({
  context,
  openPopup,
}) => {
  const { popup, portal } = await setUp(context, openPopup);
  // The host is in the page's DOM, and its ::before is not inside the shadow root.
  await portal.addStyleTag({
    content: '[data-oncekey="panel"]::before { content: ""; position: fixed; inset: 0; z-index: 2147483647 }',
  });
  const cover = await portal.evaluate(
    () => getComputedStyle(document.querySelector('[data-oncekey="panel"]') as Element, '::before').content,
  );
  expect(cover).toBe('none');
  // The user clicks the page, away from the panel: the panel keeps no focus from it.
  await portal.mouse.click(5, 5);
  await expect(saveButton(portal)).not.toBeFocused();
  await portal.keyboard.press('Enter');
  expect(await savedCount(popup)).toBe(0);
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
