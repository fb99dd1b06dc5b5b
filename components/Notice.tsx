import { useEffect, useRef } from 'preact/hooks';

interface Props {
  text?: string;
  /** Offered with the notice, e.g. "Undo" after a deletion. */
  action?: { label: string; run: () => void };
}

/**
 * The one line where a screen says what just happened; read out by screen readers. When
 * what the user acted on is gone with the action (a deleted row, the Undo just pressed),
 * keyboard focus comes here, to the offered action or the line itself, rather than falling
 * back to the start of the page.
 */
export function Notice({ text, action }: Props) {
  const line = useRef<HTMLParagraphElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const offered = !!(text && action);
  useEffect(() => {
    const focused = document.activeElement;
    if (text && (!focused || focused === document.body)) (button.current ?? line.current)?.focus();
  }, [text, offered]);
  return (
    <div class="notice-line">
      <p role="status" class="notice" tabIndex={-1} ref={line}>
        {text}
      </p>
      {offered && (
        <button type="button" class="small" onClick={action?.run} ref={button}>
          {action?.label}
        </button>
      )}
    </div>
  );
}
