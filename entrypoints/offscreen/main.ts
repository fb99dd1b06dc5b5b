import { browser } from 'wxt/browser';
import { clearDocumentClipboard } from '@/utils/background/clipboard';
import { answerOffscreenClear } from '@/utils/background/offscreen-clipboard';

// Chrome only: the service worker has no clipboard, so it opens this document to clear
// a copied secret after the delay, even when the popup has long closed.
const background = { runtimeId: browser.runtime.id, url: browser.runtime.getURL('/background.js') };
browser.runtime.onMessage.addListener(answerOffscreenClear(background, clearDocumentClipboard(document)));
