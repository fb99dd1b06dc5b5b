import { AddCredentialForm } from '@/components/AddCredentialForm';
import { isoDay } from '@/utils/rotation';
import type { AppSummary } from '@/utils/vault/types';
import { useAddCredential } from '../hooks/useAddCredential';
import type { Status } from '../hooks/useStatus';

interface Props {
  reload: () => Promise<AppSummary[]>;
  status: Status;
  onBack: () => void;
  /** After adding: the history of the App the credential joined. */
  onShow: (appId?: string) => void;
}

/** Credentials the user had before OnceKey, pasted in; each starts (or joins) an App by name. */
export function AddScreen({ reload, status, onBack, onShow }: Props) {
  const add = useAddCredential({ status, reload, onShow });
  return (
    <div class="screen">
      <header class="bar">
        <h1>Add credentials</h1>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </header>
      <p class="muted">For keys you saved before OnceKey. To add to an App already here, open its History.</p>
      <AddCredentialForm newApp today={isoDay(Date.now())} onAdd={(credential) => void add(credential)} />
      {status.error && (
        <p role="alert" class="error">
          {status.error}
        </p>
      )}
    </div>
  );
}
