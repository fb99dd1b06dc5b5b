import { UnopenedNotice } from '@/components/UnopenedNotice';
import { VaultView } from '@/components/VaultView';
import { send } from '@/utils/protocol/client';
import type { AppSummary, Settings } from '@/utils/vault/types';
import { useAction } from '../hooks/useAction';
import { useReveal } from '../hooks/useReveal';
import type { Status } from '../hooks/useStatus';
import { useUndo } from '../hooks/useUndo';
import { useUnopened } from '../hooks/useUnopened';
import { CLIPBOARD_HISTORY, copiedNotice } from '../lib/wording';

/** Set once the user has been told about clipboard-history tools, with their first copy. */
const TOLD_KEY = 'oncekey.clipboardHistoryTold';

interface Props {
  apps: AppSummary[];
  /** False while only the first Apps are in hand. */
  complete: boolean;
  /** Captures saved while locked that could not be opened. */
  unopened: number;
  reload: () => Promise<AppSummary[]>;
  status: Status;
  /** The search, kept by the page so that it outlives a visit to another screen. */
  query: string;
  onQuery: (query: string) => void;
  /** The vault is locked now: show the locked screen. */
  onLocked: () => Promise<void>;
  onHistory: (app: AppSummary) => void;
  onExport: (app: AppSummary) => void;
  onAdd: () => void;
  onSettings: (settings: Settings) => void;
  /** After an undo: the App's history, or this list. */
  onShow: (appId?: string) => void;
}

/** The unlocked vault: find an App, copy or reveal a value, lock. */
export function ListScreen({
  apps,
  complete,
  unopened,
  reload,
  status,
  query,
  onQuery,
  onLocked,
  onHistory,
  onExport,
  onAdd,
  onSettings,
  onShow,
}: Props) {
  const { run } = useAction(status);
  const reveal = useReveal();
  const undo = useUndo({ status, reload, onShow });
  const unopenedCaptures = useUnopened(unopened, status);

  return (
    <VaultView
      apps={apps}
      complete={complete}
      warning={
        unopenedCaptures.shown > 0 && (
          <UnopenedNotice
            count={unopenedCaptures.shown}
            onDismiss={unopenedCaptures.dismiss}
            onDelete={() => void unopenedCaptures.remove()}
          />
        )
      }
      notice={status.notice ?? status.error}
      action={undo}
      now={Date.now()}
      query={query}
      onQuery={onQuery}
      onLock={() =>
        void run(async () => {
          await send('vault.lock', {});
          await onLocked();
        })
      }
      onCopy={(credential, label) =>
        void run(
          async () => {
            const value = await send('credential.value', { id: credential.id });
            // The clear is scheduled before the value is on the clipboard: a popup closed (or a
            // vault locked) between the two would otherwise leave it there for good. A clear
            // that runs when the write did not happen finds something else, and leaves it.
            const { clearsInSeconds } = await send('clipboard.copied', { id: credential.id });
            await navigator.clipboard.writeText(value);
            const told = localStorage.getItem(TOLD_KEY) !== null;
            localStorage.setItem(TOLD_KEY, '1');
            status.update({ notice: `${copiedNotice(label, clearsInSeconds)}${told ? '' : ` ${CLIPBOARD_HISTORY}`}` });
          },
          (error) => ({ notice: `Not copied: ${error}` }),
        )
      }
      revealed={reveal.revealed}
      onReveal={(credential) =>
        void run(
          async () => reveal.show({ id: credential.id, value: await send('credential.value', { id: credential.id }) }),
          (error) => ({ notice: `Not shown: ${error}` }),
        )
      }
      onHide={reveal.hide}
      onHistory={onHistory}
      onExport={onExport}
    >
      <button type="button" onClick={onAdd}>
        Add
      </button>
      {/* The list stays until the settings arrive; if they cannot be read, it says why. */}
      <button type="button" onClick={() => void run(async () => onSettings(await send('settings.get', {})))}>
        Settings
      </button>
    </VaultView>
  );
}
