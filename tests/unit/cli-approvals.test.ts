import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApprovals, MAX_WAITING } from '@/utils/background/approvals';
import { GRANT_MS } from '@/utils/protocol/native';

const REQUEST = { purpose: 'run' as const, argv: ['node', 'bot.js'], cwd: '~/pipit', kinds: ['apiKey' as const] };

/** Approvals with fake windows: which are open, and the request id each shows. */
function setup(maxWaitMs?: number) {
  let clock = Date.UTC(2026, 10, 23);
  const open = new Map<number, string>();
  let nextWindow = 1;
  const approvals = createApprovals({
    now: () => clock,
    ...(maxWaitMs ? { maxWaitMs } : {}),
    windows: {
      open: async (requestId) => {
        open.set(nextWindow, requestId);
        return nextWindow++;
      },
      close: async (windowId) => {
        open.delete(windowId);
      },
    },
  });
  /** The request id of the one window open. */
  const shown = async () => {
    await vi.waitFor(() => expect(open.size).toBe(1));
    return [...open.values()][0] as string;
  };
  /** The user answers in the one open window, which then closes itself. */
  const answer = async (decision: 'once' | 'hours' | 'deny') => {
    const id = await shown();
    approvals.decide(id, decision);
    for (const [windowId, shownId] of open) if (shownId === id) open.delete(windowId);
  };
  return { approvals, open, shown, answer, advance: (ms: number) => (clock += ms) };
}

describe('approving the command line’s reads', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('opens a window for each request, and shows the request there until it is answered', async () => {
    const { approvals, shown } = setup();
    const answer = approvals.ask('n1', REQUEST, 'key');
    const id = await shown();
    expect(approvals.request(id)).toEqual({ ...REQUEST, expiresAt: Date.UTC(2026, 10, 23) + 60_000 });
    approvals.decide(id, 'once');
    expect(await answer).toBe('once');
    expect(approvals.request(id)).toBeNull();
  });

  it('remembers "Allow for 8 hours" for the same key only, until it expires or the vault locks', async () => {
    const { approvals, open, shown, answer, advance } = setup();
    const first = approvals.ask('n1', REQUEST, 'node bot.js in ~/pipit');
    await answer('hours');
    expect(await first).toBe('hours');
    // No window: the grant answers.
    expect(await approvals.ask('n2', REQUEST, 'node bot.js in ~/pipit')).toBe('once');
    expect(open.size).toBe(0);

    const elsewhere = approvals.ask('n3', REQUEST, 'node bot.js in ~/other');
    await answer('deny');
    expect(await elsewhere).toBe('deny');

    advance(GRANT_MS + 1);
    const later = approvals.ask('n4', REQUEST, 'node bot.js in ~/pipit');
    await answer('hours');
    await later;
    approvals.forget();
    const afterLock = approvals.ask('n5', REQUEST, 'node bot.js in ~/pipit');
    await shown();
    approvals.forget();
    expect(await afterLock).toBe('deny');
  });

  it('denies when no answer comes in time, the window is closed, or oncekey gives up', async () => {
    const { approvals, open, shown, answer } = setup();
    const timedOut = approvals.ask('n1', REQUEST, 'k', 5);
    await shown();
    await vi.advanceTimersByTimeAsync(5000);
    expect(await timedOut).toBe('timeout');
    expect(open.size).toBe(0);

    const closed = approvals.ask('n2', REQUEST, 'k');
    await shown();
    const windowId = [...open.keys()][0] as number;
    open.delete(windowId); // The user closes it.
    approvals.windowClosed(windowId);
    expect(await closed).toBe('deny');

    const cancelled = approvals.ask('n3', REQUEST, 'k');
    await shown();
    approvals.cancel('n3');
    expect(await cancelled).toBe('cancelled');
    expect(open.size).toBe(0);

    // Ctrl-C before the background got to asking (it was still reading the vault): no window.
    approvals.cancel('n4');
    const early = approvals.ask('n4', REQUEST, 'k');
    await vi.advanceTimersByTimeAsync(0);
    expect(open.size).toBe(0);
    expect(await early).toBe('cancelled');
    // That cancel is spent: another request is asked about as usual.
    const later = approvals.ask('n5', REQUEST, 'k');
    await answer('once');
    expect(await later).toBe('once');
  });

  it('never waits longer than its limit, and refuses more than a few requests at once', async () => {
    const { approvals, open } = setup(1000);
    const waits = Array.from({ length: MAX_WAITING }, (_, i) => approvals.ask(`n${i}`, REQUEST, 'k', 60));
    expect(await approvals.ask('extra', REQUEST, 'k')).toBe('busy');
    await vi.waitFor(() => expect(open.size).toBe(MAX_WAITING));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await Promise.all(waits)).toEqual(Array(MAX_WAITING).fill('timeout'));
  });
});
