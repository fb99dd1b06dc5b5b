import { useId, useState } from 'preact/hooks';
import { localDay, rotateByAt, rotateByDay } from '@/utils/rotation';

interface Props {
  /** "API Key", for the field's name. */
  label: string;
  /** The date the user set, if any. */
  rotateBy?: number;
  now: number;
  /** The end of the day picked, where the user is (rotateByAt), or null for the kind's period again. */
  onSave: (at: number | null) => void;
}

/**
 * Reminders by date as well as by period: the current version's own "rotate by" date. The
 * badge and the notifications follow it; clearing it brings back the kind's period.
 */
export function RotateByForm({ label, rotateBy, now, onSave }: Props) {
  const id = useId();
  // Days where the user is: the one picked is theirs, and today is the earliest (min).
  const [day, setDay] = useState(rotateBy === undefined ? '' : rotateByDay(rotateBy));
  const at = day ? rotateByAt(day) : Number.NaN;
  return (
    <form
      class="rotate-by"
      onSubmit={(e) => {
        e.preventDefault();
        if (!Number.isNaN(at)) onSave(at);
      }}
    >
      <label for={id}>Rotate {label} by</label>
      <input id={id} type="date" value={day} min={localDay(now)} onInput={(e) => setDay(e.currentTarget.value)} />
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
