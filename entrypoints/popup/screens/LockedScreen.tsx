import { UnlockForm } from '@/components/UnlockForm';
import { send } from '@/utils/protocol/client';
import { useAction } from '../hooks/useAction';
import type { Status } from '../hooks/useStatus';

interface Props {
  status: Status;
  /** The vault is unlocked: show its list. */
  onOpened: () => Promise<void>;
}

/** After an unlock that found the stored public key swapped (a tampered profile), and repaired it. */
export const KEY_REPAIRED =
  "OnceKey's public key on disk had been changed: it is repaired, and captures saved while locked go to your vault's own key again. Captures sealed to the changed key cannot be opened; this profile may have been tampered with.";

export function LockedScreen({ status, onOpened }: Props) {
  const { busy, run } = useAction(status);
  return (
    <UnlockForm
      busy={busy}
      error={status.error}
      onUnlock={(passphrase) =>
        void run(async () => {
          const { keyRepaired } = await send('vault.unlock', { passphrase });
          if (keyRepaired) status.update({ notice: KEY_REPAIRED });
          await onOpened();
        })
      }
    />
  );
}
