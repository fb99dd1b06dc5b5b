import type { SessionArea } from '../vault/session';

export const CLIPBOARD_ALARM = 'oncekey.clipboard';
const KEY = 'oncekey.clipboard';

interface PendingClear {
  /** SHA-256 of the copied value: enough to recognise it, useless to anyone reading it. */
  hash: string;
  clearAt: number;
}

export interface ClipboardTimerOptions {
  /** Memory-only session storage: the pending clear survives a stopped service worker. */
  area: SessionArea;
  alarms: { create(name: string, info: { when: number }): unknown };
  /** Clears the clipboard if it still holds the value with this hash. */
  clear: (hash: string) => Promise<boolean>;
  now?: () => number;
}

/** Schedules "clear the clipboard in N seconds if it still holds what OnceKey copied". */
export function createClipboardTimer({ area, alarms, clear, now = Date.now }: ClipboardTimerOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function run(): Promise<void> {
    const pending = (await area.get(KEY))[KEY] as PendingClear | undefined;
    if (!pending || pending.clearAt > now()) return;
    await area.remove(KEY);
    await clear(pending.hash);
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
