import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MessageName, Payload, ReplyOf } from '@/utils/protocol/messages';
import type { AppSummary, CredentialSummary, Settings } from '@/utils/vault/types';

type Handlers = { [N in MessageName]?: (payload: Payload<N>) => ReplyOf<N> | Promise<ReplyOf<N>> };

export interface FakeBackground {
  /** What the popup asked, in order. */
  sent: { type: MessageName; payload: unknown }[];
  /** The answers; a test may replace one midway. A message without one goes unanswered. */
  handlers: Handlers;
  /** A notice from the background to open pages (LOCKED_NOTICE, CHANGED_NOTICE). */
  notify: (notice: { type: string }) => Promise<unknown>;
  /** The same notice from another sender (a content script, another extension). */
  notifyFrom: (notice: { type: string }, sender: object) => Promise<unknown>;
  /** Calls to `browser.tabs.create`. */
  openedTabs: ReturnType<typeof vi.fn>;
}

/**
 * The background as the popup sees it through WXT's fake browser: each message answered by
 * the test's handler, a thrown error sent back as a refusal. `inTab`: the page is a tab
 * (file dialogs work there), not the toolbar popup.
 */
export function fakeBackground(handlers: Handlers, { inTab = false } = {}): FakeBackground {
  fakeBrowser.reset();
  const sent: FakeBackground['sent'] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const { type, payload } = message as { type: MessageName; payload: unknown };
    const handler = handlers[type] as ((payload: unknown) => unknown) | undefined;
    if (!handler) return undefined;
    sent.push({ type, payload });
    try {
      return { ok: true, value: await handler(payload) };
    } catch (error) {
      // A refusal with its code when the handler gives one (a VaultError's), else a generic one.
      const code = (error as { code?: string }).code ?? 'refused';
      return { ok: false, error: { code, message: (error as Error).message } };
    }
  });
  vi.spyOn(fakeBrowser.runtime, 'connect').mockReturnValue({ disconnect: () => {} } as never);
  vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockResolvedValue((inTab ? { id: 1 } : undefined) as never);
  const openedTabs = vi.fn();
  vi.spyOn(fakeBrowser.tabs, 'create').mockImplementation(async (properties) => {
    openedTabs(properties);
    return {} as never;
  });
  return {
    sent,
    handlers,
    notify: (notice) => fakeBrowser.runtime.onMessage.trigger(notice, BACKGROUND_SENDER()),
    notifyFrom: (notice, sender) => fakeBrowser.runtime.onMessage.trigger(notice, sender),
    openedTabs,
  };
}

/** How the background's service worker appears as a sender to the popup. */
export const BACKGROUND_SENDER = () => ({
  id: fakeBrowser.runtime.id,
  url: fakeBrowser.runtime.getURL('/background.js'),
  origin: fakeBrowser.runtime.getURL('/').replace(/\/$/, ''),
});

export const NOW = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;

// Fake values in the portal's formats; none is a real credential.
export const API_KEY = 'Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';

export const credential = (id: string, kind: string, more: Partial<CredentialSummary> = {}): CredentialSummary => ({
  id,
  kind,
  version: 1,
  status: 'active',
  createdAt: NOW - DAY,
  capturedAt: NOW - DAY,
  dueAt: NOW + 89 * DAY,
  ...more,
});

export const weatherBot = (): AppSummary => ({
  id: 'a1',
  host: 'developer.x.com',
  exports: [],
  projectName: 'Bots',
  appName: 'Weather Bot',
  credentials: [credential('c1', 'apiKey'), credential('c2', 'apiKeySecret')],
});

export const SETTINGS: Settings = {
  autoLockSeconds: 900,
  clipboardClearSeconds: 30,
  rotationDays: 90,
  rotationDaysByKind: {},
};
