interface Props {
  value: string;
  onInput: (value: string) => void;
}

/** The vault's search box; the label stays for assistive technology, the placeholder shows what it finds. */
export function SearchField({ value, onInput }: Props) {
  return (
    <label class="search">
      <span class="sr-only">Search</span>
      <input
        type="search"
        value={value}
        placeholder="Search Apps, kinds, @handles"
        autocomplete="off"
        spellcheck={false}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </label>
  );
}
