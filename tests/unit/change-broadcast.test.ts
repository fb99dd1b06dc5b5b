import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChangeBroadcast, tellOpenPages } from '@/utils/background/change-broadcast';
import { CHANGED_NOTICE, LOCKED_NOTICE } from '@/utils/protocol/messages';

afterEach(() => {
  vi.useRealTimers();
});

describe('telling open pages the vault changed', () => {
  it('sends one notice for a burst of changes, once they have settled', async () => {
    vi.useFakeTimers();
    const runtime = { sendMessage: vi.fn(async () => undefined) };
    const vaultChanged = createChangeBroadcast(runtime);
    // One capture writes several times in quick succession.
    vaultChanged();
    await vi.advanceTimersByTimeAsync(30);
    vaultChanged();
    await vi.advanceTimersByTimeAsync(30);
    vaultChanged();
    await vi.advanceTimersByTimeAsync(49);
    expect(runtime.sendMessage).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(runtime.sendMessage).toHaveBeenCalledTimes(1);
    expect(runtime.sendMessage).toHaveBeenCalledWith(CHANGED_NOTICE);

    // A later change is a new notice.
    vaultChanged();
    await vi.advanceTimersByTimeAsync(50);
    expect(runtime.sendMessage).toHaveBeenCalledTimes(2);
  });

  it('is not an error when no OnceKey page is open to hear it', async () => {
    vi.useFakeTimers();
    // A plain function, not vi.fn(): a mock would handle the rejection itself.
    let calls = 0;
    const noReceiver = async () => {
      calls++;
      throw new Error('Could not establish connection. Receiving end does not exist.');
    };
    createChangeBroadcast({ sendMessage: noReceiver })();
    await vi.advanceTimersByTimeAsync(50);
    tellOpenPages({ sendMessage: noReceiver }, LOCKED_NOTICE);
    await vi.advanceTimersByTimeAsync(0);
    // An unhandled rejection would fail this test.
    expect(calls).toBe(2);
  });
});
