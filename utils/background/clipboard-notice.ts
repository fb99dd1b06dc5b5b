export const CLIPBOARD_NOTIFICATION = 'oncekey.clipboard';

export interface ClipboardNoticeApis {
  notifications: {
    create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<unknown>;
  };
  runtime: { getURL(path: '/icon/128.png'): string };
}

/**
 * Every try to clear the clipboard failed (clipboard-timer.ts): the user is told, since
 * the value they copied may still be there, rather than left believing it was cleared.
 */
export function clipboardGiveUpNotice(apis: ClipboardNoticeApis) {
  return async (): Promise<void> => {
    await apis.notifications.create(CLIPBOARD_NOTIFICATION, {
      type: 'basic',
      iconUrl: apis.runtime.getURL('/icon/128.png'),
      title: 'OnceKey could not clear the clipboard',
      message: 'The value you copied may still be on the clipboard. Copy something else to replace it.',
    });
  };
}
