import { Component } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AppSummary } from '@/utils/vault/types';
import { type AppActions, AppGroup } from './AppGroup';

/** Apps rendered at once: more than the popup shows. The rest follow a chunk at a time. */
export const FIRST_SCREEN_APPS = 12;
/** Apps rendered per task after the first screenful: short enough for a keystroke to get in between. */
export const APPS_PER_CHUNK = 40;

interface Props extends AppActions {
  /** The Apps to list (searched: their credentials are the ones to show). */
  shown: AppSummary[];
  /** Each App as the vault gave it, by id: its history needs every version. */
  byId: Map<string, AppSummary>;
  /** What the list is for (the search): a new one paints its first screenful first again. */
  query: string;
  now: number;
  title: (app: AppSummary) => string;
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

/** Runs `task` in a task of its own, soon: after any input waiting (a MessagePort, not a clamped timer). */
function nextTask(task: () => void): () => void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => task();
  channel.port2.postMessage(null);
  return () => channel.port1.close();
}

/**
 * How many of the Apps to render: the first screenful in the first frame, then the rest a
 * chunk per task, so typing and scrolling are never held up by a thousand rows. Starts over
 * for a new search, whose first screenful is all a keystroke waits for.
 */
function useProgressive(total: number, key: string): number {
  const [state, setState] = useState({ key, count: FIRST_SCREEN_APPS });
  const count = state.key === key ? state.count : FIRST_SCREEN_APPS;
  useEffect(() => {
    if (count >= total) return;
    let cancelTask = () => {};
    const grow = () => {
      cancelTask = nextTask(() => setState({ key, count: count + APPS_PER_CHUNK }));
    };
    if (count > FIRST_SCREEN_APPS) {
      grow();
      return () => cancelTask();
    }
    // The first screenful is painted before the rest starts: a frame, then the next task.
    const frame = requestAnimationFrame(grow);
    return () => {
      cancelAnimationFrame(frame);
      cancelTask();
    };
  }, [key, count, total]);
  return Math.min(count, total);
}

/** The vault's Apps, painted a screenful first. */
export function AppList({ shown, byId, query, now, title, revealed, ...actions }: Props) {
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
  const count = useProgressive(shown.length, query);
  return (
    <>
      {shown.slice(0, count).map((app) => (
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
    </>
  );
}
