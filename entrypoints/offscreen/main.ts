import { browser } from 'wxt/browser';
import { clearIfStill, documentClipboard, OFFSCREEN_CLEAR } from '@/utils/background/clipboard';

// Chrome only: the service worker has no clipboard, so it opens this document to clear
// a copied secret after the delay, even when the popup has long closed.
browser.runtime.onMessage.addListener((message, sender) => {
  const request = message as { type?: unknown; hash?: unknown };
  if (sender.id !== browser.runtime.id || request?.type !== OFFSCREEN_CLEAR || typeof request.hash !== 'string') {
    return undefined;
  }
  return clearIfStill(documentClipboard(document), request.hash);
});
