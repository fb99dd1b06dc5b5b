export interface SetupTabApis {
  tabs: {
    get(tabId: number): Promise<unknown>;
    create(properties: { url: string }): Promise<{ id?: number }>;
  };
  runtime: { getURL(path: '/popup.html'): string };
}

/**
 * A capture arrived before any vault exists: open OnceKey in a tab to create one. Once: while
 * that tab is still open, further captures do not open another.
 */
export function createSetupTab({ tabs, runtime }: SetupTabApis) {
  let setupTab: number | undefined;
  return async function openSetup(): Promise<void> {
    if (setupTab !== undefined && (await tabs.get(setupTab).catch(() => undefined))) return;
    setupTab = (await tabs.create({ url: runtime.getURL('/popup.html') })).id;
  };
}
