/** What the popup sees of a message's sender (runtime.MessageSender). */
export interface NoticeSender {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
}

/**
 * Whether a notice (LOCKED_NOTICE, CHANGED_NOTICE) comes from OnceKey's background: its
 * own id, no tab (a content script has one), and a URL, and origin where the browser
 * gives one, of the extension itself. A content script could otherwise make the popup
 * read the vault again and again.
 */
export function isFromBackground(sender: NoticeSender | undefined, runtimeId: string, extensionBase: string): boolean {
  if (!sender || sender.id !== runtimeId || sender.tab !== undefined) return false;
  if (typeof sender.url !== 'string' || !sender.url.startsWith(extensionBase)) return false;
  // The base is "<scheme>://<id>/"; its origin is that without the slash (URL's `origin` is
  // "null" for extension schemes in some engines).
  return sender.origin === undefined || sender.origin === extensionBase.replace(/\/$/, '');
}
