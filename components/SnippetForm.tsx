import { useId, useState } from 'preact/hooks';
import { SNIPPETS, type SnippetId } from '@/utils/export/snippets';

export interface SnippetChoice {
  snippet: SnippetId;
  /** Write the values into the code instead of reading the variables. */
  inline: boolean;
}

interface Props {
  disabled: boolean;
  onCopy: (choice: SnippetChoice) => void;
}

/**
 * Copy as code: a library's snippet for this App, reading the variables named above (the
 * export's naming) unless the user asks for the values in the code, which then leave the
 * clipboard like a copied value.
 */
export function SnippetForm({ disabled, onCopy }: Props) {
  const [snippet, setSnippet] = useState<SnippetId>(SNIPPETS[0].id);
  const [inline, setInline] = useState(false);
  const ids = { snippet: useId() };
  const label = SNIPPETS.find((s) => s.id === snippet)?.label ?? snippet;
  return (
    <details class="nested snippets">
      <summary>Copy as code</summary>
      <label class="field" for={ids.snippet}>
        Library
        <select id={ids.snippet} value={snippet} onChange={(e) => setSnippet(e.currentTarget.value as SnippetId)}>
          {SNIPPETS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" checked={inline} onChange={(e) => setInline(e.currentTarget.checked)} />
        Write the values into the code (not the variables)
      </label>
      <button type="button" disabled={disabled} onClick={() => onCopy({ snippet, inline })}>
        Copy {label} code
      </button>
    </details>
  );
}
