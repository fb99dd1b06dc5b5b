import { browser } from 'wxt/browser';
import { RequestError } from './errors';
import type { MessageName, Payload, Reply, ReplyOf } from './messages';

export { RequestError };

/** Sends one message of the protocol to the background and returns its reply's value. */
export async function send<N extends MessageName>(type: N, payload: Payload<N>): Promise<ReplyOf<N>> {
  const reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<ReplyOf<N>> | undefined;
  if (!reply) throw new RequestError('internal', 'OnceKey did not answer. Try again.');
  if (!reply.ok) throw new RequestError(reply.error.code, reply.error.message);
  return reply.value;
}
