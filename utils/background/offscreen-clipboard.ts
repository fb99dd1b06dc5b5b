/**
 * Chrome's service worker has no clipboard: it opens an offscreen document, asks it to clear
 * the clipboard, and closes it. Both halves of that exchange live here.
 */

/** Offscreen document ← background: clear the clipboard if it still holds this hash. */
export const OFFSCREEN_CLEAR = 'offscreen.clearClipboard';

/** The parts of Chrome's runtime and offscreen APIs the background side uses. */
export interface OffscreenApis {
  runtime: {
    getURL(path: '/offscreen.html'): string;
    getContexts(filter: { contextTypes: ['OFFSCREEN_DOCUMENT'] }): Promise<unknown[]>;
    sendMessage(message: { type: typeof OFFSCREEN_CLEAR; hash: string }): Promise<unknown>;
  };
  offscreen: {
    createDocument(parameters: { url: string; reasons: ['CLIPBOARD']; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
  };
}

/** The background's side: clears the clipboard through a short-lived offscreen document. */
export function offscreenClear({ runtime, offscreen }: OffscreenApis) {
  return async (hash: string): Promise<boolean> => {
    const url = runtime.getURL('/offscreen.html');
    const contexts = await runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    if (!contexts.length) {
      await offscreen.createDocument({
        url,
        reasons: ['CLIPBOARD'],
        justification: 'Clear a copied secret from the clipboard after the delay the user chose.',
      });
    }
    try {
      const cleared = await runtime.sendMessage({ type: OFFSCREEN_CLEAR, hash });
      // No answer is not "nothing to clear": the timer tries again.
      if (typeof cleared !== 'boolean') throw new Error('The offscreen document did not answer.');
      return cleared;
    } finally {
      await offscreen.closeDocument();
    }
  };
}

/**
 * The offscreen document's side: a runtime.onMessage listener that clears the clipboard
 * when OnceKey's own background asks, and ignores every other message and sender: OnceKey's
 * content script has the same extension id, but a tab and a page's URL; its pages have
 * their own URLs. Only the background's script URL is the background.
 */
export function answerOffscreenClear(
  background: { runtimeId: string; url: string },
  clear: (hash: string) => Promise<boolean>,
) {
  return (message: unknown, sender: { id?: string; url?: string; tab?: unknown }): Promise<boolean> | undefined => {
    const request = message as { type?: unknown; hash?: unknown } | undefined;
    if (sender.id !== background.runtimeId || sender.tab !== undefined || sender.url !== background.url) {
      return undefined;
    }
    if (request?.type !== OFFSCREEN_CLEAR || typeof request.hash !== 'string') return undefined;
    return clear(request.hash);
  };
}
