import { browser } from 'wxt/browser';
import { RequestError } from './errors';
import { isFileMessage, NoAnswer, postToWorker } from './file-channel';
import type { MessageName, Payload, Reply, ReplyOf } from './messages';

export { RequestError };

const NO_ANSWER = 'OnceKey did not answer. Try again.';

/**
 * The pages send with the browser's own runtime (no polyfill, wxt.config.ts), which may reject
 * when the background closed the channel without a reply, where the polyfill gave undefined:
 * both say the same to the user. Any other failure keeps its own message.
 */
const unanswered = (error: unknown): undefined => {
  if (error instanceof Error && /message port closed|message channel closed/i.test(error.message)) return undefined;
  throw error;
};

/** Sends one message of the protocol to the background and returns its reply's value. */
export async function send<N extends MessageName>(type: N, payload: Payload<N>): Promise<ReplyOf<N>> {
  // A whole file goes to Chrome's service worker as a structured clone (file-channel.ts).
  const posted =
    isFileMessage(type) && !import.meta.env.FIREFOX
      ? await postToWorker({ type, payload }).catch((error) => {
          if (error instanceof NoAnswer) throw new RequestError('internal', NO_ANSWER);
          throw error;
        })
      : undefined;
  const reply = (posted ?? (await browser.runtime.sendMessage({ type, payload }).catch(unanswered))) as
    | Reply<ReplyOf<N>>
    | undefined;
  if (!reply) throw new RequestError('internal', NO_ANSWER);
  if (!reply.ok) throw new RequestError(reply.error.code, reply.error.message);
  return reply.value;
}
