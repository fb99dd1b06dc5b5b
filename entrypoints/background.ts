import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createAutoLock } from '@/utils/background/autolock';
import { createBadge } from '@/utils/background/badge';
import { createChangeBroadcast, tellOpenPages } from '@/utils/background/change-broadcast';
import { clearDocumentClipboard } from '@/utils/background/clipboard';
import { clipboardGiveUpNotice } from '@/utils/background/clipboard-notice';
import { createClipboardTimer } from '@/utils/background/clipboard-timer';
import { setupCommandLine } from '@/utils/background/command-line-setup';
import { vaultHandlers } from '@/utils/background/handlers';
import { createHourly } from '@/utils/background/hourly';
import { offscreenClear } from '@/utils/background/offscreen-clipboard';
import { createOpenPages } from '@/utils/background/open-pages';
import { createReminder } from '@/utils/background/reminders';
import { createSetupTab } from '@/utils/background/setup-tab';
import { acceptFiles } from '@/utils/protocol/file-channel';
import { LOCKED_NOTICE } from '@/utils/protocol/messages';
import { createRateLimit } from '@/utils/protocol/rate-limit';
import { createRouter } from '@/utils/protocol/router';
import { createDb } from '@/utils/vault/db';
import { storageSessionStore } from '@/utils/vault/session';
import { TRASH_MS, Vault } from '@/utils/vault/vault';

// Creates the services and registers every listener synchronously, as an MV3 service worker must.
export default defineBackground(() => {
  // Chrome's default already keeps session storage from content scripts; say so explicitly.
  void browser.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  const session = storageSessionStore(browser.storage.session);
  const onLock = () => {
    tellOpenPages(browser.runtime, LOCKED_NOTICE);
    commandLine.locked();
  };
  // The list is read again a second after the last write, for the next popup (list-cache.ts).
  const vault = new Vault({ db: createDb(), session, onLock, refreshListAfterMs: 1000 });
  const commandLine = setupCommandLine(vault, browser, { firefox: import.meta.env.FIREFOX });
  const autoLock = createAutoLock(vault, browser);
  const clear = import.meta.env.CHROME ? offscreenClear(browser) : clearDocumentClipboard(document);
  const clipboard = createClipboardTimer({
    area: browser.storage.session,
    alarms: browser.alarms,
    clear,
    onGiveUp: clipboardGiveUpNotice(browser),
  });
  const [runtimeId, extensionBase] = [browser.runtime.id, browser.runtime.getURL('/')];
  const vaultChanged = createChangeBroadcast(browser.runtime);
  const handlers = vaultHandlers(vault, {
    vaultOpened: vaultChanged,
    openSetup: createSetupTab(browser),
    scheduleClipboardClear: clipboard.schedule,
    commandLine: commandLine.services,
  });
  const handle = createRouter({
    runtimeId,
    extensionBase,
    handlers,
    beforeExtensionMessage: () => vault.touch(),
    afterExtensionMessage: autoLock.reschedule,
    overLimit: createRateLimit(),
  });
  const badge = createBadge(vault, browser.action);
  const reminder = createReminder(vault, browser);
  const hourly = createHourly(browser.alarms, [badge.refresh, reminder.remind, () => vault.emptyTrash(TRASH_MS)]);

  browser.alarms.onAlarm.addListener(clipboard.onAlarm);
  void clipboard.resume();
  badge.follow();
  browser.notifications.onClicked.addListener(reminder.onNotificationClicked);
  browser.alarms.onAlarm.addListener(hourly.onAlarm);
  void hourly.start();
  // Heard so that the browser starts the background when it starts: alarms may not survive a
  // browser restart, nor does the toolbar badge, and this run of the code above sets both.
  browser.runtime.onStartup.addListener(() => {});
  void reminder.remind();
  Dexie.on('storagemutated', vaultChanged);
  browser.runtime.onConnect.addListener(
    createOpenPages({ runtimeId, extensionBase, onLastClosed: () => void vault.emptyTrash() }),
  );
  browser.runtime.onMessage.addListener((message, sender) => handle(message, sender));
  // Backups to restore or merge, posted by the extension's own pages (file-channel.ts).
  // The same condition as the pages' (client.ts): every build but Firefox's posts backups here.
  if (!import.meta.env.FIREFOX)
    acceptFiles(globalThis as unknown as Parameters<typeof acceptFiles>[0], { runtimeId, extensionBase, handle });
  browser.alarms.onAlarm.addListener(autoLock.onAlarm);
  browser.idle.onStateChanged.addListener(autoLock.onIdleStateChanged);
  void autoLock.reschedule();
});
