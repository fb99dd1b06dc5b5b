import type { MessageName, Reply } from './messages';
import { NOT_FROM_US, refuse, UNEXPECTED, UNKNOWN_MESSAGE } from './refusals';
import type { Sender } from './router';

/**
 * Whole files to Chrome's service worker by `postMessage`, not `runtime.sendMessage`.
 *
 * A backup to inspect, restore or merge is one string of up to MAX_BACKUP_CHARS. Chrome serializes an
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
export const FILE_MESSAGES = [
  'backup.inspect',
  'backup.restore',
  'backup.merge',
] as const satisfies readonly MessageName[];

type FileMessage = (typeof FILE_MESSAGES)[number];

export const isFileMessage = (type: string): type is FileMessage => (FILE_MESSAGES as readonly string[]).includes(type);

/** The parts of a page's `navigator.serviceWorker` this uses. */
interface Container {
  getRegistration(): Promise<
    { active: { postMessage(message: unknown, transfer: Transferable[]): void } | null } | undefined
  >;
}

/**
 * Chrome stops a service worker whose event runs this long; a worker that stopped (or
 * crashed) never answers, and the page would wait for ever without this.
 */
export const WORKER_PATIENCE_MS = 5 * 60_000;

/** The worker took the message and gave no answer: neither path may send it again. */
export class NoAnswer extends Error {}

/**
 * Posts `message` to the extension's active service worker and resolves with its reply. It
 * resolves with undefined at once if this page has no worker to post to (Firefox, tests) or
 * the post itself failed: nothing was sent, and the caller sends it the usual way. Once
 * posted, it throws NoAnswer if no reply came within `patienceMs`.
 */
export async function postToWorker(
  message: { type: FileMessage; payload: unknown },
  container: Container | undefined = (globalThis.navigator as { serviceWorker?: Container } | undefined)?.serviceWorker,
  patienceMs = WORKER_PATIENCE_MS,
): Promise<Reply<unknown> | undefined> {
  const { port1, port2 } = new MessageChannel();
  const replied = new Promise<Reply<unknown>>((resolve) => {
    port1.onmessage = (event: MessageEvent) => resolve(event.data as Reply<unknown>);
  });
  try {
    const worker = (await container?.getRegistration())?.active;
    if (!worker) return undefined;
    worker.postMessage(message, [port2]);
  } catch {
    port1.close();
    return undefined;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      replied,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new NoAnswer()), patienceMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    port1.close();
  }
}

/** The parts of a service worker's `message` event (ExtendableMessageEvent) this reads. */
export interface WorkerMessageEvent {
  data: unknown;
  origin: string;
  source: { url?: unknown } | null;
  ports: readonly { postMessage(reply: unknown): void }[];
  waitUntil(promise: Promise<unknown>): void;
}

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
  // `URL.origin` is "null" for chrome-extension: URLs outside Chrome; the base minus its path is the origin.
  const { protocol, host } = new URL(options.extensionBase);
  const origin = `${protocol}//${host}`;
  scope.addEventListener('message', (event) => {
    const port = event.ports[0];
    if (!port) return;
    const answer = async (): Promise<Reply<unknown>> => {
      const url = event.source?.url;
      if (event.origin !== origin || typeof url !== 'string') {
        return refuse('forbidden', NOT_FROM_US);
      }
      const type = (event.data as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !isFileMessage(type)) {
        return refuse('invalid-message', UNKNOWN_MESSAGE);
      }
      return options.handle(event.data, { id: options.runtimeId, url });
    };
    event.waitUntil(
      answer()
        .catch(() => refuse('internal', UNEXPECTED))
        .then((reply) => port.postMessage(reply)),
    );
  });
}
