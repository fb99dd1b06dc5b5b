import { useState } from 'preact/hooks';

interface Props {
  /** Captures saved while locked that the last unlock could not open. */
  count: number;
  onDismiss: () => void;
  /** Deletes them (after a second press to confirm). */
  onDelete: () => void;
}

const captures = (n: number) => `${n} capture${n === 1 ? '' : 's'}`;

/**
 * Captures sealed while locked that could not be opened: the inbox keeps them (nothing is
 * dropped silently), and the user hears that the profile may have been tampered with.
 */
export function UnopenedNotice({ count, onDismiss, onDelete }: Props) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section class="warning" aria-label="Captures that could not be opened">
      <p>{captures(count)} saved while locked could not be opened: this profile may have been tampered with.</p>
      <p class="muted">
        They are kept as they are. Values you saved on the portal then may be missing: check that App's keys.
      </p>
      <div class="actions">
        <button type="button" class="small" onClick={onDismiss}>
          Dismiss
        </button>
        <button
          type="button"
          class="small danger"
          onClick={() => {
            if (!confirming) return setConfirming(true);
            setConfirming(false);
            onDelete();
          }}
        >
          {confirming ? `Confirm: delete ${count === 1 ? 'it' : `all ${count}`}` : 'Delete them'}
        </button>
      </div>
    </section>
  );
}
