import type { Vault } from '../vault/vault';
import { createApprovals } from './approvals';
import { createCliRequests } from './cli-requests';
import { createCommandLine, type NativePort } from './command-line';

/** The parts of the browser API the command line needs; background.ts passes `browser`. */
export interface CommandLineBrowser {
  runtime: {
    id: string;
    getURL(path: '/approve.html'): string;
    connectNative?: (application: string) => NativePort;
    lastError?: { message?: string } | null;
  };
  permissions: {
    contains(permissions: { permissions: 'nativeMessaging'[] }): Promise<boolean>;
    onAdded: { addListener(listener: (permissions: { permissions?: string[] }) => void): void };
    onRemoved: { addListener(listener: (permissions: { permissions?: string[] }) => void): void };
  };
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  };
  windows: {
    create(data: {
      url: string;
      type: 'popup';
      width: number;
      height: number;
      focused: boolean;
    }): Promise<{ id?: number } | undefined>;
    remove(windowId: number): Promise<void>;
    onRemoved: { addListener(listener: (windowId: number) => void): void };
  };
}

const PERMISSION = 'nativeMessaging' as const;
const FLAG = 'commandLine';

/**
 * Creates the command line's services (approvals.ts, cli-requests.ts, command-line.ts),
 * registers their listeners, and connects if "Command line" is on. `locked` ends every
 * "Allow for 8 hours" and closes every waiting approval: the vault calls it when it locks.
 */
export function setupCommandLine(vault: Vault, browser: CommandLineBrowser, { firefox }: { firefox: boolean }) {
  const approvals = createApprovals({
    windows: {
      open: async (id) => {
        const url = `${browser.runtime.getURL('/approve.html')}?id=${encodeURIComponent(id)}`;
        return (await browser.windows.create({ url, type: 'popup', width: 440, height: 640, focused: true }))?.id;
      },
      close: (windowId) => browser.windows.remove(windowId),
    },
  });
  const commandLine = createCommandLine({
    apis: {
      connectNative: (name) => {
        // The browser adds connectNative once the permission is granted: looked up each time.
        if (!browser.runtime.connectNative) throw new Error('not allowed');
        return browser.runtime.connectNative(name);
      },
      lastError: () => browser.runtime.lastError?.message,
      permitted: () => browser.permissions.contains({ permissions: [PERMISSION] }),
      flag: {
        get: async () => (await browser.storage.local.get(FLAG))[FLAG] === true,
        set: (on) => browser.storage.local.set({ [FLAG]: on }),
      },
    },
    installCommand: firefox
      ? 'oncekey install --browser firefox'
      : `oncekey install --extension-id ${browser.runtime.id}`,
    answer: createCliRequests({ vault, approvals }),
    cancel: approvals.cancel,
    onStop: approvals.forget,
  });
  browser.windows.onRemoved.addListener(approvals.windowClosed);
  browser.permissions.onAdded.addListener(({ permissions }) => {
    if (permissions?.includes(PERMISSION)) void commandLine.start();
  });
  browser.permissions.onRemoved.addListener(({ permissions }) => {
    if (permissions?.includes(PERMISSION)) commandLine.revoked();
  });
  void commandLine.start();
  return { services: { commandLine, approvals }, locked: approvals.forget };
}
