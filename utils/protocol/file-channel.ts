import type { MessageName, Reply } from './messages';
import type { Sender } from './router';

/**
 * Whole files to Chrome's service worker by `postMessage`, not `runtime.sendMessage`.
 *
 * A backup to restore or merge is one string of up to MAX_BACKUP_CHARS. Chrome serializes an
 * extension message through its own value conversion: a 1 MB file took ~140 ms to reach the
 * service worker's listener here, against ~30 ms as a structured clone posted to the worker
 * (issue 14's restore). Only the messages named below travel this way; the reply comes back
 * on a MessageChannel port, and the service worker answers through the same router (sender,
 * schema and handler) as every other message.
 *
 * Who can post to the worker: only a client of its own registration, that is a page of the
 * extension's own origin. Content scripts run in the portal's origin and web pages in theirs;
 * each message is checked for that origin anyway, and anything else on this channel is refused.
 * Firefox's background is a page, not a service worker: its files go by runtime messaging,
 * which it clones as structured data already.
 */
export const FILE_MESSAGES = ['backup.restore', 'backup.merge'] as const satisfies readonly MessageName[];

type FileMessage = (typeof FILE_MESSAGES)[number];

export const isFileMessage = (type: string): type is FileMessage => (FILE_MESSAGES as readonly string[]).includes(type);

/** The parts of a page's `navigator.serviceWorker` this uses. */
interface Container {
  getRegistration(): Promise<
    { active: { postMessage(message: unknown, transfer: Transferable[]): void } | null } | undefined
  >;
}

/**
 * Posts `message` to the extension's active service worker and resolves with its reply, or
 * with undefined at once if this page has none (Firefox, tests): the caller sends it the usual way.
 */
export async function postToWorker(
  message: { type: FileMessage; payload: unknown },
  container: Container | undefined = (globalThis.navigator as { serviceWorker?: Container } | undefined)?.serviceWorker,
): Promise<Reply<unknown> | undefined> {
  const worker = (await container?.getRegistration())?.active;
  if (!worker) return undefined;
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.onmessage = (event: MessageEvent) => {
      port1.close();
      resolve(event.data as Reply<unknown>);
    };
    worker.postMessage(message, [port2]);
  });
}

/** The parts of a service worker's `message` event (ExtendableMessageEvent) this reads. */
export interface WorkerMessageEvent {
  data: unknown;
  origin: string;
  source: { url?: unknown } | null;
  ports: readonly { postMessage(reply: unknown): void }[];
  waitUntil(promise: Promise<unknown>): void;
}

const refuse = (code: string, message: string): Reply<never> => ({ ok: false, error: { code, message } });

/**
 * The service worker's side: answers FILE_MESSAGES posted by the extension's own pages
 * through `handle` (the router), kept alive until the reply is posted.
 */
export function acceptFiles(
  scope: { addEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void },
  options: {
    runtimeId: string;
    extensionBase: string;
    handle: (message: unknown, sender: Sender) => Promise<Reply<unknown>>;
  },
): void {
  const origin = new URL(options.extensionBase).origin;
  scope.addEventListener('message', (event) => {
    const port = event.ports[0];
    if (!port) return;
    const answer = async (): Promise<Reply<unknown>> => {
      const url = event.source?.url;
      if (event.origin !== origin || typeof url !== 'string') {
        return refuse('forbidden', 'OnceKey accepts messages only from itself and the X developer portal.');
      }
      const type = (event.data as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !isFileMessage(type)) {
        return refuse('invalid-message', 'OnceKey does not know that message.');
      }
      return options.handle(event.data, { id: options.runtimeId, url });
    };
    event.waitUntil(
      answer()
        .catch(() => refuse('internal', 'OnceKey hit an unexpected error; the vault was left as it was.'))
        .then((reply) => port.postMessage(reply)),
    );
  });
}
