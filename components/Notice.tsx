interface Props {
  text?: string;
  /** Offered with the notice, e.g. "Undo" after a deletion. */
  action?: { label: string; run: () => void };
}

/** The one line where a screen says what just happened; read out by screen readers. */
export function Notice({ text, action }: Props) {
  return (
    <div class="notice-line">
      <p role="status" class="notice">
        {text}
      </p>
      {text && action && (
        <button type="button" class="small" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>
  );
}
