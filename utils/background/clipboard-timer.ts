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

/**
 * Copies whose clears are pending, at most this many. Each keeps its own: a copy scheduled
 * but never written (the popup closed before the export reached it, or the write was
 * refused) must not cancel the clear of the value still on the clipboard.
 */
const MAX_PENDING = 8;

export interface ClipboardTimerOptions {
  /** Memory-only session storage: the pending clears survive a stopped service worker. */
  area: SessionArea;
  alarms: { create(name: string, info: { when: number }): unknown };
  /** Clears the clipboard if it still holds the value with this hash; throws if it could not look. */
  clear: (hash: string) => Promise<boolean>;
  /** Every try failed: the clipboard may still hold the value. */
  onGiveUp?: () => Promise<void>;
  now?: () => number;
}

/**
 * Schedules "clear the clipboard in N seconds if it still holds what OnceKey copied". Each
 * copy's clear is forgotten only once it has run (or the user has been told it could not):
 * a failure is retried, and one clear runs at a time (Chrome has a single offscreen
 * document to do it with).
 */
export function createClipboardTimer({ area, alarms, clear, onGiveUp, now = Date.now }: ClipboardTimerOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  /** Each change reads the pending clears and writes them back: one at a time, so none is lost. */
  let changes: Promise<unknown> = Promise.resolve();
  const change = <T>(work: () => Promise<T>): Promise<T> => {
    const done = changes.then(work);
    changes = done.catch(() => undefined);
    return done;
  };

  const read = async (): Promise<PendingClear[]> => {
    const stored = (await area.get(KEY))[KEY] as PendingClear[] | undefined;
    return Array.isArray(stored) ? stored : [];
  };

  /** Stores the pending clears, and wakes the worker for the first (the timer is exact while it lives). */
  async function write(pending: PendingClear[]): Promise<void> {
    clearTimeout(timer);
    if (!pending.length) return area.remove(KEY);
    await area.set({ [KEY]: pending });
    const first = Math.min(...pending.map((p) => p.clearAt));
    timer = setTimeout(() => void run(), Math.max(0, first - now()) + 25);
    await alarms.create(CLIPBOARD_ALARM, { when: first });
  }

  const same = (a: PendingClear) => (b: PendingClear) => a.hash === b.hash && a.clearAt === b.clearAt;

  /** Replaces `pending` by `next` (or drops it), if a copy made meanwhile has not replaced it already. */
  function settle(pending: PendingClear, next?: PendingClear): Promise<boolean> {
    return change(async () => {
      const all = await read();
      const at = all.findIndex(same(pending));
      if (at < 0) return false;
      await write(next ? all.with(at, next) : all.toSpliced(at, 1));
      return true;
    });
  }

  async function attempt(pending: PendingClear): Promise<void> {
    try {
      await clear(pending.hash);
    } catch {
      const failures = (pending.failures ?? 0) + 1;
      if (failures >= MAX_TRIES) {
        if (await settle(pending)) await onGiveUp?.();
        return;
      }
      await settle(pending, { ...pending, clearAt: now() + RETRY_MS, failures });
      return;
    }
    await settle(pending);
  }

  /** Clears what is due, the earliest first; a copy made while a clear ran, and due by then, is cleared after it. */
  async function clearDue(): Promise<void> {
    const tried: PendingClear[] = [];
    for (;;) {
      const due = (await read()).filter((p) => p.clearAt <= now() && !tried.some(same(p)));
      if (!due.length) return;
      const first = due.reduce((a, b) => (b.clearAt < a.clearAt ? b : a));
      tried.push(first);
      await attempt(first);
    }
  }

  function run(): Promise<void> {
    running ??= clearDue().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    schedule(hash: string, seconds: number): Promise<void> {
      return change(async () => {
        // The same value copied again: one clear, at the later time.
        const others = (await read()).filter((p) => p.hash !== hash);
        await write([...others, { hash, clearAt: now() + seconds * 1000 }].slice(-MAX_PENDING));
      });
    },
    onAlarm(alarm: { name: string }) {
      if (alarm.name === CLIPBOARD_ALARM) void run();
    },
    /**
     * At every start of the background: what is due is cleared, and the rest is armed again.
     * A worker stopped between storing a clear and setting its alarm, or after the alarm fired
     * and before the clear ran, would otherwise leave that value on the clipboard.
     */
    async resume(): Promise<void> {
      await change(async () => {
        const pending = await read();
        if (pending.length) await write(pending);
      });
      await run();
    },
    run,
  };
}
