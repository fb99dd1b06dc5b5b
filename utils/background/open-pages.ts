import { PAGE_PORT } from '../protocol/messages';
import { type Sender, senderAudience } from '../protocol/router';

/** The parts of a `runtime.Port` this needs. */
export interface PagePort {
  name: string;
  sender?: Sender;
  disconnect(): void;
  onDisconnect: { addListener(callback: () => void): void };
}

export interface OpenPagesOptions {
  runtimeId: string;
  /** runtime.getURL('/'): the prefix of every extension page's URL. */
  extensionBase: string;
  /** Runs each time the last open OnceKey page closes. */
  onLastClosed: () => void;
}

/**
 * Counts OnceKey's open pages by the ports they hold (PAGE_PORT): deleted records wait for
 * "Undo" while a page is open, and no longer. A port from anything but OnceKey's own pages
 * is disconnected and not counted, so a content script cannot hold deletions back.
 */
export function createOpenPages({ runtimeId, extensionBase, onLastClosed }: OpenPagesOptions) {
  let openPages = 0;
  return function onConnect(port: PagePort): void {
    if (port.name !== PAGE_PORT || senderAudience(port.sender, runtimeId, extensionBase) !== 'extension') {
      port.disconnect();
      return;
    }
    openPages++;
    port.onDisconnect.addListener(() => {
      if (--openPages === 0) onLastClosed();
    });
  };
}
