import { BackupFileForm } from '@/components/BackupFileForm';
import { FileFormOrTab } from '@/components/FileFormOrTab';
import { SetupForm } from '@/components/SetupForm';
import { RequestError, send } from '@/utils/protocol/client';
import { MAX_BACKUP_CHARS } from '@/utils/vault/backup/format';
import { useAction } from '../hooks/useAction';
import type { FileDialogs } from '../hooks/useFileDialogs';
import type { Status } from '../hooks/useStatus';
import { inspectBackup } from '../lib/inspect-backup';
import { plural } from '../lib/wording';

interface Props {
  status: Status;
  files: FileDialogs;
  /** The vault exists now: show the screen it calls for. */
  onOpened: () => Promise<void>;
}

/** First run: create a vault, or restore one from a backup. */
export function SetupScreen({ status, files, onOpened }: Props) {
  const { busy, run } = useAction(status);
  /**
   * Runs `work`; if a vault was made meanwhile elsewhere (another OnceKey tab), shows that
   * vault's screen, saying so, instead of an error on a first-run screen that no longer applies.
   */
  const unlessMade = async (work: () => Promise<void>, nothing: string) => {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof RequestError && error.code === 'vault-exists')) throw error;
      // Said where the locked screen says things: its alert.
      status.update({ error: `A vault was created in another OnceKey tab meanwhile: ${nothing}` });
      await onOpened();
    }
  };
  return (
    <>
      <SetupForm
        busy={busy}
        error={status.error}
        onCreate={(passphrase) =>
          void run(() =>
            unlessMade(async () => {
              await send('vault.create', { passphrase });
              await onOpened();
            }, 'unlock it with its passphrase.'),
          )
        }
      />
      <details class="screen restore">
        <summary>Restore from a backup</summary>
        <FileFormOrTab inTab={files.inTab} onOpenTab={files.openInTab}>
          <BackupFileForm
            action="Restore"
            busy={busy}
            maxBytes={MAX_BACKUP_CHARS}
            inspect={(text) => inspectBackup(text, 'restore')}
            onSubmit={(text, passphrase) =>
              void run(() =>
                unlessMade(async () => {
                  const { apps, credentials } = await send('backup.restore', { text, passphrase });
                  status.update({
                    notice: `Restored ${plural(apps, 'App')} and ${plural(credentials, 'credential')}.`,
                  });
                  await onOpened();
                }, 'nothing was restored; unlock it, then merge the backup in Settings.'),
              )
            }
          />
        </FileFormOrTab>
      </details>
    </>
  );
}
