import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

export interface FileDialogs {
  /** Whether this page is a tab (not the toolbar popup), where file dialogs work. */
  inTab: boolean;
  /** Opens OnceKey in a tab, where the user can choose the file. */
  openInTab: () => void;
}

/**
 * Picking a file from the toolbar popup closes it in some browsers (the file dialog takes
 * the focus), so file forms ask for OnceKey in a tab instead.
 */
export function useFileDialogs(): FileDialogs {
  const [inTab, setInTab] = useState(false);
  useEffect(() => {
    void browser.tabs.getCurrent().then((tab) => setInTab(tab !== undefined));
  }, []);
  return { inTab, openInTab: () => void browser.tabs.create({ url: browser.runtime.getURL('/popup.html') }) };
}
