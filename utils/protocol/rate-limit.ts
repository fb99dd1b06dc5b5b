import type { MessageName } from './messages';

/**
 * Per-tab rate limits on what a portal tab may ask of the background, kept in the
 * background's memory: a compromised page can send no more than this whatever it tries,
 * and the limits of utils/vault/limits.ts bound what it can make OnceKey store.
 */
export const RATE_WINDOW_MS = 60_000;
export const RATE_LIMIT = 20;

/** The messages that are limited, each with what a refusal says. */
const LIMITED: Partial<Record<MessageName, string>> = {
  'capture.submit': 'Too many captures from this tab; wait a minute.',
  'capture.regenerated': 'Too many regenerations reported from this tab; wait a minute.',
  'capture.seen': 'Too many values reported from this tab; wait a minute.',
  'capture.preview': 'Too many questions from this tab; wait a minute.',
  'portal.permission': 'Too many permission changes reported from this tab; wait a minute.',
};

/** Returns a check: the refusal's sentence if this tab is over its limit for this message, else undefined. */
export function createRateLimit(now: () => number = Date.now) {
  /** When each accepted message was sent, by tab and message, within the window. */
  const recent = new Map<string, number[]>();
  let lastSweep = 0;

  return function overLimit(name: MessageName, tabId: number): string | undefined {
    const refusal = LIMITED[name];
    if (!refusal) return undefined;
    const at = now();
    const since = at - RATE_WINDOW_MS;
    // Tabs that went quiet are forgotten, so the map holds active tabs only.
    if (at - lastSweep > RATE_WINDOW_MS) {
      lastSweep = at;
      for (const [key, times] of recent) if ((times.at(-1) ?? 0) <= since) recent.delete(key);
    }
    const key = `${tabId}:${name}`;
    const times = (recent.get(key) ?? []).filter((t) => t > since);
    if (times.length >= RATE_LIMIT) {
      recent.set(key, times);
      return refusal;
    }
    times.push(at);
    recent.set(key, times);
    return undefined;
  };
}
