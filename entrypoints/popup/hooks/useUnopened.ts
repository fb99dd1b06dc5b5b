import { useEffect, useState } from 'preact/hooks';
import { send } from '@/utils/protocol/client';
import { useAction } from './useAction';
import type { Status } from './useStatus';

/** The count the user dismissed, kept by this page's origin so the popup does not repeat it every time. */
const DISMISSED_KEY = 'oncekey.unopenedDismissed';

/**
 * Captures saved while locked that could not be opened: shown until the user dismisses
 * them (until more appear) or deletes them, or until they are gone.
 */
export function useUnopened(count: number, status: Status) {
  // localStorage's first read blocks the page while the browser loads it (over 10 ms on a busy
  // machine): read only when there is something to report, not on every opening.
  const [dismissed, setDismissed] = useState(() => (count > 0 ? Number(localStorage.getItem(DISMISSED_KEY) ?? 0) : 0));
  const [deleted, setDeleted] = useState(false);
  const { run } = useAction(status);
  useEffect(() => {
    // None left: a later one must be reported again (after the first paint, when effects run).
    if (count === 0 && (dismissed !== 0 || localStorage.getItem(DISMISSED_KEY) !== null)) {
      localStorage.removeItem(DISMISSED_KEY);
      setDismissed(0);
    }
  }, [count, dismissed]);
  return {
    shown: deleted || count <= dismissed ? 0 : count,
    dismiss: () => {
      localStorage.setItem(DISMISSED_KEY, String(count));
      setDismissed(count);
    },
    // An action like any other (useAction): the status line starts clean, a failure says why.
    remove: () =>
      run(async () => {
        const { deleted: n } = await send('inbox.discard', {});
        setDeleted(true);
        status.update({ notice: `Deleted ${n} capture${n === 1 ? '' : 's'} that could not be opened.` });
      }),
  };
}
