import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { search, searchIndex } from '@/utils/search';
import type { AppSummary } from '@/utils/vault/types';
import type { AppActions } from './AppGroup';
import { AppList } from './AppList';
import { Notice } from './Notice';
import { SearchField } from './SearchField';

interface Props extends AppActions {
  apps: AppSummary[];
  /** False while only the first Apps are in hand (the popup opening): the rest is on its way. */
  complete?: boolean;
  notice?: string;
  /** Offered beside the notice ("Undo" after a deletion). */
  action?: { label: string; run: () => void };
  /** The clock for rotation badges, passed in so every row agrees and tests can fix it. */
  now: number;
  query: string;
  onQuery: (query: string) => void;
  onLock: () => void;
  /** Further controls for the header (Settings). */
  children?: ComponentChildren;
  /** A warning above the list (captures that could not be opened). */
  warning?: ComponentChildren;
}

export const appTitle = (app: AppSummary) =>
  app.appName ?? (app.portalAppId ? `App ${app.portalAppId}` : 'Unnamed App');

/** The unlocked vault: what has been saved, by App. */
export function VaultView({
  apps,
  complete = true,
  notice,
  action,
  now,
  query,
  onQuery,
  onLock,
  onCopy,
  revealed,
  onReveal,
  onHide,
  onHistory,
  onExport,
  children,
  warning,
}: Props) {
  // Search only what the list shows, so a handle found only on a superseded version does not
  // bring up an App with nothing under it. Indexed once per list, not per keystroke.
  const index = useMemo(
    () =>
      searchIndex(apps.map((app) => ({ ...app, credentials: app.credentials.filter((c) => c.status === 'active') }))),
    [apps],
  );
  const shown = useMemo(() => search(index, query), [index, query]);
  // History needs every version, so it gets the App as the vault gave it.
  const byId = useMemo(() => new Map(apps.map((app) => [app.id, app])), [apps]);
  return (
    <div class="screen">
      <header class="bar">
        <h1>OnceKey</h1>
        {children}
        <button type="button" onClick={onLock}>
          Lock
        </button>
      </header>
      {warning}
      <SearchField value={query} onInput={onQuery} />
      <Notice text={notice} action={action} />
      {apps.length === 0 ? (
        <div class="empty">
          <p>
            <strong>Nothing saved yet.</strong>
          </p>
          <p class="muted">
            Open an App's <em>Keys and tokens</em> tab on developer.x.com or console.x.com and press Regenerate (or
            create an App). When the portal shows the new values, press <strong>Save to OnceKey</strong> beside them.
          </p>
        </div>
      ) : shown.length === 0 ? (
        <p class="empty muted">{complete ? `No match for “${query.trim()}”.` : 'Searching…'}</p>
      ) : (
        <AppList
          shown={shown}
          byId={byId}
          title={appTitle}
          partial={!complete}
          now={now}
          onCopy={onCopy}
          revealed={revealed}
          onReveal={onReveal}
          onHide={onHide}
          onHistory={onHistory}
          onExport={onExport}
        />
      )}
      {!complete && <p class="muted">Opening the rest of the vault…</p>}
    </div>
  );
}
