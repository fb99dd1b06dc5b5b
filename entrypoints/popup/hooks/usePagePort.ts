import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PAGE_PORT } from '@/utils/protocol/messages';

/** While this page is open the background keeps deletions for "Undo"; closing it makes them final. */
export function usePagePort() {
  useEffect(() => {
    const port = browser.runtime.connect({ name: PAGE_PORT });
    return () => port.disconnect();
  }, []);
}
