import { CHANGED_NOTICE } from '../protocol/messages';

export interface PagesChannel {
  sendMessage(message: unknown): Promise<unknown>;
}

/** Tells OnceKey's open pages something happened; none open is not an error. */
export function tellOpenPages(runtime: PagesChannel, notice: unknown): void {
  void runtime.sendMessage(notice).catch(() => {});
}

/**
 * Open OnceKey pages follow the vault: a capture on the portal shows up in the popup at once.
 * Call the returned function on every change (Dexie's storagemutated); a burst of changes,
 * such as one capture's several writes, becomes one CHANGED_NOTICE after a short quiet time.
 */
export function createChangeBroadcast(runtime: PagesChannel, quietMs = 50) {
  let changed: ReturnType<typeof setTimeout> | undefined;
  return function vaultChanged(): void {
    clearTimeout(changed);
    changed = setTimeout(() => tellOpenPages(runtime, CHANGED_NOTICE), quietMs);
  };
}
