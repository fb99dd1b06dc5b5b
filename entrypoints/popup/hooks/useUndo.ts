import { send } from '@/utils/protocol/client';
import { useAction } from './useAction';
import type { Status } from './useStatus';

interface Options {
  status: Status;
  reload: () => Promise<unknown>;
  /** Shows the App the deletion was made on (its history), or the list. */
  onShow: (appId?: string) => void;
}

/** "Undo" beside the notice of the last deletion, while there is one to undo. */
export function useUndo({ status, reload, onShow }: Options) {
  const { run } = useAction(status);
  const { undo } = status;
  if (!undo) return undefined;
  return {
    label: 'Undo',
    run: () =>
      void run(
        async () => {
          await send('delete.undo', { undoId: undo.undoId });
          status.update({ undo: undefined });
          await reload();
          status.update({ notice: 'Deletion undone.' });
          onShow(undo.appId);
        },
        (error) => ({ undo: undefined, error }),
      ),
  };
}
