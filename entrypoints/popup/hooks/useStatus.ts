import { useCallback, useState } from 'preact/hooks';

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
 * The popup's one status line. It belongs to the page, not to a screen: an action that
 * ends on another screen ("Deleted Weather Bot." on the list, "Restored 1 App…" after a
 * restore) hands its notice over. Only the user's own moves between screens clear it.
 */
export function useStatus(): Status {
  const [status, setStatus] = useState<StatusChange>({});
  const update = useCallback((change: StatusChange) => setStatus((s) => ({ ...s, ...change })), []);
  const clear = useCallback(() => setStatus({}), []);
  return { ...status, update, clear };
}
