import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** The last deletion, which "Undo" puts back while this page is open. */
export interface Undo {
  undoId: string;
  /** The App whose history the deletion was made on, shown again after the undo. */
  appId?: string;
}

export interface StatusChange {
  /** What just happened ("Copied API Key."). */
  notice?: string;
  /** Why the last action failed. */
  error?: string;
  undo?: Undo;
}

export interface Status extends StatusChange {
  /** Sets the fields named in `change` (undefined clears one), keeps the others. */
  update: (change: StatusChange) => void;
  clear: () => void;
}

/**
 * How long the line stays empty before it says again what it said last (a second copy of the
 * same value, a second wrong passphrase): screen readers read out a change to the line, and
 * the same words back within a moment are none they can be sure to hear. (Angular CDK's
 * LiveAnnouncer empties its region for 100 ms for the same reason.)
 */
export const REPEAT_GAP_MS = 100;

const LINES = ['notice', 'error'] as const;

/**
 * The popup's one status line. It belongs to the page, not to a screen: an action that
 * ends on another screen ("Deleted Weather Bot." on the list, "Restored 1 App…" after a
 * restore) hands its notice over. Only the user's own moves between screens clear it.
 */
export function useStatus(): Status {
  const [status, setStatus] = useState<StatusChange>({});
  // What the line says once a gap is over; when the gap ends, and its timer.
  const latest = useRef<StatusChange>({});
  const gapEnds = useRef(0);
  const gap = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // For the notice and the error: the last words shown, and when they went (Infinity: still shown).
  const said = useRef({ notice: { words: '', gone: 0 }, error: { words: '', gone: 0 } });
  const show = useCallback((next: StatusChange) => {
    const now = performance.now();
    for (const line of LINES) {
      const last = said.current[line];
      const words = next[line];
      if (words) said.current[line] = { words, gone: Number.POSITIVE_INFINITY };
      else if (last.gone === Number.POSITIVE_INFINITY) last.gone = now;
    }
    setStatus(next);
  }, []);
  const update = useCallback(
    (change: StatusChange) => {
      clearTimeout(gap.current);
      const next = { ...latest.current, ...change };
      latest.current = next;
      const now = performance.now();
      const again = LINES.some((line) => {
        const { words, gone } = said.current[line];
        return !!change[line] && change[line] === words && now - gone < REPEAT_GAP_MS;
      });
      if (again) gapEnds.current = now + REPEAT_GAP_MS;
      if (now >= gapEnds.current) return show(next);
      // In a gap (this change's or one still running): the line stays empty until it ends.
      show({ ...next, notice: undefined, error: undefined });
      gap.current = setTimeout(() => show(latest.current), gapEnds.current - now);
    },
    [show],
  );
  const clear = useCallback(() => {
    clearTimeout(gap.current);
    // A gap holds back only the words it was for: those come back with their own gap, as gone just now.
    gapEnds.current = 0;
    latest.current = {};
    show({});
  }, [show]);
  useEffect(() => () => clearTimeout(gap.current), []);
  return { ...status, update, clear };
}
