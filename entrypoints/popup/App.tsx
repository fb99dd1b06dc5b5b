import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { HistoryView } from '@/components/HistoryView';
import { SettingsView } from '@/components/SettingsView';
import { SetupForm } from '@/components/SetupForm';
import { UnlockForm } from '@/components/UnlockForm';
import { VaultView } from '@/components/VaultView';
import { send } from '@/utils/client';
import { LOCKED_NOTICE } from '@/utils/messages';
import type { AppSummary, Settings } from '@/utils/vault/vault';

type Screen =
  | { name: 'loading' }
  | { name: 'setup' }
  | { name: 'locked' }
  | { name: 'unlocked'; apps: AppSummary[] }
  | { name: 'history'; apps: AppSummary[]; app: AppSummary }
  | { name: 'settings'; apps: AppSummary[]; settings: Settings };

const REVEAL_MS = 10_000;

const message = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong.');

export function App() {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [query, setQuery] = useState('');
  const [revealed, setRevealed] = useState<{ id: string; value: string }>();

  // A revealed value hides itself after a few seconds, and when the popup loses focus.
  useEffect(() => {
    if (!revealed) return;
    const timer = setTimeout(() => setRevealed(undefined), REVEAL_MS);
    const hide = () => setRevealed(undefined);
    window.addEventListener('blur', hide);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('blur', hide);
    };
  }, [revealed]);

  const refresh = useCallback(async () => {
    setRevealed(undefined);
    try {
      // Both at once: one round trip to the background when the vault is unlocked.
      const [status, listed] = await Promise.all([
        send('vault.status', {}),
        send('vault.list', {}).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
      ]);
      if (!status.exists) setScreen({ name: 'setup' });
      else if (status.locked) setScreen({ name: 'locked' });
      else if (listed instanceof Error) throw listed;
      else setScreen({ name: 'unlocked', apps: listed });
    } catch (e) {
      setError(message(e));
      setScreen({ name: 'locked' });
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onMessage = (notice: unknown) => {
      if ((notice as { type?: unknown })?.type === LOCKED_NOTICE.type) {
        setRevealed(undefined);
        setScreen({ name: 'locked' });
      }
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

  /** Moves between the unlocked screens; a notice belongs to the screen it was given on. */
  const go = (next: Screen) => {
    setRevealed(undefined);
    setNotice(undefined);
    setError(undefined);
    setScreen(next);
  };

  /** Runs a change to one App, then shows its history again with what the vault now holds. */
  const changeApp = async (appId: string, change: () => Promise<unknown>, done?: string) => {
    try {
      await change();
      const apps = await send('vault.list', {});
      const app = apps.find((a) => a.id === appId);
      setScreen(app ? { name: 'history', apps, app } : { name: 'unlocked', apps });
      if (done) setNotice(done);
    } catch (e) {
      setError(message(e));
    }
  };

  const copy = async (id: string, label: string) => {
    try {
      await navigator.clipboard.writeText(await send('credential.value', { id }));
      const { clearsInSeconds } = await send('clipboard.copied', { id });
      setNotice(
        clearsInSeconds === null
          ? `Copied ${label}.`
          : `Copied ${label}. The clipboard is cleared in ${clearsInSeconds} s if it still holds it.`,
      );
    } catch (e) {
      setNotice(`Not copied: ${message(e)}`);
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
          now={Date.now()}
          query={query}
          onQuery={setQuery}
          onLock={() => void act(() => send('vault.lock', {}))()}
          onCopy={(credential, label) => void copy(credential.id, label)}
          revealed={revealed}
          onReveal={(credential) =>
            void send('credential.value', { id: credential.id })
              .then((value) => setRevealed({ id: credential.id, value }))
              .catch((e) => setNotice(`Not shown: ${message(e)}`))
          }
          onHide={() => setRevealed(undefined)}
          onHistory={(app) => go({ name: 'history', apps: screen.apps, app })}
        >
          <button
            type="button"
            onClick={() =>
              void send('settings.get', {})
                .then((settings) => go({ name: 'settings', apps: screen.apps, settings }))
                .catch((e) => setError(message(e)))
            }
          >
            Settings
          </button>
        </VaultView>
      );
    case 'history':
      return (
        <HistoryView
          app={screen.app}
          now={Date.now()}
          notice={notice ?? error}
          onBack={() => go({ name: 'unlocked', apps: screen.apps })}
          onMark={(credential, as) =>
            void changeApp(screen.app.id, () => send('credential.mark', { id: credential.id, as }))
          }
          onEdit={(changes) =>
            void changeApp(
              screen.app.id,
              () => send('app.update', { id: screen.app.id, ...changes }),
              'App details saved.',
            )
          }
        />
      );
    case 'settings':
      return (
        <SettingsView
          settings={screen.settings}
          busy={busy}
          message={notice ?? error}
          onBack={() => go({ name: 'unlocked', apps: screen.apps })}
          onChange={(changes) =>
            void send('settings.set', changes)
              .then((settings) => {
                setScreen({ ...screen, settings });
                setNotice('Settings saved.');
              })
              .catch((e) => setError(message(e)))
          }
          onChangePassphrase={(oldPassphrase, newPassphrase) => {
            setBusy(true);
            setError(undefined);
            void send('vault.changePassphrase', { oldPassphrase, newPassphrase })
              .then(() => setNotice('Passphrase changed. Use the new one from now on.'))
              .catch((e) => setError(message(e)))
              .finally(() => setBusy(false));
          }}
        />
      );
  }
}
