import { describe, expect, it, vi } from 'vitest';
import { clearIfStill, sha256Hex } from '@/utils/background/clipboard';
import { CLIPBOARD_ALARM, createClipboardTimer, MAX_TRIES, RETRY_MS } from '@/utils/background/clipboard-timer';
import { answerOffscreenClear, OFFSCREEN_CLEAR, offscreenClear } from '@/utils/background/offscreen-clipboard';

function fakeClipboard(text: string) {
  const clipboard = {
    text,
    read: async () => clipboard.text,
    clear: async () => {
      clipboard.text = '';
    },
  };
  return clipboard;
}

function memoryArea() {
  const items: Record<string, unknown> = {};
  return {
    items,
    get: async (key: string) => (key in items ? { [key]: items[key] } : {}),
    set: async (more: Record<string, unknown>) => void Object.assign(items, more),
    remove: async (key: string) => void delete items[key],
  };
}

describe('clearing the clipboard', () => {
  it('clears it when it still holds the copied value', async () => {
    const clipboard = fakeClipboard('secret-value');
    expect(await clearIfStill(clipboard, await sha256Hex('secret-value'))).toBe(true);
    expect(clipboard.text).toBe('');
  });

  it('leaves something the user copied since then', async () => {
    const clipboard = fakeClipboard('my own note');
    expect(await clearIfStill(clipboard, await sha256Hex('secret-value'))).toBe(false);
    expect(clipboard.text).toBe('my own note');
  });

  it('runs at the deadline, from the alarm of a restarted worker too, and keeps only a hash', async () => {
    const area = memoryArea();
    const clock = { now: 1_000_000 };
    const clear = vi.fn(async () => true);
    const alarms = { create: vi.fn() };
    const timer = createClipboardTimer({ area, alarms, clear, now: () => clock.now });
    const hash = await sha256Hex('secret-value');
    await timer.schedule(hash, 30);
    expect(alarms.create).toHaveBeenCalledWith(CLIPBOARD_ALARM, { when: 1_030_000 });
    expect(JSON.stringify(area.items)).not.toContain('secret-value');

    // A restarted worker: a new timer on the same session storage, woken by the alarm.
    const restarted = createClipboardTimer({ area, alarms, clear, now: () => clock.now });
    await restarted.run();
    expect(clear).not.toHaveBeenCalled(); // not yet due
    clock.now += 30_000;
    restarted.onAlarm({ name: CLIPBOARD_ALARM });
    await vi.waitFor(() => expect(clear).toHaveBeenCalledWith(hash));
    expect(area.items).toEqual({});
  });

  it('is armed again at the next start of a worker stopped before it set its alarm, and what is due is cleared', async () => {
    const area = memoryArea();
    const clock = { now: 1_000_000 };
    const clear = vi.fn(async () => true);
    const [soon, later] = [await sha256Hex('due-value'), await sha256Hex('later-value')];
    // As a worker stopped between storing the clears and setting the alarm left them.
    area.items['oncekey.clipboard'] = [
      { hash: soon, clearAt: 990_000 },
      { hash: later, clearAt: 1_030_000 },
    ];
    const alarms = { create: vi.fn() };
    await createClipboardTimer({ area, alarms, clear, now: () => clock.now }).resume();
    expect(clear.mock.calls).toEqual([[soon]]);
    expect(alarms.create).toHaveBeenLastCalledWith(CLIPBOARD_ALARM, { when: 1_030_000 });
  });
});

describe('a clear that fails', () => {
  function setup(clear: (hash: string) => Promise<boolean>) {
    const area = memoryArea();
    const clock = { now: 1_000_000 };
    const alarms = { create: vi.fn() };
    const onGiveUp = vi.fn(async () => {});
    const timer = createClipboardTimer({ area, alarms, clear, onGiveUp, now: () => clock.now });
    return { area, clock, alarms, onGiveUp, timer };
  }

  it('is kept and tried again a minute later, and forgotten only once a clear has run', async () => {
    let broken = true;
    const clear = vi.fn(async () => {
      if (broken) throw new Error('Only a single offscreen document may be created.');
      return true;
    });
    const { area, clock, alarms, onGiveUp, timer } = setup(clear);
    const hash = await sha256Hex('secret-value');
    await timer.schedule(hash, 30);
    clock.now += 30_000;
    await timer.run();
    expect(clear).toHaveBeenCalledTimes(1);
    // Still pending, due a minute later, with an alarm to wake the worker for it.
    expect(area.items['oncekey.clipboard']).toEqual([{ hash, clearAt: clock.now + RETRY_MS, failures: 1 }]);
    expect(alarms.create).toHaveBeenLastCalledWith(CLIPBOARD_ALARM, { when: clock.now + RETRY_MS });
    await timer.run();
    expect(clear).toHaveBeenCalledTimes(1); // not due yet
    broken = false;
    clock.now += RETRY_MS;
    timer.onAlarm({ name: CLIPBOARD_ALARM });
    await vi.waitFor(() => expect(area.items).toEqual({}));
    expect(clear).toHaveBeenCalledTimes(2);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it(`tells the user after ${MAX_TRIES} failed tries instead of failing silently`, async () => {
    const clear = vi.fn(async (): Promise<boolean> => {
      throw new Error('The clipboard could not be read.');
    });
    const { area, clock, onGiveUp, timer } = setup(clear);
    await timer.schedule(await sha256Hex('secret-value'), 10);
    clock.now += 10_000;
    for (let i = 0; i < MAX_TRIES; i++) {
      await timer.run();
      clock.now += RETRY_MS;
    }
    expect(clear).toHaveBeenCalledTimes(MAX_TRIES);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    expect(area.items).toEqual({});
  });

  it('runs one clear at a time, and a copy made meanwhile is cleared after it, not forgotten', async () => {
    let release: () => void = () => {};
    const started: string[] = [];
    const clear = vi.fn(
      (hash: string) =>
        new Promise<boolean>((resolve) => {
          started.push(hash);
          release = () => resolve(true);
        }),
    );
    const { area, clock, timer } = setup(clear);
    const [first, second] = [await sha256Hex('first'), await sha256Hex('second')];
    await timer.schedule(first, 10);
    clock.now += 10_000;
    const running = timer.run();
    const joined = timer.run();
    await vi.waitFor(() => expect(started).toEqual([first]));
    // The user copies again while the first clear runs; it is due by the time that one ends.
    await timer.schedule(second, 10);
    clock.now += 10_000;
    release();
    await vi.waitFor(() => expect(started).toEqual([first, second]));
    release();
    await Promise.all([running, joined]);
    expect(clear).toHaveBeenCalledTimes(2);
    expect(area.items).toEqual({});
  });

  it('that fails while the user copies again leaves the new copy’s clear in place, and it runs', async () => {
    let fail: (error: Error) => void = () => {};
    const started: string[] = [];
    const clear = vi.fn((hash: string) => {
      started.push(hash);
      // The first try fails once the user has copied again; the next ones work.
      return started.length === 1
        ? new Promise<boolean>((_, reject) => {
            fail = reject;
          })
        : Promise.resolve(true);
    });
    const { area, clock, onGiveUp, timer } = setup(clear);
    const [first, second] = [await sha256Hex('first'), await sha256Hex('second')];
    await timer.schedule(first, 10);
    clock.now += 10_000;
    const running = timer.run();
    await vi.waitFor(() => expect(started).toEqual([first]));
    await timer.schedule(second, 10);
    fail(new Error('The offscreen document did not answer.'));
    await running;
    // The second copy's clear is still pending, beside the first one's retry.
    expect(area.items['oncekey.clipboard']).toContainEqual({ hash: second, clearAt: clock.now + 10_000 });
    clock.now += 10_000;
    await timer.run();
    expect(started).toEqual([first, second]);
    clock.now += RETRY_MS;
    await timer.run();
    expect(started).toEqual([first, second, first]);
    expect(area.items).toEqual({});
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('keeps the clear of a value still on the clipboard when a later copy never reaches it', async () => {
    // "Copy .env" schedules its clear before the popup writes the text; the popup may close
    // first, or the write be refused, and the value copied before stays on the clipboard.
    const clipboard = fakeClipboard('');
    const clear = vi.fn(async (hash: string) => clearIfStill(clipboard, hash));
    const { area, clock, timer } = setup(clear);
    clipboard.text = 'secret-value';
    await timer.schedule(await sha256Hex('secret-value'), 10);
    clock.now += 5_000;
    await timer.schedule(await sha256Hex('X_API_KEY=…'), 30);
    clock.now += 5_000;
    await timer.run();
    expect(clipboard.text).toBe('');
    expect(clear).toHaveBeenCalledTimes(1);
    clock.now += 25_000;
    await timer.run();
    expect(clear).toHaveBeenCalledTimes(2);
    expect(area.items).toEqual({});
  });
});

describe("Chrome's offscreen document", () => {
  const RUNTIME_ID = 'oncekeyextensionidaaaaaaaaaaaaaa';

  function fakeChrome(answer: unknown) {
    const open: string[] = [];
    return {
      open,
      runtime: {
        getURL: (path: string) => `chrome-extension://${RUNTIME_ID}${path}`,
        getContexts: vi.fn(async () => open.map(() => ({}))),
        sendMessage: vi.fn(async () => answer),
      },
      offscreen: {
        createDocument: vi.fn(async ({ url }: { url: string }) => void open.push(url)),
        closeDocument: vi.fn(async () => void open.pop()),
      },
    };
  }

  it('is opened to clear the clipboard and closed again, whatever it answers', async () => {
    const hash = await sha256Hex('secret-value');
    for (const answer of [true, false]) {
      const chrome = fakeChrome(answer);
      expect(await offscreenClear(chrome)(hash)).toBe(answer);
      expect(chrome.offscreen.createDocument).toHaveBeenCalledWith(
        expect.objectContaining({ url: `chrome-extension://${RUNTIME_ID}/offscreen.html`, reasons: ['CLIPBOARD'] }),
      );
      expect(chrome.runtime.sendMessage).toHaveBeenCalledWith({ type: OFFSCREEN_CLEAR, hash });
      expect(chrome.open).toEqual([]);
    }
  });

  it('clears only when OnceKey’s own background asks, with a hash', async () => {
    const clear = vi.fn(async () => true);
    const url = `chrome-extension://${RUNTIME_ID}/background.js`;
    const listener = answerOffscreenClear({ runtimeId: RUNTIME_ID, url }, clear);
    const hash = await sha256Hex('secret-value');
    const background = { id: RUNTIME_ID, url };
    expect(listener({ type: OFFSCREEN_CLEAR, hash }, { id: 'someotherextensionidbbbbbbbbbbbb', url })).toBeUndefined();
    // OnceKey's own content script (same id, a tab) and its popup are not the background.
    const portal = 'https://developer.x.com/en/portal/dashboard';
    expect(listener({ type: OFFSCREEN_CLEAR, hash }, { id: RUNTIME_ID, url: portal, tab: {} })).toBeUndefined();
    expect(listener({ type: OFFSCREEN_CLEAR, hash }, { id: RUNTIME_ID, url, tab: {} })).toBeUndefined();
    expect(
      listener({ type: OFFSCREEN_CLEAR, hash }, { id: RUNTIME_ID, url: `chrome-extension://${RUNTIME_ID}/popup.html` }),
    ).toBeUndefined();
    expect(listener({ type: 'vault.changed' }, background)).toBeUndefined();
    expect(listener({ type: OFFSCREEN_CLEAR, hash: 42 }, background)).toBeUndefined();
    expect(listener(null, background)).toBeUndefined();
    expect(clear).not.toHaveBeenCalled();
    expect(await listener({ type: OFFSCREEN_CLEAR, hash }, background)).toBe(true);
    expect(clear).toHaveBeenCalledWith(hash);
  });

  it('fails loudly when the offscreen document gives no answer, so the timer tries again', async () => {
    const chrome = fakeChrome(undefined);
    await expect(offscreenClear(chrome)(await sha256Hex('secret-value'))).rejects.toThrow('did not answer');
    expect(chrome.open).toEqual([]);
  });
});
