import { describe, expect, it, vi } from 'vitest';
import { clearIfStill, sha256Hex } from '@/utils/background/clipboard';
import { CLIPBOARD_ALARM, createClipboardTimer } from '@/utils/background/clipboard-timer';
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
    const listener = answerOffscreenClear(RUNTIME_ID, clear);
    const hash = await sha256Hex('secret-value');
    expect(listener({ type: OFFSCREEN_CLEAR, hash }, { id: 'someotherextensionidbbbbbbbbbbbb' })).toBeUndefined();
    expect(listener({ type: 'vault.changed' }, { id: RUNTIME_ID })).toBeUndefined();
    expect(listener({ type: OFFSCREEN_CLEAR, hash: 42 }, { id: RUNTIME_ID })).toBeUndefined();
    expect(listener(null, { id: RUNTIME_ID })).toBeUndefined();
    expect(clear).not.toHaveBeenCalled();
    expect(await listener({ type: OFFSCREEN_CLEAR, hash }, { id: RUNTIME_ID })).toBe(true);
    expect(clear).toHaveBeenCalledWith(hash);
  });
});
