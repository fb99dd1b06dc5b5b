export interface PanelItem {
  label: string;
  preview: string;
}

export type PanelState =
  | { state: 'ready' }
  | { state: 'saving' }
  | { state: 'saved'; message: string }
  | { state: 'error'; message: string };

interface Props {
  items: PanelItem[];
  status: PanelState;
  /** Receives the click itself: only a trusted (user) click may save. */
  onSave: (event: MouseEvent) => void;
}

const credentials = (n: number) => `${n} credential${n === 1 ? '' : 's'}`;

/** The in-page panel beside the values the portal shows once. */
export function CapturePanel({ items, status, onSave }: Props) {
  return (
    <section class="panel" aria-label="OnceKey">
      <p class="title">
        <span class="logo" aria-hidden="true">
          ⚷
        </span>
        OnceKey found {credentials(items.length)} shown once
      </p>
      <ul>
        {items.map((item) => (
          <li key={item.label}>
            <span>{item.label}</span> <code>{item.preview}</code>
          </li>
        ))}
      </ul>
      {status.state !== 'saved' && (
        <button type="button" disabled={status.state === 'saving'} onClick={(event) => onSave(event)}>
          Save to OnceKey ({credentials(items.length)})
        </button>
      )}
      {status.state === 'saved' && (
        <p role="status" class="saved">
          {status.message}
        </p>
      )}
      {status.state === 'error' && (
        <p role="alert" class="error">
          {status.message}
        </p>
      )}
    </section>
  );
}
