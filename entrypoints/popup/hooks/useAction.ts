import { useState } from 'preact/hooks';
import { errorMessage } from '../lib/wording';
import type { Status, StatusChange } from './useStatus';

/**
 * Runs the user's actions: busy while one runs, the status line cleared when the next one
 * starts (the last notice would hide this one's error, and the last deletion's Undo would
 * sit beside what this one says), a failure shown on it (as its error, unless `failed` says
 * otherwise). Resolves to whether the work succeeded.
 */
export function useAction(status: Status) {
  const [busy, setBusy] = useState(false);
  const run = async (
    work: () => Promise<unknown>,
    failed: (message: string) => StatusChange = (error) => ({ error }),
  ): Promise<boolean> => {
    setBusy(true);
    status.clear();
    try {
      await work();
      return true;
    } catch (e) {
      status.update(failed(errorMessage(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
