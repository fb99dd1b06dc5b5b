import { useEffect, useState } from 'preact/hooks';
import { kindLabel } from '@/components/CredentialRow';
import { HistoryView } from '@/components/HistoryView';
import { appTitle } from '@/components/VaultView';
import { send } from '@/utils/protocol/client';
import { rotateByDay } from '@/utils/rotation';
import type { AppEvent, AppSummary } from '@/utils/vault/types';
import { useAction } from '../hooks/useAction';
import { useAddCredential } from '../hooks/useAddCredential';
import type { Status } from '../hooks/useStatus';
import { useUndo } from '../hooks/useUndo';

interface Props {
  app: AppSummary;
  reload: () => Promise<AppSummary[]>;
  status: Status;
  onBack: () => void;
  /** After an action: this App's history again, another App's, or the list (its App deleted). */
  onShow: (appId?: string) => void;
}

/** The App's activity, newest first; read again whenever the vault gives a new App summary. */
function useEvents(app: AppSummary) {
  const [events, setEvents] = useState<AppEvent[]>();
  useEffect(() => {
    setEvents(undefined);
    let current = true;
    void send('app.events', { id: app.id })
      .then((list) => current && setEvents(list))
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [app]);
  return events;
}

/** One App: every version of its credentials, its details and activity; mark, add, delete. */
export function HistoryScreen({ app, reload, status, onBack, onShow }: Props) {
  const { run } = useAction(status);
  const events = useEvents(app);
  const add = useAddCredential({ status, reload, onShow });
  const undo = useUndo({ status, reload, onShow });

  /** Runs a change to this App, then shows it again with what the vault now holds. */
  const change = (work: () => Promise<unknown>, done?: string) =>
    void run(async () => {
      await work();
      await reload();
      status.update({ notice: done });
      onShow(app.id);
    });

  /** Deletes, then offers "Undo"; `stayOn` the App when only a version went. */
  const remove = (what: string, deletion: () => Promise<{ undoId: string }>, stayOn?: string) =>
    void run(async () => {
      const { undoId } = await deletion();
      await reload();
      status.update({ notice: `Deleted ${what}.`, undo: { undoId, ...(stayOn ? { appId: stayOn } : {}) } });
      onShow(stayOn);
    });

  return (
    <HistoryView
      app={app}
      now={Date.now()}
      notice={status.notice ?? status.error}
      events={events}
      action={undo}
      onBack={onBack}
      onAdd={(credential) => void add(credential, app.id)}
      onDeleteCredential={(credential) =>
        remove(
          `${kindLabel(credential.kind)} v${credential.version}`,
          () => send('credential.delete', { id: credential.id }),
          app.id,
        )
      }
      onDeleteApp={() => remove(appTitle(app), () => send('app.delete', { id: app.id }))}
      onMark={(credential, as) => change(() => send('credential.mark', { id: credential.id, as }))}
      onStillWorks={(credential) =>
        change(
          () => send('credential.stillWorks', { id: credential.id }),
          `${kindLabel(credential.kind)} is no longer marked possibly stale.`,
        )
      }
      onRotateBy={(credential, at) =>
        change(
          () => send('credential.rotateBy', { id: credential.id, at }),
          at === null
            ? `${kindLabel(credential.kind)} follows its rotation period again.`
            : `${kindLabel(credential.kind)}: rotate by ${rotateByDay(at)}.`,
        )
      }
      onMakeCurrent={(credential) =>
        change(
          () => send('credential.makeCurrent', { id: credential.id }),
          `${kindLabel(credential.kind)} v${credential.version} is current again.`,
        )
      }
      onEdit={(changes) => change(() => send('app.update', { id: app.id, ...changes }), 'App details saved.')}
    />
  );
}
