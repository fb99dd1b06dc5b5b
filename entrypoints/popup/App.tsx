import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { send } from '@/utils/protocol/client';
import type { Settings } from '@/utils/vault/types';
import { useFileDialogs } from './hooks/useFileDialogs';
import { usePagePort } from './hooks/usePagePort';
import { useStatus } from './hooks/useStatus';
import { useVaultList, type VaultState } from './hooks/useVaultList';
import { errorMessage } from './lib/wording';
import { AddScreen } from './screens/AddScreen';
import { ExportScreen } from './screens/ExportScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { ListScreen } from './screens/ListScreen';
import { LockedScreen } from './screens/LockedScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SetupScreen } from './screens/SetupScreen';

type Route =
  | { name: 'loading' }
  | { name: 'setup' }
  | { name: 'locked' }
  | { name: 'list' }
  | { name: 'history'; appId: string }
  | { name: 'export'; appId: string }
  | { name: 'add' }
  | { name: 'settings'; settings: Settings };

const FIRST_SCREEN: Record<VaultState, Route> = {
  setup: { name: 'setup' },
  locked: { name: 'locked' },
  unlocked: { name: 'list' },
};

/** The popup (or the same page in a tab): which screen is shown, and the moves between them. */
export function App() {
  const [route, setRoute] = useState<Route>({ name: 'loading' });
  const status = useStatus();
  /** The search outlives the list screen: back from an App's history, the list is still narrowed. */
  const [query, setQuery] = useState('');
  const files = useFileDialogs();
  usePagePort();
  const { update, clear } = status;
  /** The first screen again (`start`, below), for a change heard while the first-run screen shows. */
  const restart = useRef<() => Promise<void>>();
  const shown = useRef(route);
  shown.current = route;
  // Locked elsewhere (auto-lock, another page): what the status line said belonged to the
  // unlocked vault (an Undo of a deletion the lock made final, an error of a form now gone).
  const vault = useVaultList(
    useCallback(() => {
      clear();
      // A first-run screen has no vault to lock: it stays, with what the user typed.
      setRoute((shown) => (shown.name === 'setup' ? shown : { name: 'locked' }));
    }, [clear]),
    // A vault created or restored elsewhere (another OnceKey tab), which leaves it unlocked:
    // the first-run screen no longer applies, so the vault's list replaces it. (The background
    // tells open pages once the new vault is unlocked, not only when it is written: handlers.ts.)
    // Any other change, or no answer, leaves this screen as it is, with what the user typed.
    () => {
      if (shown.current.name !== 'setup') return;
      send('vault.status', {})
        .then(({ exists, locked }) =>
          exists && !locked && shown.current.name === 'setup' ? restart.current?.() : undefined,
        )
        .catch(() => {});
    },
  );

  /** The screen the vault calls for: at first, and after it is created, restored, unlocked or locked. */
  const { open } = vault;
  const start = useCallback(async () => {
    const failed = (e: unknown) => {
      update({ error: errorMessage(e) });
      setRoute({ name: 'locked' });
    };
    // The list painted from the stored one, and the background says otherwise: its screen
    // instead, once the first screen is set (the answer may come before).
    const correct = (checked: VaultState | Error) => {
      if (checked instanceof Error) return failed(checked);
      clear();
      setRoute(FIRST_SCREEN[checked]);
    };
    const correction: { shown: boolean; pending?: VaultState | Error } = { shown: false };
    try {
      const state = await open((checked) => {
        if (correction.shown) correct(checked);
        else correction.pending = checked;
      });
      setRoute(FIRST_SCREEN[state]);
    } catch (e) {
      failed(e);
    }
    correction.shown = true;
    if (correction.pending !== undefined) correct(correction.pending);
  }, [open, update, clear]);

  restart.current = start;
  useLayoutEffect(() => {
    void start();
  }, [start]);

  /** The user moves to another screen: a notice belongs to the screen it was given on. */
  const go = (next: Route) => {
    status.clear();
    setRoute(next);
  };
  const toList = () => go({ name: 'list' });
  /** After an action: an App's history, or the list, with what the action said. */
  const show = (appId?: string) => setRoute(appId ? { name: 'history', appId } : { name: 'list' });

  // An App deleted (here or elsewhere) has no screen any more: the list instead, the notice kept.
  const app = 'appId' in route ? vault.apps.find((a) => a.id === route.appId) : undefined;
  const gone = 'appId' in route && !app;
  useEffect(() => {
    if (gone) setRoute({ name: 'list' });
  }, [gone]);

  const list = (
    <ListScreen
      apps={vault.apps}
      complete={vault.complete}
      unopened={vault.unopened}
      reload={vault.reload}
      status={status}
      query={query}
      onQuery={setQuery}
      onLocked={start}
      onHistory={(a) => go({ name: 'history', appId: a.id })}
      onExport={(a) => go({ name: 'export', appId: a.id })}
      onAdd={() => go({ name: 'add' })}
      onSettings={(settings) => go({ name: 'settings', settings })}
      onShow={show}
    />
  );
  switch (route.name) {
    case 'loading':
      return <p class="screen muted">Opening OnceKey…</p>;
    case 'setup':
      return <SetupScreen status={status} files={files} onOpened={start} />;
    case 'locked':
      return <LockedScreen status={status} onOpened={start} />;
    case 'list':
      return list;
    case 'history':
      return app ? (
        <HistoryScreen app={app} reload={vault.reload} status={status} onBack={toList} onShow={show} />
      ) : (
        list
      );
    case 'export':
      return app ? <ExportScreen app={app} reload={vault.reload} status={status} onBack={toList} /> : list;
    case 'add':
      return <AddScreen reload={vault.reload} status={status} onBack={toList} onShow={show} />;
    case 'settings':
      return <SettingsScreen settings={route.settings} status={status} files={files} onBack={toList} />;
  }
}
