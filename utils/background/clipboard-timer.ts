import type { SessionArea } from '../vault/session';

export const CLIPBOARD_ALARM = 'oncekey.clipboard';
const KEY = 'oncekey.clipboard';

/** A clear that failed (the offscreen document would not open, the clipboard threw) is tried again a minute later… */
export const RETRY_MS = 60_000;
/** …up to this many tries in all; then the user is told (`onGiveUp`) rather than left believing it was cleared. */
export const MAX_TRIES = 4;

interface PendingClear {
  /** SHA-256 of the copied value: enough to recognise it, useless to anyone reading it. */
  hash: string;
  clearAt: number;
  /** Tries that failed so far. */
  failures?: number;
}

export interface ClipboardTimerOptions {
  /** Memory-only session storage: the pending clear survives a stopped service worker. */
  area: SessionArea;
  alarms: { create(name: string, info: { when: number }): unknown };
  /** Clears the clipboard if it still holds the value with this hash; throws if it could not look. */
  clear: (hash: string) => Promise<boolean>;
  /** Every try failed: the clipboard may still hold the value. */
  onGiveUp?: () => Promise<void>;
  now?: () => number;
}

/**
 * Schedules "clear the clipboard in N seconds if it still holds what OnceKey copied". The
 * pending clear is forgotten only once a clear has run (or the user has been told it could
 * not): a failure is retried, and one clear runs at a time (Chrome has a single offscreen
 * document to do it with).
 */
export function createClipboardTimer({ area, alarms, clear, onGiveUp, now = Date.now }: ClipboardTimerOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  const read = async () => (await area.get(KEY))[KEY] as PendingClear | undefined;

  /** Whether `pending` is still the clear to make: a copy made since has its own, and keeps it. */
  const stillPending = async (pending: PendingClear) => {
    const current = await read();
    return current?.hash === pending.hash && current.clearAt === pending.clearAt;
  };

  async function attempt(pending: PendingClear): Promise<void> {
    try {
      await clear(pending.hash);
    } catch {
      // The user copied again while this try ran: that copy replaced what this one would
      // have cleared, and its own clear must not be overwritten by this one's retry.
      if (!(await stillPending(pending))) return;
      const failures = (pending.failures ?? 0) + 1;
      if (failures >= MAX_TRIES) {
        await area.remove(KEY);
        await onGiveUp?.();
        return;
      }
      const clearAt = now() + RETRY_MS;
      await area.set({ [KEY]: { ...pending, clearAt, failures } satisfies PendingClear });
      await alarms.create(CLIPBOARD_ALARM, { when: clearAt });
      return;
    }
    // A copy made while this one ran has its own pending clear: keep it.
    if (await stillPending(pending)) await area.remove(KEY);
  }

  /** Clears what is due; a copy made while a clear ran, and due by then, is cleared after it. */
  async function clearDue(): Promise<void> {
    let last: PendingClear | undefined;
    for (;;) {
      const pending = await read();
      if (!pending || pending.clearAt > now()) return;
      if (last && pending.hash === last.hash && pending.clearAt === last.clearAt) return;
      last = pending;
      await attempt(pending);
    }
  }

  function run(): Promise<void> {
    running ??= clearDue().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    async schedule(hash: string, seconds: number): Promise<void> {
      clearTimeout(timer);
      const clearAt = now() + seconds * 1000;
      await area.set({ [KEY]: { hash, clearAt } satisfies PendingClear });
      // The timer is exact while the worker lives; the alarm wakes a stopped one.
      timer = setTimeout(() => void run(), seconds * 1000 + 25);
      await alarms.create(CLIPBOARD_ALARM, { when: clearAt });
    },
    onAlarm(alarm: { name: string }) {
      if (alarm.name === CLIPBOARD_ALARM) void run();
    },
    run,
  };
}
