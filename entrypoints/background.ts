import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { LOCKED_NOTICE } from '@/utils/messages';
import { createRouter } from '@/utils/router';
import { createAutoLock } from '@/utils/vault/autolock';
import { createDb } from '@/utils/vault/db';
import { vaultHandlers } from '@/utils/vault/handlers';
import { storageSessionStore } from '@/utils/vault/session';
import { Vault } from '@/utils/vault/vault';

export default defineBackground(() => {
  // Chrome's default already keeps session storage from content scripts; say so explicitly.
  void browser.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });

  const vault = new Vault({
    db: createDb(),
    session: storageSessionStore(browser.storage.session),
    // Tell open popups; none open is not an error.
    onLock: () => void browser.runtime.sendMessage(LOCKED_NOTICE).catch(() => {}),
  });
  const autoLock = createAutoLock(vault, { alarms: browser.alarms, idle: browser.idle });
  // A capture arrived before any vault: open OnceKey in a tab to create one (once).
  let setupTab: number | undefined;
  const openSetup = async () => {
    if (setupTab !== undefined && (await browser.tabs.get(setupTab).catch(() => undefined))) return;
    setupTab = (await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') })).id;
  };
  const handle = createRouter({
    runtimeId: browser.runtime.id,
    extensionBase: browser.runtime.getURL('/'),
    handlers: vaultHandlers(vault, openSetup),
    beforeExtensionMessage: () => vault.touch(),
    afterExtensionMessage: () => autoLock.reschedule(),
  });

  browser.runtime.onMessage.addListener((message, sender) => handle(message, sender));
  browser.alarms.onAlarm.addListener(autoLock.onAlarm);
  browser.idle.onStateChanged.addListener(autoLock.onIdleStateChanged);
  void autoLock.reschedule();
});
