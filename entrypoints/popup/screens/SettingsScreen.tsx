import { useEffect, useState } from 'preact/hooks';
import { BackupFileForm } from '@/components/BackupFileForm';
import { CommandLineSettings } from '@/components/CommandLineSettings';
import { FileFormOrTab } from '@/components/FileFormOrTab';
import { SettingsView } from '@/components/SettingsView';
import type { KdfPreset } from '@/utils/crypto/kdf-presets';
import { send } from '@/utils/protocol/client';
import { isoDay } from '@/utils/rotation';
import { MAX_BACKUP_CHARS } from '@/utils/vault/backup/format';
import type { KdfInfo, Settings } from '@/utils/vault/types';
import { useAction } from '../hooks/useAction';
import { useCommandLine } from '../hooks/useCommandLine';
import type { FileDialogs } from '../hooks/useFileDialogs';
import type { Status } from '../hooks/useStatus';
import { download } from '../lib/download';
import { inspectBackup } from '../lib/inspect-backup';
import { CLIPBOARD_HISTORY } from '../lib/wording';

interface Props {
  /** As read when the user asked for this screen. */
  settings: Settings;
  status: Status;
  files: FileDialogs;
  onBack: () => void;
}

/** Timeouts and reminders, the key derivation's strength, the passphrase, backups. */
export function SettingsScreen({ settings: initial, status, files, onBack }: Props) {
  const commandLine = useCommandLine();
  const [settings, setSettings] = useState(initial);
  const [kdf, setKdf] = useState<KdfInfo>();
  const [kdfTimes, setKdfTimes] = useState<Record<KdfPreset, number>>();
  useEffect(() => {
    // Both fill in once known (the unlock times are estimated from the last unlock). Unknown,
    // the view keeps saying it is reading and measuring.
    void send('vault.kdf', {})
      .then(setKdf)
      .catch(() => {});
    void send('kdf.estimate', {})
      .then(setKdfTimes)
      .catch(() => {});
  }, []);
  // Saving a setting or downloading a backup leaves the forms usable; the forms' own work holds them.
  const quick = useAction(status);
  const slow = useAction(status);

  return (
    <SettingsView
      settings={settings}
      busy={slow.busy}
      message={status.notice ?? status.error}
      onBack={onBack}
      onBackup={() =>
        void quick.run(async () => {
          const text = await send('backup.create', {});
          const fileName = `oncekey-backup-${isoDay(Date.now())}.json`;
          download(text, fileName, 'application/json');
          status.update({ notice: `Downloaded ${fileName}. It opens only with your passphrase.` });
        })
      }
      mergeForm={
        <FileFormOrTab inTab={files.inTab} onOpenTab={files.openInTab}>
          <BackupFileForm
            action="Merge backup"
            busy={slow.busy}
            maxBytes={MAX_BACKUP_CHARS}
            inspect={(text) => inspectBackup(text, 'merge')}
            onSubmit={(text, passphrase) =>
              void slow.run(async () => {
                const { added, skipped } = await send('backup.merge', { text, passphrase });
                status.update({ notice: `Merged the backup: ${added} added, ${skipped} already in this vault.` });
              })
            }
          />
        </FileFormOrTab>
      }
      commandLine={<CommandLineSettings {...commandLine} />}
      kdf={kdf}
      kdfTimes={kdfTimes}
      onChange={(changes) =>
        void quick.run(async () => {
          setSettings(await send('settings.set', changes));
          status.update({ notice: 'Settings saved.' });
        })
      }
      onStrength={(passphrase, strength) =>
        slow.run(async () => {
          await send('vault.changePassphrase', { oldPassphrase: passphrase, newPassphrase: passphrase, strength });
          setKdf(await send('vault.kdf', {}));
          status.update({ notice: 'Strength changed. Unlocking now takes about as long as shown above.' });
        })
      }
      clipboardHistory={CLIPBOARD_HISTORY}
      onRekey={(oldPassphrase, newPassphrase) =>
        slow.run(async () => {
          await send('vault.rekey', { oldPassphrase, newPassphrase });
          status.update({
            notice:
              'Everything is re-encrypted under a new key. Use the new passphrase from now on, and download a new backup: old ones open only with the old passphrase.',
          });
        })
      }
      onChangePassphrase={(oldPassphrase, newPassphrase) =>
        slow.run(async () => {
          await send('vault.changePassphrase', { oldPassphrase, newPassphrase });
          status.update({ notice: 'Passphrase changed. Use the new one from now on.' });
        })
      }
    />
  );
}
