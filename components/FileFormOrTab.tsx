import type { ComponentChildren } from 'preact';

interface Props {
  /** Whether this page is a tab, where a file dialog keeps the page open. */
  inTab: boolean;
  onOpenTab: () => void;
  /** The form with the file field. */
  children: ComponentChildren;
}

/**
 * A file form where file dialogs work; in the toolbar popup, which some browsers close when
 * the dialog takes the focus, a button that opens OnceKey in a tab instead.
 */
export function FileFormOrTab({ inTab, onOpenTab, children }: Props) {
  if (inTab) return <>{children}</>;
  return (
    <button type="button" onClick={onOpenTab}>
      Open OnceKey in a tab to choose the file
    </button>
  );
}
