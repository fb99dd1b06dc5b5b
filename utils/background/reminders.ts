import { KIND_LABELS, KINDS, type Kind } from '../kinds';
import { DAY_MS } from '../rotation';
import type { Vault } from '../vault/vault';

export interface ReminderDeps {
  vault: Pick<Vault, 'overdueCredentials' | 'status' | 'list'>;
  /** When the last reminder was shown (ms; 0 if never): plain, kept outside the vault. */
  lastShown: { get(): Promise<number>; set(at: number): Promise<void> };
  /**
   * The overdue credentials' ids already announced (undefined if never stored): plain, kept
   * outside the vault. Ids only, of credentials still overdue: at most MAX_ANNOUNCED.
   */
  announced: { get(): Promise<string[] | undefined>; set(ids: string[]): Promise<void> };
  notify: (title: string, message: string) => Promise<void>;
  now?: () => number;
}

/** Far above the overdue credentials of any real vault; past it, the newest due are kept. */
export const MAX_ANNOUNCED = 5000;

/**
 * Shows one notification when credentials have become overdue since the last one, at most
 * once a day. "Become overdue" is by id, not by due date: a shorter period, a "rotate by"
 * date of today or a back-dated capture makes a credential overdue with a due date before
 * the last reminder, and it is told of too. One announced stays quiet while it is overdue.
 * While the vault is locked it names no App: names are encrypted, and a notification is
 * seen by whoever is at the screen.
 */
export async function remindOverdue({
  vault,
  lastShown,
  announced,
  notify,
  now = Date.now,
}: ReminderDeps): Promise<boolean> {
  const at = now();
  const last = await lastShown.get();
  if (at - last < DAY_MS) return false;
  const order = (kind: string) => KINDS.indexOf(kind as Kind);
  const overdue = await vault.overdueCredentials();
  const stored = await announced.get();
  // Before ids were kept, a reminder told of what was due after the one before it: those
  // due by the last one count as told, so an update brings no reminder of old news.
  const told = new Set(stored ?? overdue.filter((c) => c.dueAt <= last).map((c) => c.id));
  const fresh = overdue
    .filter((c) => !told.has(c.id))
    .sort((a, b) => a.dueAt - b.dueAt || order(a.kind) - order(b.kind));
  // Told of now or before, every overdue one is: only those are kept, so one rotated or
  // given a later date is told of again should it become overdue again.
  const keep = () =>
    announced.set(
      [...overdue]
        .sort((a, b) => b.dueAt - a.dueAt)
        .slice(0, MAX_ANNOUNCED)
        .map((c) => c.id),
    );
  if (!fresh.length) {
    // Written only when some told of are overdue no more (or on the first check).
    if (stored === undefined || stored.length !== overdue.length) await keep();
    return false;
  }

  const count = fresh.length === 1 ? 'A credential is' : `${fresh.length} credentials are`;
  let message = `${count} now overdue for rotation. Unlock OnceKey to see which.`;
  const { locked } = await vault.status();
  if (!locked) {
    const apps = await vault.list();
    const named = fresh.slice(0, 3).map((c) => {
      const app = apps.find((a) => a.id === c.appId);
      return `${KIND_LABELS[c.kind as Kind] ?? c.kind} of ${app?.appName ?? 'an unnamed App'}`;
    });
    const more = fresh.length > named.length ? ` and ${fresh.length - named.length} more` : '';
    message = `Overdue for rotation: ${named.join(', ')}${more}.`;
  }
  await notify('OnceKey: time to rotate', message);
  await keep();
  await lastShown.set(at);
  return true;
}

/** The notification's id: a click on it opens OnceKey. */
export const REMINDER_NOTIFICATION = 'oncekey.rotation';
const LAST_REMINDER_KEY = 'oncekey.lastReminderAt';
const ANNOUNCED_KEY = 'oncekey.announcedOverdue';

export interface ReminderApis {
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
  notifications: {
    create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<unknown>;
  };
  tabs: { create(properties: { url: string }): Promise<unknown> };
  runtime: { getURL(path: '/icon/128.png' | '/popup.html'): string };
}

/**
 * The daily reminder as the browser shows it: when it was last shown and which overdue
 * credentials it told of, in local storage (it outlives the service worker); a
 * notification; a click on it opens OnceKey.
 */
export function createReminder(vault: ReminderDeps['vault'], apis: ReminderApis, now: () => number = Date.now) {
  /**
   * One check at a time: the hourly alarm that wakes the service worker also sets off the
   * check every start runs, and two at once would both read the last reminder's time and
   * both notify.
   */
  let last: Promise<unknown> = Promise.resolve();
  const check = () =>
    remindOverdue({
      vault,
      now,
      lastShown: {
        get: async () => Number((await apis.storage.local.get(LAST_REMINDER_KEY))[LAST_REMINDER_KEY] ?? 0),
        set: (at) => apis.storage.local.set({ [LAST_REMINDER_KEY]: at }),
      },
      announced: {
        get: async () => {
          const ids = (await apis.storage.local.get(ANNOUNCED_KEY))[ANNOUNCED_KEY];
          return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : undefined;
        },
        set: (ids) => apis.storage.local.set({ [ANNOUNCED_KEY]: ids }),
      },
      notify: async (title, message) => {
        await apis.notifications.create(REMINDER_NOTIFICATION, {
          type: 'basic',
          iconUrl: apis.runtime.getURL('/icon/128.png'),
          title,
          message,
        });
      },
    });
  return {
    remind: (): Promise<boolean> => {
      const run = last.then(check, check);
      last = run.catch(() => undefined);
      return run;
    },
    onNotificationClicked(id: string) {
      if (id === REMINDER_NOTIFICATION) void apis.tabs.create({ url: apis.runtime.getURL('/popup.html') });
    },
  };
}
