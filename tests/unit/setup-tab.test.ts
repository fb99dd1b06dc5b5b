import { describe, expect, it, vi } from 'vitest';
import { createSetupTab } from '@/utils/background/setup-tab';

function fakeTabs() {
  const open = new Map<number, string>();
  let nextId = 1;
  return {
    open,
    tabs: {
      get: vi.fn(async (id: number) => {
        if (!open.has(id)) throw new Error(`No tab with id: ${id}.`);
        return { id, url: open.get(id) };
      }),
      create: vi.fn(async ({ url }: { url: string }) => {
        const id = nextId++;
        open.set(id, url);
        return { id };
      }),
    },
    runtime: { getURL: (path: string) => `chrome-extension://oncekey${path}` },
  };
}

describe('the setup tab for a capture that arrives before any vault', () => {
  it('opens OnceKey once while that tab stays open, and again once it was closed', async () => {
    const browser = fakeTabs();
    const openSetup = createSetupTab(browser);
    await openSetup();
    await openSetup();
    expect([...browser.open.values()]).toEqual(['chrome-extension://oncekey/popup.html']);

    browser.open.clear(); // the user closed it without creating a vault
    await openSetup();
    expect(browser.tabs.create).toHaveBeenCalledTimes(2);
    expect(browser.open.size).toBe(1);
  });
});
