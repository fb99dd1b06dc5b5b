import { useId, useState } from 'preact/hooks';
import { isoDay } from '@/utils/rotation';

interface Props {
  /** "API Key", for the field's name. */
  label: string;
  /** The date the user set, if any. */
  rotateBy?: number;
  now: number;
  /** A day (midnight UTC), or null for the kind's period again. */
  onSave: (at: number | null) => void;
}

/**
 * Reminders by date as well as by period: the current version's own "rotate by" date. The
 * badge and the notifications follow it; clearing it brings back the kind's period.
 */
export function RotateByForm({ label, rotateBy, now, onSave }: Props) {
  const id = useId();
  const [day, setDay] = useState(rotateBy === undefined ? '' : isoDay(rotateBy));
  const at = day ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  return (
    <form
      class="rotate-by"
      onSubmit={(e) => {
        e.preventDefault();
        if (!Number.isNaN(at)) onSave(at);
      }}
    >
      <label for={id}>Rotate {label} by</label>
      <input id={id} type="date" value={day} min={isoDay(now)} onInput={(e) => setDay(e.currentTarget.value)} />
      <button type="submit" class="small" disabled={Number.isNaN(at)}>
        Set date
      </button>
      {rotateBy !== undefined && (
        <button type="button" class="small" onClick={() => onSave(null)}>
          Use the {label}’s period again
        </button>
      )}
    </form>
  );
}
