import { UnlockForm } from '@/components/UnlockForm';
import { send } from '@/utils/protocol/client';
import { useAction } from '../hooks/useAction';
import type { Status } from '../hooks/useStatus';

interface Props {
  status: Status;
  /** The vault is unlocked: show its list. */
  onOpened: () => Promise<void>;
}

export function LockedScreen({ status, onOpened }: Props) {
  const { busy, run } = useAction(status);
  return (
    <UnlockForm
      busy={busy}
      error={status.error}
      onUnlock={(passphrase) =>
        void run(async () => {
          await send('vault.unlock', { passphrase });
          await onOpened();
        })
      }
    />
  );
}
