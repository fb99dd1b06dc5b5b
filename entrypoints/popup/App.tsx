import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SetupForm } from '@/components/SetupForm';
import { UnlockForm } from '@/components/UnlockForm';
import { VaultView } from '@/components/VaultView';
import { send } from '@/utils/client';
import { LOCKED_NOTICE } from '@/utils/messages';
import type { AppSummary } from '@/utils/vault/vault';

type Screen = { name: 'loading' } | { name: 'setup' } | { name: 'locked' } | { name: 'unlocked'; apps: AppSummary[] };

const message = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong.');

export function App() {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const refresh = useCallback(async () => {
    try {
      const status = await send('vault.status', {});
      if (!status.exists) setScreen({ name: 'setup' });
      else if (status.locked) setScreen({ name: 'locked' });
      else setScreen({ name: 'unlocked', apps: await send('vault.list', {}) });
    } catch (e) {
      setError(message(e));
      setScreen({ name: 'locked' });
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onMessage = (notice: unknown) => {
      if ((notice as { type?: unknown })?.type === LOCKED_NOTICE.type) setScreen({ name: 'locked' });
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [refresh]);

  const act = (work: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      await refresh();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  switch (screen.name) {
    case 'loading':
      return <p class="screen muted">Opening OnceKey…</p>;
    case 'setup':
      return (
        <SetupForm
          busy={busy}
          error={error}
          onCreate={(p) => void act(() => send('vault.create', { passphrase: p }))()}
        />
      );
    case 'locked':
      return (
        <UnlockForm
          busy={busy}
          error={error}
          onUnlock={(p) => void act(() => send('vault.unlock', { passphrase: p }))()}
        />
      );
    case 'unlocked':
      return (
        <VaultView
          apps={screen.apps}
          notice={notice ?? error}
          onLock={() => void act(() => send('vault.lock', {}))()}
          onCopy={(credential, label) =>
            void send('credential.value', { id: credential.id })
              .then((value) => navigator.clipboard.writeText(value))
              .then(() => setNotice(`Copied ${label}.`))
              .catch((e) => setNotice(`Not copied: ${message(e)}`))
          }
        />
      );
  }
}
