import type { NewCredential } from '@/components/AddCredentialForm';
import { kindLabel } from '@/components/CredentialRow';
import { send } from '@/utils/protocol/client';
import type { AppSummary } from '@/utils/vault/types';
import { useAction } from './useAction';
import type { Status } from './useStatus';

interface Options {
  status: Status;
  reload: () => Promise<AppSummary[]>;
  /** Shows the App the credential joined (its history), or the list. */
  onShow: (appId?: string) => void;
}

/** Adds a pasted credential to an App (or, by name, to a new one), then shows that App saying so. */
export function useAddCredential({ status, reload, onShow }: Options) {
  const { run } = useAction(status);
  return (credential: NewCredential, appId?: string) =>
    run(async () => {
      status.update({ undo: undefined });
      const { added } = await send('credential.add', { ...credential, ...(appId ? { appId } : {}) });
      const label = kindLabel(credential.kind);
      const apps = await reload();
      const app = appId
        ? apps.find((a) => a.id === appId)
        : apps.find((a) => a.appName === credential.appName && a.projectName === credential.projectName);
      status.update({ notice: added ? `Added ${label}.` : `That ${label} was already saved.` });
      onShow(app?.id);
    });
}
