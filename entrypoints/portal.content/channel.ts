// The one place the content script talks to the background. It uses the browser's own
// runtime (`browser` in Firefox, `chrome` in Chrome: both return promises in Manifest V3)
// rather than webextension-polyfill, which would be a third of the script for one call.
import type { MessageName, Payload, Reply, ReplyOf } from '@/utils/protocol/messages';
import type { Filing, FilingPreview } from './capture';

export interface NativeRuntime {
  sendMessage(message: unknown): Promise<unknown>;
}

export interface PortalChannel {
  submit(capture: Payload<'capture.submit'>): Promise<ReplyOf<'capture.submit'>>;
  regenerated(regeneration: Payload<'capture.regenerated'>): Promise<null>;
  /** What saving would do: whether the vault knows the App, and what each value replaces. */
  preview(filing: Filing): Promise<FilingPreview>;
  /** A pair's new values are on display, saved or not: a pending regeneration takes effect. */
  seen(filing: Filing): Promise<null>;
  /** The user saved the App's settings form with this permission. */
  permission(reading: Payload<'portal.permission'>): Promise<null>;
}

/** The runtime the browser gives this content script, or undefined once OnceKey is gone. */
export function nativeRuntime(): NativeRuntime | undefined {
  const g = globalThis as { browser?: { runtime?: NativeRuntime }; chrome?: { runtime?: NativeRuntime } };
  return g.browser?.runtime ?? g.chrome?.runtime;
}

const NO_ANSWER = 'OnceKey did not answer. Try again, or reload the page.';

/** The background's refusal, with its code: an Error, not a class of its own, to keep this script small. */
const refusal = (code: string, message: string) => Object.assign(new Error(message), { code });

export function createChannel(runtime: () => NativeRuntime | undefined = nativeRuntime): PortalChannel {
  /** Sends one message and returns its reply's value, or throws the background's refusal
   * (which includes any message not open to the portal: the router checks the audience). */
  const send = async <N extends MessageName>(type: N, payload: Payload<N>): Promise<ReplyOf<N>> => {
    let reply: Reply<ReplyOf<N>> | undefined;
    try {
      reply = (await runtime()?.sendMessage({ type, payload })) as Reply<ReplyOf<N>> | undefined;
    } catch {
      // "Extension context invalidated" and the like: OnceKey was updated or reloaded.
      throw refusal('internal', NO_ANSWER);
    }
    if (!reply) throw refusal('internal', NO_ANSWER);
    if (!reply.ok) throw refusal(reply.error.code, reply.error.message);
    return reply.value;
  };
  return {
    submit: (capture) => send('capture.submit', capture),
    regenerated: (regeneration) => send('capture.regenerated', regeneration),
    preview: (filing) => send('capture.preview', filing),
    seen: (filing) => send('capture.seen', filing),
    permission: (reading) => send('portal.permission', reading),
  };
}
