import * as v from 'valibot';
import { VaultError } from '../crypto/errors';
import { isPortalUrl } from '../portal/hosts';
import { type Audience, MESSAGES, type MessageName, type Payload, type Reply, type ReplyOf } from './messages';
import { NOT_FROM_US, refuse, UNEXPECTED, UNKNOWN_MESSAGE } from './refusals';

/** The parts of `runtime.MessageSender` the router trusts. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  /** 0 for a tab's top frame: content scripts in the portal's iframes are refused. */
  frameId?: number;
}

/** Who a handler is answering: OnceKey's own page, or the portal's content script in this tab. */
export interface From {
  audience: Audience;
  tabId?: number;
}

export type Handlers = { [N in MessageName]: (payload: Payload<N>, from: From) => Promise<ReplyOf<N>> };

export interface RouterOptions {
  runtimeId: string;
  /** runtime.getURL('/'): the prefix of every extension page's URL. */
  extensionBase: string;
  handlers: Handlers;
  /** Runs before each accepted message from an extension page (user activity). */
  beforeExtensionMessage?: () => Promise<void>;
  /** Runs after each accepted message from an extension page, even if it failed. */
  afterExtensionMessage?: () => Promise<void>;
  /** The refusal's sentence if this portal tab sent too many of this message (rate-limit.ts). */
  overLimit?: (name: MessageName, tabId: number) => string | undefined;
}

/** Who sent a message: one of OnceKey's own pages, its content script on the portal, or nobody we trust. */
export function senderAudience(
  sender: Sender | undefined,
  runtimeId: string,
  extensionBase: string,
): Audience | undefined {
  if (!sender || sender.id !== runtimeId || typeof sender.url !== 'string') return undefined;
  if (sender.url.startsWith(extensionBase)) return 'extension';
  // The top frame only: an iframe on a portal page (an ad, an embed) is not the portal.
  if (sender.tab && sender.frameId === 0 && isPortalUrl(sender.url)) return 'portal';
  return undefined;
}

function isEnvelope(message: unknown): message is { type: string; payload: unknown } {
  if (typeof message !== 'object' || message === null) return false;
  const proto = Object.getPrototypeOf(message);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Reflect.ownKeys(message);
  return (
    keys.length === 2 &&
    keys.includes('type') &&
    keys.includes('payload') &&
    typeof (message as { type: unknown }).type === 'string'
  );
}

export function createRouter(options: RouterOptions) {
  const { handlers } = options;
  return async function handle(message: unknown, sender: Sender): Promise<Reply<unknown>> {
    const audience = senderAudience(sender, options.runtimeId, options.extensionBase);
    if (!audience) return refuse('forbidden', NOT_FROM_US);
    if (!isEnvelope(message) || !Object.hasOwn(MESSAGES, message.type)) {
      return refuse('invalid-message', UNKNOWN_MESSAGE);
    }
    const name = message.type as MessageName;
    const definition = MESSAGES[name];
    if (definition.from === 'extension' && audience !== 'extension') {
      return refuse('forbidden', 'Only OnceKey itself may do that.');
    }
    const parsed = v.safeParse(definition.payload, message.payload);
    if (!parsed.success) return refuse('invalid-message', `The "${name}" message was malformed.`);
    const from: From = { audience };
    if (audience === 'portal') {
      // The background keeps the time of what the portal reports; a page does not get to say it.
      if (definition.stamped && Object.hasOwn(parsed.output as object, 'at')) {
        return refuse('invalid-message', 'The portal may not date a capture: OnceKey uses its own clock.');
      }
      from.tabId = sender.tab?.id ?? -1;
      const over = options.overLimit?.(name, from.tabId);
      if (over) return refuse('rate-limited', over);
    }
    // The user's own actions postpone auto-lock; a page reading again on its own (passive) does not.
    const activity = audience === 'extension' && (parsed.output as { passive?: unknown }).passive !== true;

    try {
      if (activity) await options.beforeExtensionMessage?.();
      const handler = handlers[name] as (payload: unknown, from: From) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.output, from) };
    } catch (error) {
      if (error instanceof VaultError) return refuse(error.code, error.message);
      return refuse('internal', UNEXPECTED);
    } finally {
      if (activity) await options.afterExtensionMessage?.();
    }
  };
}
