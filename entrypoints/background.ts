import Dexie, { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createAutoLock } from '@/utils/background/autolock';
import { clearIfStill, documentClipboard, OFFSCREEN_CLEAR } from '@/utils/background/clipboard';
import { createClipboardTimer } from '@/utils/background/clipboard-timer';
import { vaultHandlers } from '@/utils/background/handlers';
import { remindOverdue } from '@/utils/background/reminders';
import { CHANGED_NOTICE, LOCKED_NOTICE, PAGE_PORT } from '@/utils/protocol/messages';
import { createRouter, senderAudience } from '@/utils/protocol/router';
import { createDb } from '@/utils/vault/db';
import { storageSessionStore } from '@/utils/vault/session';
import { TRASH_MS, Vault } from '@/utils/vault/vault';

const BADGE_ALARM = 'oncekey.badge';
const LAST_REMINDER_KEY = 'oncekey.lastReminderAt';

/** Chrome's service worker has no clipboard: an offscreen document does the clearing. */
async function clearViaOffscreen(hash: string): Promise<boolean> {
  const url = browser.runtime.getURL('/offscreen.html');
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (!contexts.length) {
    await browser.offscreen.createDocument({
      url,
      reasons: ['CLIPBOARD'],
      justification: 'Clear a copied secret from the clipboard after the delay the user chose.',
    });
  }
  try {
    return (await browser.runtime.sendMessage({ type: OFFSCREEN_CLEAR, hash })) === true;
  } finally {
    await browser.offscreen.closeDocument();
  }
}

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
  const clipboard = createClipboardTimer({
    area: browser.storage.session,
    alarms: browser.alarms,
    clear: (hash) =>
      import.meta.env.CHROME ? clearViaOffscreen(hash) : clearIfStill(documentClipboard(document), hash),
  });
  browser.alarms.onAlarm.addListener(clipboard.onAlarm);

  const extensionBase = browser.runtime.getURL('/');
  const handle = createRouter({
    runtimeId: browser.runtime.id,
    extensionBase,
    handlers: vaultHandlers(vault, {
      openSetup,
      scheduleClipboardClear: (hash, seconds) => clipboard.schedule(hash, seconds),
    }),
    beforeExtensionMessage: () => vault.touch(),
    afterExtensionMessage: () => autoLock.reschedule(),
  });

  // The toolbar badge counts overdue credentials, locked or not (due dates are plain).
  const showBadge = async (overdue: number) => {
    await browser.action.setBadgeBackgroundColor({ color: '#c4161c' });
    await browser.action.setBadgeText({ text: overdue ? String(overdue) : '' });
    await browser.action.setTitle({ title: overdue ? `OnceKey: ${overdue} overdue for rotation` : 'OnceKey' });
  };

  // Dexie re-runs the count whenever the credentials change; the hourly alarm covers due
  // dates passing while nothing changes.
  liveQuery(() => vault.overdueCount()).subscribe({ next: (overdue) => void showBadge(overdue) });

  const remind = () =>
    remindOverdue({
      vault,
      lastShown: {
        get: async () => Number((await browser.storage.local.get(LAST_REMINDER_KEY))[LAST_REMINDER_KEY] ?? 0),
        set: (at) => browser.storage.local.set({ [LAST_REMINDER_KEY]: at }),
      },
      notify: async (title, message) => {
        await browser.notifications.create('oncekey.rotation', {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title,
          message,
        });
      },
    });
  browser.notifications.onClicked.addListener((id) => {
    if (id === 'oncekey.rotation') void browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== BADGE_ALARM) return;
    void vault.overdueCount().then(showBadge);
    void remind();
    void vault.emptyTrash(TRASH_MS);
  });
  void browser.alarms.create(BADGE_ALARM, { periodInMinutes: 60 });
  void remind();

  // Open OnceKey pages follow the vault: a capture on the portal shows up in the popup at once.
  let changed: ReturnType<typeof setTimeout> | undefined;
  Dexie.on('storagemutated', () => {
    clearTimeout(changed);
    changed = setTimeout(() => void browser.runtime.sendMessage(CHANGED_NOTICE).catch(() => {}), 50);
  });

  // Deleted records wait for "Undo" while a OnceKey page is open, and no longer.
  let openPages = 0;
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PAGE_PORT || senderAudience(port.sender, browser.runtime.id, extensionBase) !== 'extension') {
      port.disconnect();
      return;
    }
    openPages++;
    port.onDisconnect.addListener(() => {
      if (--openPages === 0) void vault.emptyTrash();
    });
  });

  browser.runtime.onMessage.addListener((message, sender) => handle(message, sender));
  browser.alarms.onAlarm.addListener(autoLock.onAlarm);
  browser.idle.onStateChanged.addListener(autoLock.onIdleStateChanged);
  void autoLock.reschedule();
});
