import { APPROVAL_SECONDS, type ApprovalRequest, type Decision, GRANT_MS } from '../protocol/native';

/**
 * The user's answers to the command line: each request opens the approval page in a small
 * window of its own, and waits for "Allow once", "Allow for 8 hours" or "Deny". No answer
 * in time, or the window closed, is a denial. "Allow for 8 hours" is remembered here, in
 * memory only, for that command in that directory, and forgotten when the vault locks.
 */

/** What the background needs from the browser's windows. */
export interface ApprovalWindows {
  /** Opens the approval page for this request id; resolves with the window's id. */
  open: (requestId: string) => Promise<number | undefined>;
  close: (windowId: number) => Promise<void>;
}

/** How a request for approval ended. */
export type Outcome = Decision | 'timeout' | 'cancelled' | 'busy';

/** Requests waiting for an answer at once; more are refused, so a script cannot flood the screen with windows. */
export const MAX_WAITING = 3;

/** Cancels kept for requests not yet asked about; older ones are forgotten. */
const MAX_EARLY_CANCELS = 16;

interface Waiting {
  request: ApprovalRequest;
  /** The CLI request's nonce: the host may cancel it by that. */
  nonce: string;
  windowId?: number;
  timer: ReturnType<typeof setTimeout>;
  resolve: (outcome: Outcome) => void;
}

export interface ApprovalsOptions {
  windows: ApprovalWindows;
  now?: () => number;
  /** The longest wait for an answer; APPROVAL_SECONDS unless a test shortens it. */
  maxWaitMs?: number;
}

export function createApprovals({ windows, now = Date.now, maxWaitMs = APPROVAL_SECONDS * 1000 }: ApprovalsOptions) {
  const waiting = new Map<string, Waiting>();
  const grants = new Map<string, number>();
  /**
   * Nonces oncekey cancelled before their request was asked about (a Ctrl-C while the
   * background still read the vault): their request is then not shown. The newest few only.
   */
  const cancelledEarly = new Set<string>();

  const settle = (id: string, outcome: Outcome, closeWindow = true) => {
    const entry = waiting.get(id);
    if (!entry) return;
    waiting.delete(id);
    clearTimeout(entry.timer);
    if (closeWindow && entry.windowId !== undefined) void windows.close(entry.windowId).catch(() => undefined);
    entry.resolve(outcome);
  };

  return {
    /**
     * Asks the user, unless "Allow for 8 hours" already covers this `grantKey`: resolves with
     * their answer, 'timeout', 'cancelled' (oncekey gave up) or 'busy' (too many waiting).
     */
    async ask(
      nonce: string,
      request: Omit<ApprovalRequest, 'expiresAt'>,
      grantKey: string,
      waitSeconds = APPROVAL_SECONDS,
    ): Promise<Outcome> {
      if (cancelledEarly.delete(nonce)) return 'cancelled';
      const until = grants.get(grantKey);
      if (until !== undefined && until > now()) return 'once';
      if (waiting.size >= MAX_WAITING) return 'busy';
      const ms = Math.min(waitSeconds * 1000, maxWaitMs);
      const id = crypto.randomUUID();
      const outcome = new Promise<Outcome>((resolve) => {
        const timer = setTimeout(() => settle(id, 'timeout'), ms);
        waiting.set(id, { request: { ...request, expiresAt: now() + ms }, nonce, timer, resolve });
      });
      try {
        const windowId = await windows.open(id);
        const entry = waiting.get(id);
        if (entry && windowId !== undefined) entry.windowId = windowId;
        else if (windowId !== undefined) void windows.close(windowId).catch(() => undefined);
      } catch {
        settle(id, 'deny');
      }
      const answer = await outcome;
      if (answer === 'hours') grants.set(grantKey, now() + GRANT_MS);
      return answer;
    },
    /** What the approval page shows, while its request waits. */
    request(id: string): ApprovalRequest | null {
      return waiting.get(id)?.request ?? null;
    },
    /** The user's answer, from the approval page, which then closes itself. */
    decide(id: string, decision: Decision): void {
      settle(id, decision, false);
    },
    /** oncekey gave up (Ctrl-C): its window closes. */
    cancel(nonce: string): void {
      let found = false;
      for (const [id, entry] of waiting) {
        if (entry.nonce !== nonce) continue;
        found = true;
        settle(id, 'cancelled');
      }
      if (found) return;
      cancelledEarly.add(nonce);
      if (cancelledEarly.size > MAX_EARLY_CANCELS)
        cancelledEarly.delete(cancelledEarly.values().next().value as string);
    },
    /** The user closed an approval window: a denial. */
    windowClosed(windowId: number): void {
      for (const [id, entry] of waiting) if (entry.windowId === windowId) settle(id, 'deny', false);
    },
    /** The vault locked, or the command line was turned off: every grant ends, every waiting request is denied. */
    forget(): void {
      grants.clear();
      for (const id of [...waiting.keys()]) settle(id, 'deny');
    },
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
