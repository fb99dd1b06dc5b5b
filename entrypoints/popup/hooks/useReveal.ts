import { useEffect, useState } from 'preact/hooks';

const REVEAL_MS = 10_000;

export interface Revealed {
  id: string;
  value: string;
}

/** The one value on display: it hides itself after a few seconds, and when the popup loses focus. */
export function useReveal() {
  const [revealed, setRevealed] = useState<Revealed>();
  useEffect(() => {
    if (!revealed) return;
    const hide = () => setRevealed(undefined);
    const timer = setTimeout(hide, REVEAL_MS);
    window.addEventListener('blur', hide);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('blur', hide);
    };
  }, [revealed]);
  return { revealed, show: setRevealed, hide: () => setRevealed(undefined) };
}
