import { useState } from 'preact/hooks';
import { errorMessage } from '../lib/wording';
import type { Status, StatusChange } from './useStatus';

/**
 * Runs the user's actions: busy while one runs, the last error cleared when the next one
 * starts, a failure shown on the status line (as its error, unless `failed` says otherwise).
 */
export function useAction(status: Status) {
  const [busy, setBusy] = useState(false);
  const run = async (
    work: () => Promise<unknown>,
    failed: (message: string) => StatusChange = (error) => ({ error }),
  ) => {
    setBusy(true);
    status.update({ error: undefined });
    try {
      await work();
    } catch (e) {
      status.update(failed(errorMessage(e)));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
