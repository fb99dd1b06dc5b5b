import { Component } from 'preact';
import { useMemo, useRef } from 'preact/hooks';
import type { AppSummary } from '@/utils/vault/types';
import { type AppActions, AppGroup } from './AppGroup';
import { useWindow } from './useWindow';

/**
 * Up to this many credentials the list is rendered whole (Find in page sees them all);
 * beyond, only what is in view: a row is about 100 px, so that is some seven screenfuls.
 * The first Apps of a vault still opening are rendered as a big one is: only what is in view.
 */
export const WINDOW_FROM = 40;
interface Props extends AppActions {
  /** The Apps to list (searched: their credentials are the ones to show). */
  shown: AppSummary[];
  /** Each App as the vault gave it, by id: its history needs every version. */
  byId: Map<string, AppSummary>;
  now: number;
  title: (app: AppSummary) => string;
  /**
   * Only the first Apps are in hand, the rest on its way (the popup opening): rendered as a big
   * vault is, only what is in view, so the first paint lays out a screenful, not all of them.
   */
  partial?: boolean;
}

type GroupProps = Parameters<typeof AppGroup>[0];

/**
 * An App group renders again only if what it shows changed. The clock moves on every
 * render of the page; badges and ages are in days, so a minute's difference shows nothing new.
 */
const sameGroup = (a: GroupProps, b: GroupProps) =>
  a.app === b.app &&
  a.title === b.title &&
  a.credentials === b.credentials &&
  a.revealed === b.revealed &&
  Math.abs(a.now - b.now) < 60_000 &&
  a.onCopy === b.onCopy &&
  a.onReveal === b.onReveal &&
  a.onHide === b.onHide &&
  a.onHistory === b.onHistory &&
  a.onExport === b.onExport;
/** AppGroup, rendered again only when `sameGroup` says it changed (preact/compat's memo would bring all of compat). */
class Group extends Component<GroupProps> {
  override shouldComponentUpdate(next: GroupProps): boolean {
    return !sameGroup(this.props, next);
  }
  override render() {
    return <AppGroup {...this.props} />;
  }
}

/**
 * The vault's Apps. A big vault renders only the Apps in view and a screenful either side
 * (useWindow), so opening the popup, a keystroke in Search and a scroll each render a few
 * Apps, not a thousand credentials.
 */
export function AppList({ shown, byId, now, title, revealed, partial = false, ...actions }: Props) {
  // The page passes new functions on every render; the groups get stable ones that call the latest.
  const latest = useRef(actions);
  latest.current = actions;
  const stable = useMemo<Required<Omit<AppActions, 'revealed'>>>(
    () => ({
      onCopy: (credential, label) => latest.current.onCopy(credential, label),
      onReveal: (credential) => latest.current.onReveal?.(credential),
      onHide: () => latest.current.onHide?.(),
      onHistory: (app) => latest.current.onHistory(app),
      onExport: (app) => latest.current.onExport?.(app),
    }),
    [],
  );
  const windowed = partial || shown.reduce((n, app) => n + app.credentials.length, 0) > WINDOW_FROM;
  const list = useRef<HTMLDivElement>(null);
  const { start, end, before, after } = useWindow(list, shown, windowed);
  return (
    <div class="app-list" ref={list} style={windowed ? { paddingTop: before, paddingBottom: after } : undefined}>
      {shown.slice(start, end).map((app) => (
        <Group
          key={app.id}
          app={byId.get(app.id) ?? app}
          title={title(app)}
          credentials={app.credentials}
          now={now}
          revealed={revealed && app.credentials.some((c) => c.id === revealed.id) ? revealed : undefined}
          onCopy={stable.onCopy}
          onReveal={actions.onReveal && stable.onReveal}
          onHide={actions.onHide && stable.onHide}
          onHistory={stable.onHistory}
          onExport={actions.onExport && stable.onExport}
        />
      ))}
    </div>
  );
}
